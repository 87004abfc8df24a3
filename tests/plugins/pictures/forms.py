"""Multipart bodies for the upload tests (helpers only, no tests here).

``form(...)`` gives the keyword arguments of ``simulate_post`` (or of an HTTP
client: ``body`` and ``headers``); ``file_form(name, data)`` is the usual one
file in the part ``file``, as gazu and Kitsu send it.
"""

from __future__ import annotations

import uuid

CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
                 "tif": "image/tiff", "tiff": "image/tiff", "bmp": "image/bmp", "mp4": "video/mp4",
                 "mov": "video/quicktime", "pdf": "application/pdf"}


def form(fields: dict | None = None, files=()) -> dict:
    """``{"body": bytes, "headers": {...}}`` for a multipart form.

    ``fields``: plain text parts; ``files``: ``(part name, file name, content type, bytes)``.
    """

    boundary = f"clapboard-{uuid.uuid4().hex}"
    chunks = []
    for name, value in (fields or {}).items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for part, filename, content_type, data in files:
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{part}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")
        chunks.append(head.encode() + data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return {"body": b"".join(chunks), "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}


def file_form(filename: str, data: bytes, part: str = "file", content_type: str | None = None) -> dict:
    """One file in the part ``part`` (``file``), its type guessed from the extension."""

    extension = filename.rsplit(".", 1)[-1].lower()
    kind = content_type or CONTENT_TYPES.get(extension, "application/octet-stream")
    return form(files=[(part, filename, kind, data)])
