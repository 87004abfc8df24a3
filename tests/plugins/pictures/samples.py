"""Real picture files for the tests, made with Pillow (helpers only, no tests here).

``picture(...)`` encodes a Pillow image in any allowed format; ``marked`` is
a 400 × 100 red picture with a blue square in its top-left corner, which
shows where the content lands in a letter-boxed variant; ``swapped_profile``
is an ICC profile whose red and blue primaries are exchanged (a red pixel
tagged with it is blue in sRGB); ``bomb_png`` is a tiny PNG whose header
claims a huge size.
"""

from __future__ import annotations

import io
import os
import struct
import zlib

from PIL import Image

RED, BLUE, CLEAR = (255, 0, 0, 255), (0, 0, 255, 255), (0, 0, 0, 0)
PIL_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "WEBP", "tif": "TIFF", "tiff": "TIFF",
               "bmp": "BMP"}


def encode(image: Image.Image, extension: str, **options) -> bytes:
    fmt = PIL_FORMATS[extension]
    if fmt in ("JPEG", "BMP") and image.mode == "RGBA":
        image = image.convert("RGB")
    if fmt == "WEBP":
        options.setdefault("lossless", True)
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def marked(width: int = 400, height: int = 100, square: int = 50) -> Image.Image:
    """Red, with a blue ``square`` in the top-left corner."""

    image = Image.new("RGB", (width, height), RED[:3])
    image.paste(Image.new("RGB", (square, square), BLUE[:3]), (0, 0))
    return image


def picture(extension: str = "png", width: int = 400, height: int = 100, **options) -> bytes:
    return encode(marked(width, height), extension, **options)


def with_orientation(extension: str, orientation: int) -> bytes:
    """``marked`` stored rotated, with the EXIF orientation that puts it back (6: turn 90° clockwise)."""

    stored = marked().transpose(Image.Transpose.ROTATE_90)  # what a camera held sideways writes
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(stored, extension, exif=exif.tobytes())


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def swapped_profile() -> bytes:
    """An RGB matrix/TRC ICC profile (v2) with sRGB's red and blue primaries exchanged, linear curves."""

    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    text = b"swapped primaries\0"
    tags = [
        (b"desc", b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 4 + b"\0" * 4
         + b"\0" * 3 + b"\0" * 67),
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*blue)), (b"gXYZ", _xyz(*green)), (b"bXYZ", _xyz(*red)),
        (b"rTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)),
        (b"gTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)),
        (b"bTRC", b"curv" + b"\0" * 4 + struct.pack(">I", 0)),
        (b"cprt", b"text" + b"\0" * 4 + b"none\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        while (offset + len(data)) % 4:
            data += b"\0"
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0) + _s15(0.9642) + _s15(1.0)
              + _s15(0.8249) + b"\0" * 4 + b"\0" * 44)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def bomb_png(width: int = 100000, height: int = 100000) -> bytes:
    """A valid PNG signature and header claiming ``width`` × ``height`` pixels, with one row of data."""

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + _chunk(b"IEND", b""))


def noisy(width: int = 300, height: int = 300) -> Image.Image:
    """Random pixels: a picture that does not compress, so that most of its file is pixel data."""

    return Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))


def truncated(extension: str = "png") -> bytes:
    """A real picture cut in the middle of its pixel data."""

    data = encode(noisy(), extension)
    return data[: len(data) // 2]
