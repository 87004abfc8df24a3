"""Uploaded files, streamed from the multipart body to a temporary file, never whole in memory.

The form is read with Falcon's own multipart support, part by part; the file
part (``file`` unless said otherwise) is written in chunks to a file under the
data dir's ``tmp/pictures`` and measured against the plugin's limit on the
way (413 past it). The client's file name is kept only for its extension and
for ``original_name``: what is stored is named after the row's id.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from clapboard.errors import BadRequest, PayloadTooLarge

from .settings import settings, tmp_dir

CHUNK = 256 * 1024


@dataclass
class Spooled:
    """One uploaded file on local disk, until ``discard``."""

    filename: str
    content_type: str | None
    path: Path
    size: int
    fields: dict = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return os.path.splitext(self.filename)[1].lstrip(".").lower()

    @property
    def stem(self) -> str:
        return os.path.splitext(self.filename)[0]

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def spool(req, name: str = "file") -> Spooled:
    """The file part ``name`` of the request's form, on disk (the caller discards it)."""

    if not (req.content_type or "").lower().startswith("multipart/form-data"):
        raise BadRequest(f"Send the file as multipart/form-data, in a part named '{name}'.")
    app = req.context.app
    limit = settings(app)["max_upload_mb"] * 1024 * 1024
    spooled: Spooled | None = None
    fields: dict = {}
    try:
        for part in req.get_media():
            if part.name == name and part.filename is not None and spooled is None:
                spooled = _write(part, tmp_dir(app), limit)
            elif part.filename is None:
                fields[part.name] = part.get_text() or ""
            else:
                part.stream.exhaust()  # another file: skipped, not kept
    except BaseException:
        if spooled is not None:
            spooled.discard()
        raise
    if spooled is None:
        raise BadRequest(f"No file in the form: send it in a part named '{name}'.")
    spooled.fields = fields
    return spooled


def _write(part, directory: Path, limit: int) -> Spooled:
    handle, path = tempfile.mkstemp(dir=directory, prefix="upload-")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while True:
                chunk = part.stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"The file is larger than the limit of {limit // (1024 * 1024)} MB.")
                out.write(chunk)
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise
    if size == 0:
        Path(path).unlink(missing_ok=True)
        raise BadRequest("The uploaded file is empty.")
    return Spooled(os.path.basename(part.filename or "") or "upload", part.content_type, Path(path), size)
