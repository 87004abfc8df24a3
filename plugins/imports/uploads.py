"""The file of an import request: the multipart part ``file`` (as Zou and gazu send it), read whole.

Limited by ``[plugins.imports] max_upload_mb`` (413 past it, read no further).
A JSON body is not a file: ShotGrid and Kitsu imports read ``req.get_media()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from clapboard.errors import BadRequest, PayloadTooLarge

CHUNK = 256 * 1024


@dataclass
class Upload:
    filename: str
    data: bytes
    fields: dict


def settings(app) -> dict:
    return app.config.plugin("imports")


def read_upload(req, name: str = "file") -> Upload:
    """The file part ``name`` of a multipart form, as bytes; other form fields in ``fields``."""

    if not (req.content_type or "").lower().startswith("multipart/form-data"):
        raise BadRequest(f"Send the file as multipart/form-data, in a part named '{name}'.")
    limit = settings(req.context.app)["max_upload_mb"] * 1024 * 1024
    found: Upload | None = None
    fields: dict = {}
    for part in req.get_media():
        if part.name == name and part.filename is not None and found is None:
            found = Upload(part.filename, _read(part, limit), fields)
        elif part.filename is None:
            fields[part.name] = part.get_text() or ""
        else:
            part.stream.exhaust()
    if found is None:
        raise BadRequest(f"No file in the form: send it in a part named '{name}'.")
    return found


def _read(part, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := part.stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"The file is larger than the {limit // (1024 * 1024)} MB allowed.")
        chunks.append(chunk)
    return b"".join(chunks)
