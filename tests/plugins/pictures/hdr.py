"""Writing Radiance HDR files for the tests (the server only reads them)."""

from __future__ import annotations

import math
from pathlib import Path


def write(path: Path, pixels: list[list[tuple[float, float, float]]], encoded: bool = True) -> None:
    """Write ``pixels`` (rows of linear RGB) as a Radiance file, run-length encoded or flat."""

    height, width = len(pixels), len(pixels[0])
    body = bytearray(b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n" + f"-Y {height} +X {width}\n".encode())
    for row in pixels:
        rgbe = [_to_rgbe(pixel) for pixel in row]
        if not encoded:
            body += bytes(value for pixel in rgbe for value in pixel)
            continue
        body += bytes((2, 2, width >> 8, width & 0xFF))
        for channel in range(4):
            values = bytes(pixel[channel] for pixel in rgbe)
            for start in range(0, width, 128):
                chunk = values[start:start + 128]
                body += bytes((len(chunk),)) + chunk
    path.write_bytes(bytes(body))


def _to_rgbe(pixel) -> tuple[int, int, int, int]:
    brightest = max(pixel)
    if brightest < 1e-32:
        return 0, 0, 0, 0
    mantissa, exponent = math.frexp(brightest)
    scale = mantissa * 256.0 / brightest
    return (*(max(0, min(255, int(value * scale))) for value in pixel), exponent + 128)
