"""Opening an uploaded picture without trusting it.

The extension names the one Pillow format the content may have
(``picture_extensions``): ``Image.open`` is given only that format, so JPEG
bytes named ``.png`` are refused instead of being decoded as something else.
The size in the header is checked against ``max_image_pixels`` before any
pixel is decoded (a 100-byte PNG may claim 100000 × 100000 pixels): Pillow's
own decompression-bomb guard runs with that limit while the header is read,
its warning turned into an error whatever the process's warning filters say. A truncated or corrupt file fails while it is decoded
(``LOAD_TRUNCATED_IMAGES`` stays off). Every refusal is a 4xx naming why.

A picture that opens is then made what Zou serves: EXIF orientation applied,
colours converted to sRGB when an ICC profile is embedded, 8-bit RGB or RGBA.
"""

from __future__ import annotations

import io
import threading
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from clapboard.errors import BadRequest, PayloadTooLarge

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
_WIDE_MODES = ("I", "I;16", "I;16B", "I;16L", "I;16N", "F")
_WARNINGS = threading.Lock()
_ORIENTATION = 0x0112  # EXIF tag


def picture_format(settings: dict, extension: str) -> str | None:
    """The Pillow format an extension stands for (``None``: not a picture extension)."""

    return settings["picture_extensions"].get(extension.lower())


def open_picture(path: Path, extension: str, settings: dict) -> Image.Image:
    """The decoded picture at ``path``, oriented, in sRGB, mode RGB or RGBA (400/413 when refused)."""

    return open_original(path, extension, settings)[0]


def open_original(path: Path, extension: str, settings: dict) -> tuple[Image.Image, bool]:
    """``open_picture``'s picture, and whether the file already is what would be stored as the
    original (an 8-bit RGB(A) PNG without ICC profile or EXIF rotation: kept as uploaded, as Zou
    keeps PNGs, instead of being encoded again)."""

    expected = picture_format(settings, extension)
    if expected is None:
        raise BadRequest(f"Wrong file format, extension: {extension}")
    image = _decode(path, expected, extension, settings["max_image_pixels"])
    try:
        as_uploaded = (expected == "PNG" and image.mode in ("RGB", "RGBA") and not image.info.get("icc_profile")
                       and image.getexif().get(_ORIENTATION, 1) == 1)
        return _to_srgb(ImageOps.exif_transpose(image)), as_uploaded
    except (OSError, ValueError, SyntaxError) as exc:  # a broken EXIF block or ICC profile
        raise BadRequest(f"The picture cannot be read: {_reason(exc)}.") from exc


def _decode(path: Path, expected: str, extension: str, limit: int) -> Image.Image:
    try:
        # Pillow's limit and the warning filters are process-wide: one opener at a time sets them.
        with _WARNINGS, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            pillow_limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, limit
            try:
                image = Image.open(path, formats=[expected])
            finally:
                Image.MAX_IMAGE_PIXELS = pillow_limit
    except UnidentifiedImageError as exc:
        raise BadRequest(f"The file named .{extension} does not hold a {expected} picture: its content "
                         f"does not match its extension.") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PayloadTooLarge(f"The picture has too many pixels, more than the limit of {limit} "
                              f"({_reason(exc)}).", max_image_pixels=limit) from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise BadRequest(f"The picture cannot be read: {_reason(exc)}.") from exc
    width, height = image.size
    if width * height > limit:
        image.close()
        raise PayloadTooLarge(f"The picture is {width} × {height} pixels, more than the limit of {limit}.",
                              width=width, height=height, max_image_pixels=limit)
    if width < 1 or height < 1:
        image.close()
        raise BadRequest("The picture has no pixels.")
    try:
        image.load()
    except (Image.DecompressionBombError, MemoryError) as exc:
        raise PayloadTooLarge(f"The picture has too many pixels to be decoded (the limit is {limit}).") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise BadRequest(f"The picture is truncated or corrupt: {_reason(exc)}.") from exc
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """8-bit RGB or RGBA in sRGB (the embedded ICC profile honoured when there is one)."""

    icc = image.info.get("icc_profile")
    if image.mode in _WIDE_MODES:  # 16-bit grey: scaled, not clipped, to 8 bits
        scale = 1 / 256 if image.mode != "F" else 255
        image = image.convert("F").point(lambda v: v * scale).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    target = "RGBA" if has_alpha else "RGB"
    if icc:
        converted = _with_profile(image, icc, target)
        if converted is not None:
            return converted
    return image if image.mode == target else image.convert(target)


def _with_profile(image: Image.Image, icc: bytes, target: str) -> Image.Image | None:
    """``image`` converted from its embedded profile to sRGB; ``None`` when the profile is unusable
    (the pixels are then taken as sRGB, as a browser would)."""

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        space = source.profile.xcolor_space.strip()
        if space == "GRAY":
            image = image.convert("LA" if target == "RGBA" else "L")
        elif space == "CMYK":
            image = image.convert("CMYK")
            target = "RGB"  # CMYK carries no alpha
        elif image.mode not in ("RGB", "RGBA"):
            image = image.convert(target)
        if image.mode == "LA":  # littleCMS has no grey + alpha input: convert the grey, keep the alpha
            grey, alpha = image.split()
            converted = ImageCms.profileToProfile(grey, source, _SRGB, outputMode="RGB")
            converted.putalpha(alpha)
        else:
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=target)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return None
    converted.info.pop("icc_profile", None)
    return converted


def _reason(exc: BaseException) -> str:
    return (str(exc) or type(exc).__name__).rstrip(".")
