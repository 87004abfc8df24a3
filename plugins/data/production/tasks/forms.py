"""Multipart bodies: gazu posts comments that carry files (and batches of comments) as forms.

Files are measured, not kept: storing attachment and preview bytes belongs to
the file storage still to come, so only what the rows need (name, extension,
size, type) is read from each part.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from clapboard.errors import BadRequest

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Upload:
    """One file part of a form, measured while it was read."""

    field: str
    filename: str
    content_type: str | None
    size: int

    @property
    def extension(self) -> str:
        return os.path.splitext(self.filename)[1].lstrip(".").lower()[:6]


def is_form(req) -> bool:
    return (req.content_type or "").lower().startswith("multipart/form-data")


def read_form(req) -> tuple[dict[str, str], list[Upload]]:
    """The text fields and the file parts of a multipart body (read once per request: a
    transaction retried after a deadlock reads it again from here)."""

    kept = req.context.get("form")
    if kept is not None:
        return kept
    fields: dict[str, str] = {}
    uploads: list[Upload] = []
    for part in req.get_media():
        if part.filename:
            size = 0
            while True:
                chunk = part.stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
            uploads.append(Upload(part.name, os.path.basename(part.filename), part.content_type, size))
        else:
            try:
                fields[part.name] = part.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadRequest(f"Form field '{part.name}' is not UTF-8 text.") from exc
    req.context.form = (fields, uploads)
    return fields, uploads


def json_field(fields: dict, name: str, default=None):
    """A form field holding JSON (gazu encodes lists that way); ``default`` when absent."""

    raw = fields.get(name)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise BadRequest(f"Form field '{name}' is not valid JSON.") from exc


def flag_field(fields: dict, name: str) -> bool:
    """A boolean form field ("true"/"1" are true; gazu leaves out false ones)."""

    return str(fields.get(name, "")).strip().lower() in ("true", "1", "yes")
