"""Zou's picture variants: PNG files fitted into fixed boxes, letter-boxed with transparency.

A preview file gets four (Zou's storage prefixes): ``original`` (full
resolution), ``previews`` (1200 px wide, height from the aspect ratio),
``thumbnails`` (150 × 100) and ``thumbnails-square`` (100 × 100). Persons,
projects and organisations get one 400 × 400 square (``square``). As in Zou
the picture is scaled, up or down, to fit its box whole (sizes rounded up as
Zou rounds them) and centred on a transparent RGBA canvas; unlike Zou a picture
smaller than its box keeps its aspect ratio instead of being stretched to it,
and a very tall picture's preview is bounded in height (its width then shrinks).
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..settings import settings, tmp_dir
from .opening import open_original, open_picture

THUMBNAIL = (150, 100)
SQUARE = (100, 100)
PREVIEW_WIDTH = 1200
PREVIEW_MAX_HEIGHT = 12000  # a 1:10 strip; beyond, a 1200-px-wide preview would be a memory bomb
AVATAR = 400
BOXED = (("thumbnails", THUMBNAIL), ("thumbnails-square", SQUARE))
# zlib level of a re-encoded original (a JPEG, a rotated or colour-managed picture): level 1 writes a
# noisy 4K frame four times faster than Pillow's default 6, for files of about the same size.
ORIGINAL_COMPRESSION = 1


@dataclass
class Rendered:
    """The variants of one picture as local PNG files, until ``discard``."""

    width: int
    height: int
    files: dict[str, Path]  # storage prefix -> PNG file

    @property
    def file_size(self) -> int:
        return self.files["original"].stat().st_size

    def discard(self) -> None:
        for path in self.files.values():
            path.unlink(missing_ok=True)


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """The largest size of ``size``'s aspect ratio inside ``box`` (rounded up, as Zou does)."""

    box_width, box_height = box
    ratio = size[0] / size[1]
    width = math.ceil(box_height * ratio)
    if width <= box_width:
        return max(1, width), box_height
    return box_width, max(1, min(box_height, math.ceil(box_width / ratio)))


def preview_box(size: tuple[int, int]) -> tuple[int, int]:
    """The ``previews`` box: 1200 px wide and as high as the aspect ratio says (bounded)."""

    width, height = size
    return PREVIEW_WIDTH, min(PREVIEW_MAX_HEIGHT, math.ceil(PREVIEW_WIDTH * height / width))


def letterbox(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    """``image`` scaled to fit ``box`` and centred on a transparent canvas of that size."""

    width, height = fitted_size(image.size, box)
    scaled = image if image.size == (width, height) else image.resize(
        (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    canvas = Image.new("RGBA", box, (0, 0, 0, 0))
    canvas.paste(scaled.convert("RGBA"), ((box[0] - width) // 2, (box[1] - height) // 2))
    return canvas


def render_preview(app, source: Path, extension: str) -> Rendered:
    """Decode the upload (safely, see ``opening``) and write its four variants as PNG files."""

    image, as_uploaded = open_original(source, extension, settings(app))
    files: dict[str, Path] = {}
    try:
        files["original"] = _linked(app, source) if as_uploaded else _save(app, image, ORIGINAL_COMPRESSION)
        files["previews"] = _save(app, letterbox(image, preview_box(image.size)))
        for prefix, box in BOXED:
            files[prefix] = _save(app, letterbox(image, box))
    except BaseException:
        Rendered(0, 0, files).discard()
        raise
    return Rendered(image.width, image.height, files)


def square(app, source: Path, extension: str, size: int = AVATAR) -> Path:
    """A ``size`` × ``size`` letter-boxed PNG of the uploaded picture (avatars); the caller removes it."""

    return _save(app, letterbox(open_picture(source, extension, settings(app)), (size, size)))


def _save(app, image: Image.Image, compress_level: int = 6) -> Path:
    handle, name = tempfile.mkstemp(dir=tmp_dir(app), prefix="variant-", suffix=".png")
    os.close(handle)
    try:
        image.save(name, "PNG", compress_level=compress_level)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _linked(app, source: Path) -> Path:
    """The uploaded file itself as the original (a second name: the spool discards its own)."""

    name = tmp_dir(app) / f"variant-{uuid.uuid4().hex}.png"
    try:
        os.link(source, name)
    except OSError:  # another file system: copied
        shutil.copyfile(source, name)
    return name
