"""Pictures with Pillow: every allowed format opens, nothing else does, and the variants are Zou's boxes.

Real files made with Pillow; the variants are read back and checked pixel by
pixel: where the picture lands in its box, that the rest is transparent, and
that the aspect ratio survived.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from clapboard.errors import BadRequest, PayloadTooLarge
from clapboard.plugins.pictures.images import open_picture, square, store_preview_picture
from clapboard.plugins.pictures.images.variants import fitted_size, preview_box, render_preview
from clapboard.plugins.pictures.settings import settings
from clapboard.testing import AppFactory

from . import samples
from .samples import BLUE, CLEAR, RED


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    factory = AppFactory(tmp_path_factory.mktemp("images"), [])
    built = factory(config={"plugins": {"pictures": {"max_image_pixels": 5_000_000}}})
    yield built
    built.close()


@pytest.fixture
def file(tmp_path):
    def write(data: bytes, extension: str) -> Path:
        path = tmp_path / f"upload-{len(list(tmp_path.iterdir()))}.{extension}"
        path.write_bytes(data)
        return path

    return write


def near(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


def opened(app, file, data, extension):
    return open_picture(file(data, extension), extension, settings(app))


@pytest.mark.parametrize("extension", ["png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"])
def test_every_allowed_format_opens_as_srgb_rgb(app, file, extension):
    image = opened(app, file, samples.picture(extension), extension)
    assert image.size == (400, 100) and image.mode == "RGB"
    assert near(image.getpixel((10, 10)), BLUE[:3]) and near(image.getpixel((300, 60)), RED[:3])


@pytest.mark.parametrize("extension", ["jpg", "png", "webp"])
def test_exif_orientation_is_applied(app, file, extension):
    stored = Image.open(io.BytesIO(samples.with_orientation(extension, 6)))
    assert stored.size == (100, 400)  # the file itself is sideways
    image = opened(app, file, samples.with_orientation(extension, 6), extension)
    assert image.size == (400, 100)
    assert near(image.getpixel((5, 5)), BLUE[:3]) and near(image.getpixel((395, 95)), RED[:3])


@pytest.mark.parametrize("extension", ["png", "jpg", "webp", "tiff"])
def test_embedded_icc_profile_is_converted_to_srgb(app, file, extension):
    red = Image.new("RGB", (20, 20), RED[:3])
    tagged = samples.encode(red, extension, icc_profile=samples.swapped_profile())
    image = opened(app, file, tagged, extension)
    assert near(image.getpixel((10, 10)), BLUE[:3])  # the profile says this "red" is sRGB's blue
    assert "icc_profile" not in image.info
    untagged = opened(app, file, samples.encode(red, extension), extension)
    assert near(untagged.getpixel((10, 10)), RED[:3])


def test_an_unusable_icc_profile_is_ignored_not_fatal(app, file):
    data = samples.encode(Image.new("RGB", (8, 8), RED[:3]), "png", icc_profile=b"not a profile at all")
    assert near(opened(app, file, data, "png").getpixel((4, 4)), RED[:3])


def test_other_modes_become_rgb_or_rgba(app, file):
    cmyk = samples.encode(Image.new("CMYK", (10, 10), (0, 255, 255, 0)), "jpg")
    assert near(opened(app, file, cmyk, "jpg").getpixel((5, 5)), RED[:3], 20)
    palette = Image.new("P", (10, 10), 1)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    palette.info["transparency"] = 0
    palette.putpixel((0, 0), 0)
    image = opened(app, file, samples.encode(palette, "png", transparency=0), "png")
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0 and image.getpixel((5, 5)) == RED
    grey16 = Image.new("I;16", (4, 4), 0)
    grey16.putpixel((1, 1), 65535)
    image = opened(app, file, samples.encode(grey16, "png"), "png")
    assert image.mode == "RGB" and image.getpixel((1, 1)) == (255, 255, 255) and image.getpixel((0, 0)) == (0, 0, 0)
    alpha = Image.new("LA", (4, 4), (200, 100))
    assert opened(app, file, samples.encode(alpha, "png"), "png").getpixel((0, 0)) == (200, 200, 200, 100)


@pytest.mark.parametrize("data, extension", [
    (samples.picture("jpg"), "png"),  # JPEG bytes named .png
    (samples.picture("png"), "jpg"),  # PNG bytes named .jpg
    (samples.picture("bmp"), "webp"),
    (b"GIF89a not really", "png"),
    (b"%PDF-1.4 hello", "tiff"),
])
def test_content_that_does_not_match_its_extension_is_refused(app, file, data, extension):
    with pytest.raises(BadRequest, match="does not match its extension"):
        opened(app, file, data, extension)


@pytest.mark.parametrize("extension", ["png", "jpg", "webp", "tiff"])
def test_truncated_pictures_are_refused(app, file, extension):
    with pytest.raises(BadRequest, match="truncated|cannot be read"):
        opened(app, file, samples.truncated(extension), extension)


def test_decompression_bombs_are_refused_before_decoding(app, file):
    with pytest.raises(PayloadTooLarge, match="too many pixels, more than the limit of 5000000"):
        opened(app, file, samples.bomb_png(), "png")  # 10^10 pixels claimed in 100 bytes
    with pytest.raises(PayloadTooLarge, match="limit of 5000000 .*6000000 pixels"):
        opened(app, file, samples.bomb_png(3000, 2000), "png")  # under Pillow's default guard, over the app's
    assert opened(app, file, samples.picture("png", 2500, 2000), "png").size == (2500, 2000)


def test_the_apps_limit_is_the_one_that_counts(app, file, monkeypatch):
    """Pillow's own limit is a process global: the app's ``max_image_pixels`` replaces it while a header
    is read, so a studio may allow larger pictures than Pillow's default (and it is put back after)."""

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert opened(app, file, samples.picture("png", 2500, 2000), "png").size == (2500, 2000)
    assert Image.MAX_IMAGE_PIXELS == 1000
    with pytest.raises(PayloadTooLarge):
        opened(app, file, samples.bomb_png(2500, 2001), "png")
    assert Image.MAX_IMAGE_PIXELS == 1000


