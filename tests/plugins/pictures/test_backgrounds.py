"""Preview background files: the HDR map's upload (admins), its download, its tone-mapped thumbnail,
and what is refused."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from clapboard.plugins.data import models as m

from ..data.production.tasks.world import REFUSED, build_world, close
from .forms import file_form
from .hdr import write


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    world = build_world(tmp_path_factory, "pictures-backgrounds", config=storage_config)
    yield world
    close(world)


def hdr_bytes(tmp_path, width=60, height=30, encoded=True, bright_right=True) -> bytes:
    """A map dark on the left, very bright (10×) on the right: the thumbnail must show both."""

    rows = [[(10.0, 10.0, 10.0) if (x >= width // 2) == bright_right else (0.01, 0.01, 0.2) for x in range(width)]
            for _ in range(height)]
    path = tmp_path / f"map-{uuid.uuid4().hex}.hdr"
    write(path, rows, encoded=encoded)
    return path.read_bytes()


def new_background(w) -> str:
    answer = w.admin.simulate_post("/data/preview-background-files", json={"name": f"Studio {uuid.uuid4().hex[:6]}"})
    assert answer.status_code == 201, answer.text
    return answer.json["id"]


def upload(client, row, name, data):
    return client.simulate_post(f"/pictures/preview-background-files/{row}", **file_form(name, data))


def stored(w, prefix, row):
    return w.app.storage.stat("pictures", prefix, row)


@pytest.mark.parametrize("encoded", [True, False])
def test_upload_download_and_thumbnail(w, tmp_path, encoded):
    row = new_background(w)
    data = hdr_bytes(tmp_path, width=64, height=32, encoded=encoded)
    answer = upload(w.admin, row, "studio.light.hdr", data)
    assert answer.status_code == 201, answer.text
    body = answer.json
    assert (body["id"], body["type"], body["extension"], body["original_name"], body["file_size"]) == (
        row, "PreviewBackgroundFile", "hdr", "studio.light", len(data))
    assert w.events("preview-background-file:add-file")[-1] == {
        **w.events("preview-background-file:add-file")[-1], "preview_background_file_id": row, "extension": "hdr"}
    got = w.client("vendor").simulate_get(f"/pictures/preview-background-files/{row}.hdr")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "image/vnd.radiance"
    assert 'filename="studio.light.hdr"' in got.headers["content-disposition"]
    assert w.client("user").simulate_get(f"/pictures/preview-background-files/{row}.png").status_code == 404
    thumbnail = w.client("client").simulate_get(f"/pictures/thumbnails/preview-background-files/{row}.png")
    assert thumbnail.status_code == 200 and thumbnail.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(thumbnail.content)).convert("RGBA")
    assert image.size == (300, 200)
    # 64 × 32 fitted into 300 × 200: 300 × 150, centred; left dark blue, right near white.
    left, right = image.getpixel((40, 100)), image.getpixel((260, 100))
    assert left[2] > left[0] and sum(left[:3]) < 300, left
    assert min(right[:3]) > 200, right
    assert image.getpixel((150, 10))[3] == 0


def test_flipped_maps_are_read_bottom_up(w, tmp_path):
    data = hdr_bytes(tmp_path, width=16, height=16).replace(b"-Y 16 +X 16", b"+Y 16 +X 16")
    row = new_background(w)
    assert upload(w.admin, row, "flip.hdr", data).status_code == 201


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor", "outsider"])
def test_only_admins_upload(w, tmp_path, role):
    row = new_background(w)
    answer = upload(w.client(role), row, "x.hdr", hdr_bytes(tmp_path))
    assert answer.status_code in REFUSED and answer.json["error"] is True
    thumb = w.client(role).simulate_post(f"/pictures/thumbnails/preview-background-files/{row}.png",
                                         **file_form("t.png", _png()))
    assert thumb.status_code in REFUSED
    assert w.stored(m.PreviewBackgroundFile, row)["extension"] is None
    assert stored(w, "preview-backgrounds", row) is None and stored(w, "thumbnails", row) is None


def _png(size=(90, 60), colour=(0, 200, 0)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("name, content, status", [
    ("map.exr", b"\x76\x2f\x31\x01 not handled", 400),  # Zou takes .hdr only
    ("map.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_xyze\n\n-Y 2 +X 2\n" + b"\x00" * 16, 400),
    ("map.hdr", b"this is a text file", 400),
    ("map.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 20 +X 20\n\x02\x02\x00\x14\x05ab", 400),  # truncated
    ("map.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n+X 20 -Y 20\n" + b"\x00" * 1600, 400),
    ("map.hdr", b"#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 100000 +X 100000\n\x00", 413),  # a bomb header
])
def test_refused_files_leave_the_row_and_storage_alone(w, name, content, status):
    row = new_background(w)
    answer = upload(w.admin, row, name, content)
    assert answer.status_code == status, answer.text
    assert answer.json["error"] is True and answer.json["message"]
    if name.endswith(".exr"):
        assert answer.json["message"] == "Wrong file format, extension: exr"
    assert w.stored(m.PreviewBackgroundFile, row)["extension"] is None  # kept, unlike Zou, and unchanged
    assert stored(w, "preview-backgrounds", row) is None and stored(w, "thumbnails", row) is None


def test_thumbnail_replaced_with_a_picture(w, tmp_path):
    row = new_background(w)
    assert upload(w.admin, row, "studio.hdr", hdr_bytes(tmp_path)).status_code == 201
    answer = w.admin.simulate_post(f"/pictures/thumbnails/preview-background-files/{row}.png",
                                   **file_form("t.png", _png()))
    assert answer.status_code == 201, answer.text
    assert answer.json == {"thumbnail_path": f"pictures/thumbnails/preview-background-files/{row}.png"}
    image = Image.open(io.BytesIO(w.admin.simulate_get(
        f"/pictures/thumbnails/preview-background-files/{row}.png").content)).convert("RGB")
    assert image.size == (300, 200) and image.getpixel((150, 100)) == (0, 200, 0)
    lying = w.admin.simulate_post(f"/pictures/thumbnails/preview-background-files/{row}.png",
                                  **file_form("t.png", b"GIF89a not really"))
    assert lying.status_code == 400
    assert Image.open(io.BytesIO(w.admin.simulate_get(
        f"/pictures/thumbnails/preview-background-files/{row}.png").content)).convert("RGB").getpixel(
        (150, 100)) == (0, 200, 0)


def test_missing_things_are_json_404s(w):
    row = new_background(w)
    for path in (f"/pictures/preview-background-files/{row}.hdr", f"/pictures/thumbnails/preview-background-files/"
                 f"{row}.png", f"/pictures/preview-background-files/{uuid.uuid4()}.hdr"):
        answer = w.client("user").simulate_get(path)
        assert answer.status_code == 404 and answer.json["error"] is True, path
    assert w.admin.simulate_post(f"/pictures/preview-background-files/{uuid.uuid4()}",
                                 **file_form("a.hdr", b"x")).status_code == 404
    assert w.admin.simulate_get("/pictures/preview-background-files/nope.hdr").status_code == 400
    assert w.client(None).simulate_get(f"/pictures/preview-background-files/{row}.hdr").status_code == 401


def test_the_events_are_declared(w):
    names = {event.name for event in w.app.event_types}
    assert {"preview-background-file:add-file", "preview-background-file:update"} <= names


def test_deleting_the_row_removes_its_files(w, tmp_path):
    row = new_background(w)
    assert upload(w.admin, row, "gone.hdr", hdr_bytes(tmp_path)).status_code == 201
    assert stored(w, "preview-backgrounds", row) is not None
    assert w.admin.simulate_delete(f"/data/preview-background-files/{row}").status_code in (200, 204)
    assert stored(w, "preview-backgrounds", row) is None and stored(w, "thumbnails", row) is None
