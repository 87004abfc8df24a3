"""A small valid PNG made with the standard library (preview uploads for the thumbnail scenario)."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def gradient_png(width: int = 320, height: int = 180, seed: int = 0) -> bytes:
    """An RGB gradient, different for each ``seed``."""

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows += bytes(((x * 255 // width + seed * 40) % 256, (y * 255 // height) % 256, (seed * 97) % 256))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(rows), 6)) \
        + _chunk(b"IEND", b"")


def multipart(field: str, filename: str, content: bytes, content_type: str = "image/png") -> tuple[bytes, str]:
    """A ``multipart/form-data`` body with one file field, and its Content-Type header value."""

    boundary = "zoubench-boundary-7d4f1c"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: {content_type}\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