def test_not_a_picture_extension_is_refused(app, file):
    with pytest.raises(BadRequest, match="Wrong file format, extension: gif"):
        opened(app, file, samples.picture("png"), "gif")


def test_fitted_sizes_round_up_as_zou():
    assert fitted_size((400, 100), (150, 100)) == (150, 38)
    assert fitted_size((100, 400), (150, 100)) == (25, 100)
    assert fitted_size((300, 200), (150, 100)) == (150, 100)
    assert fitted_size((40, 10), (100, 100)) == (100, 25)  # upscaled, ratio kept
    assert preview_box((400, 100)) == (1200, 300)
    assert preview_box((333, 1000)) == (1200, 3604)
    assert preview_box((100, 20000)) == (1200, 12000)  # a strip's preview is bounded


def variant(rendered, prefix) -> Image.Image:
    image = Image.open(rendered.files[prefix])
    image.load()
    return image


def test_variants_are_letter_boxed_pixel_by_pixel(app, file):
    rendered = render_preview(app, file(samples.picture("png"), "png"), "png")
    try:
        assert (rendered.width, rendered.height) == (400, 100)
        original = variant(rendered, "original")
        assert original.format == "PNG" and original.size == (400, 100) and original.mode == "RGB"
        assert rendered.file_size == rendered.files["original"].stat().st_size

        thumbnail = variant(rendered, "thumbnails")  # 150 × 100, content 150 × 38 from row 31
        assert thumbnail.mode == "RGBA" and thumbnail.size == (150, 100)
        assert thumbnail.getpixel((75, 30)) == CLEAR and thumbnail.getpixel((75, 69)) == CLEAR
        assert thumbnail.getpixel((75, 0)) == CLEAR and thumbnail.getpixel((75, 99)) == CLEAR
        assert thumbnail.getpixel((0, 31))[3] == 255 and thumbnail.getpixel((149, 68))[3] == 255
        assert near(thumbnail.getpixel((5, 36)), BLUE) and near(thumbnail.getpixel((140, 60)), RED)
        assert near(thumbnail.getpixel((30, 36)), RED)  # the square kept its share: 50/400 of 150 px
        opaque_rows = [y for y in range(100) if thumbnail.getpixel((75, y))[3] == 255]
        assert (opaque_rows[0], len(opaque_rows)) == (31, 38)

        square_variant = variant(rendered, "thumbnails-square")  # 100 × 100, content 100 × 25 from row 37
        assert square_variant.size == (100, 100)
        opaque_rows = [y for y in range(100) if square_variant.getpixel((50, y))[3] == 255]
        assert (opaque_rows[0], len(opaque_rows)) == (37, 25)
        assert all(square_variant.getpixel((x, 36)) == CLEAR for x in range(100))

        preview = variant(rendered, "previews")  # 1200 wide, 300 high: no letter-box at all
        assert preview.size == (1200, 300)
        assert near(preview.getpixel((0, 0)), BLUE) and near(preview.getpixel((140, 140)), BLUE)
        assert near(preview.getpixel((160, 10)), RED) and near(preview.getpixel((1199, 299)), RED)
    finally:
        rendered.discard()
    assert not any(path.exists() for path in rendered.files.values())


