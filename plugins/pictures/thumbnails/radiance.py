"""Reading Radiance HDR (``.hdr``) environment maps, enough to show one as a small picture.

Pillow cannot read Radiance files, and Zou's OpenCV is a heavy dependency for
one thumbnail, so this module reads them itself: the text header (its
``FORMAT`` must be ``32-bit_rle_rgbe``), the resolution line (``-Y h +X w``
or ``+Y h +X w``) and the scanlines, flat or run-length encoded per channel
(the encoding every writer uses today; the obsolete pixel-repeat encoding is
refused). Only a grid of samples is kept — at most ``SAMPLES`` a side, in the map's
aspect ratio — and tone-mapped (Reinhard's operator at the picture's own log-average
luminance, then sRGB-ish gamma), so a 16k map costs a walk through its bytes,
not a 16k picture in memory. The file is mapped, never read whole.

Anything malformed is a ``ValueError`` naming what is wrong; the size is
checked against the pixel limit before any scanline is read.
"""

from __future__ import annotations

import math
import mmap
import re
from pathlib import Path

from PIL import Image

SAMPLES = 600  # columns and rows kept at most (the thumbnail is 300 × 200)
KEY = 0.18  # middle grey: where the log-average luminance lands
_RESOLUTION = re.compile(rb"^([-+])Y (\d+) \+X (\d+)$")


class TooLarge(ValueError):
    """The map has more pixels than allowed."""


def tone_mapped(path: Path, max_pixels: int) -> Image.Image:
    """An 8-bit RGB picture of the map at ``path`` (at most ``SAMPLES`` pixels a side)."""

    with open(path, "rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as exc:  # an empty file cannot be mapped
            raise ValueError("the file is empty") from exc
    with data:
        width, height, flipped, offset = _header(data)
        if width * height > max_pixels:
            raise TooLarge(f"the map is {width} × {height} pixels, more than the limit of {max_pixels}")
        scale = min(1.0, SAMPLES / max(width, height))  # one step both ways: the aspect ratio is kept
        columns = _picks(width, scale)
        rows = set(_picks(height, scale))
        samples = []
        for row in range(height):
            line, offset = _scanline(data, offset, width, keep=row in rows)
            if line is not None:
                samples.append([_rgb(line, column) for column in columns])
    if flipped:
        samples.reverse()
    return _tone_map(samples, len(columns))


def _picks(size: int, scale: float) -> list[int]:
    count = max(1, round(size * scale))
    return [min(size - 1, int((index + 0.5) * size / count)) for index in range(count)]


def _header(data) -> tuple[int, int, bool, int]:
    end = data.find(b"\n\n", 0, 65536)
    if not (data[:10] == b"#?RADIANCE" or data[:6] == b"#?RGBE") or end < 0:
        raise ValueError("it is not a Radiance HDR file (no '#?RADIANCE' header)")
    for line in data[:end].split(b"\n"):
        if line.startswith(b"FORMAT=") and line.strip() != b"FORMAT=32-bit_rle_rgbe":
            raise ValueError(f"its pixel format {line[7:].decode('latin-1')!r} is not supported (RGBE only)")
    line_end = data.find(b"\n", end + 2, end + 64)
    found = _RESOLUTION.match(data[end + 2:line_end].strip()) if line_end > 0 else None
    if found is None:
        raise ValueError("its resolution line is missing or not '-Y height +X width'")
    height, width = int(found.group(2)), int(found.group(3))
    if width < 1 or height < 1:
        raise ValueError("it has no pixels")
    return width, height, found.group(1) == b"+", line_end + 1


def _scanline(data, offset: int, width: int, keep: bool) -> tuple[bytes | None, int]:
    """One scanline as ``width * 4`` bytes (R, G, B, E per pixel; ``None`` unless ``keep``) and the
    offset after it."""

    head = data[offset:offset + 4]
    if len(head) < 4:
        raise ValueError("it is truncated")
    if not (8 <= width < 32768 and head[0] == 2 and head[1] == 2 and not head[2] & 0x80):
        if head[:3] == b"\x01\x01\x01":
            raise ValueError("it uses the obsolete run-length encoding, which is not supported")
        if offset + width * 4 > len(data):
            raise ValueError("it is truncated")
        return (bytes(data[offset:offset + width * 4]) if keep else None), offset + width * 4
    if (head[2] << 8 | head[3]) != width:
        raise ValueError("a scanline does not match the picture's width")
    offset += 4
    channels = []
    for _ in range(4):
        channel, filled = bytearray(), 0
        while filled < width:
            if offset >= len(data):
                raise ValueError("it is truncated")
            count = data[offset]
            if count > 128:
                if offset + 1 >= len(data):
                    raise ValueError("it is truncated")
                if keep:
                    channel += bytes((data[offset + 1],)) * (count - 128)
                filled, offset = filled + count - 128, offset + 2
            else:
                if count == 0 or offset + 1 + count > len(data):
                    raise ValueError("a scanline is corrupt or truncated")
                if keep:
                    channel += data[offset + 1:offset + 1 + count]
                filled, offset = filled + count, offset + 1 + count
        if filled != width:
            raise ValueError("a scanline runs past the picture's width")
        channels.append(channel)
    if not keep:
        return None, offset
    red, green, blue, exponent = channels
    line = bytearray(width * 4)
    line[0::4], line[1::4], line[2::4], line[3::4] = red, green, blue, exponent
    return bytes(line), offset


def _rgb(line: bytes, column: int) -> tuple[float, float, float]:
    red, green, blue, exponent = line[column * 4:column * 4 + 4]
    if exponent == 0:
        return 0.0, 0.0, 0.0
    scale = math.ldexp(1.0, exponent - 136)
    return (red + 0.5) * scale, (green + 0.5) * scale, (blue + 0.5) * scale


def _tone_map(samples: list, width: int) -> Image.Image:
    luminances = [0.2126 * r + 0.7152 * g + 0.0722 * b for row in samples for r, g, b in row]
    average = math.exp(sum(math.log(1e-6 + value) for value in luminances) / max(1, len(luminances)))
    exposure = KEY / max(average, 1e-6)
    out = bytearray()
    for row in samples:
        for pixel in row:
            for value in pixel:
                scaled = value * exposure
                out.append(min(255, int(255 * (scaled / (1 + scaled)) ** (1 / 2.2) + 0.5)))
    return Image.frombytes("RGB", (width, len(samples)), bytes(out))
