"""Multipart bodies: gazu posts comments that carry files (and batches of comments) as forms.

What the rows need (name, extension, size, type) is read from each file part.
When a plugin keeps attachment bytes (``data_store_attachment``, the pictures
plugin), each file part is also written to a temporary file, never held whole
in memory; the file goes away with the request (it is deleted when closed).
Each upload carries the id its attachment row will have, so a transaction
retried after a deadlock writes the same row and the same stored object again.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from clapboard.errors import BadRequest

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Upload:
    """One file part of a form, measured while it was read."""

    field: str
    filename: str
    content_type: str | None
    size: int
    spooled: object | None = None  # the temporary file holding the bytes, when they are kept
    id: uuid.UUID = field(default_factory=uuid.uuid4)  # of the attachment row made from it

    @property
    def path(self) -> Path | None:
        return Path(self.spooled.name) if self.spooled is not None else None

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
    keep = _keeps_attachments(req.context.app)
    for part in req.get_media():
        if part.filename:
            spooled = _spool_file(req.context.app) if keep else None
            size = 0
            while True:
                chunk = part.stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if spooled is not None:
                    spooled.write(chunk)
            if spooled is not None:
                spooled.flush()
            uploads.append(Upload(part.name, os.path.basename(part.filename), part.content_type, size, spooled))
        else:
            try:
                fields[part.name] = part.data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise BadRequest(f"Form field '{part.name}' is not UTF-8 text.") from exc
    req.context.form = (fields, uploads)
    return fields, uploads


def _keeps_attachments(app) -> bool:
    return bool(app.hook.data_store_attachment.get_hookimpls())


def _spool_file(app):
    directory = Path(app.config["data_dir"]) / "tmp" / "forms"
    directory.mkdir(parents=True, exist_ok=True)
    return tempfile.NamedTemporaryFile(dir=directory, prefix="part-")


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