def test_tall_and_small_pictures_keep_their_aspect_ratio(app, file):
    tall = render_preview(app, file(samples.encode(samples.marked(100, 400, 50), "png"), "png"), "png")
    try:
        thumbnail = variant(tall, "thumbnails")  # 25 × 100 centred from column 62
        opaque = [x for x in range(150) if thumbnail.getpixel((x, 50))[3] == 255]
        assert (opaque[0], len(opaque)) == (62, 25)
        assert variant(tall, "previews").size == (1200, 4800)
    finally:
        tall.discard()
    small = render_preview(app, file(samples.picture("png", 40, 10, ), "png"), "png")
    try:
        assert (small.width, small.height) == (40, 10)
        assert variant(small, "previews").size == (1200, 300)  # upscaled to 1200 wide, as Zou
        opaque_rows = [y for y in range(100) if variant(small, "thumbnails").getpixel((75, y))[3] == 255]
        assert len(opaque_rows) == 38  # not stretched to 150 × 100
    finally:
        small.discard()


def test_avatar_square(app, file):
    path = square(app, file(samples.picture("jpg"), "jpg"), "jpg")
    try:
        avatar = Image.open(path)
        assert avatar.size == (400, 400) and avatar.mode == "RGBA"
        opaque_rows = [y for y in range(400) if avatar.getpixel((200, y))[3] == 255]
        assert (opaque_rows[0], len(opaque_rows)) == (150, 100)
        assert near(avatar.getpixel((10, 160)), BLUE) and near(avatar.getpixel((390, 240)), RED)
    finally:
        path.unlink()
    with pytest.raises(BadRequest):
        square(app, file(samples.picture("png"), "jpg"), "jpg")


def stored_files(app) -> list[Path]:
    return sorted(p for p in app.storage.root.rglob("*") if p.is_file())


def test_variants_are_stored_whole_or_not_at_all(app, file):
    # A real failure half-way: the square thumbnails' folder cannot be created.
    broken_id = "6b1c3f38-0000-4000-8000-00000000a002"
    blocker = app.storage.root / "pictures" / "thumbnails-square"
    assert not blocker.exists()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"in the way")
    try:
        with pytest.raises(OSError):
            store_preview_picture(app, broken_id, file(samples.picture("png"), "png"), "png")
        assert stored_files(app) == [blocker]  # original, previews and thumbnails removed again
    finally:
        blocker.unlink()
    assert list((Path(app.config["data_dir"]) / "tmp" / "pictures").iterdir()) == []

    preview_id = "6b1c3f38-0000-4000-8000-00000000a001"
    columns = store_preview_picture(app, preview_id, file(samples.picture("webp"), "webp"), "webp")
    assert columns == {"width": 400, "height": 100, "extension": "png",
                       "file_size": app.storage.stat("pictures", "original", preview_id).size}
    assert sorted(p.parts[-4] for p in stored_files(app)) == [
        "original", "previews", "thumbnails", "thumbnails-square"]
