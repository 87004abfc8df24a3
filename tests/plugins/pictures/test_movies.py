"""Movie previews through the upload route: each container becomes a ready preview with Zou's
outputs, served with ranges to whoever may read the preview and to nobody else."""

from __future__ import annotations

import io

import pytest
from falcon.testing import TestClient
from PIL import Image

from clapboard.plugins.data import models as m
from clapboard.plugins.pictures.movies.jobs import stop
from clapboard.plugins.pictures.movies.models import MovieJob

from ..data.production.tasks.world import REFUSED, build_world, close
from .movietools import movie, new_preview, probe_bytes, upload, wait

pytestmark = pytest.mark.ffmpeg


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    """The world on each storage backend (local files, S3-compatible server)."""

    pictures = {**storage_config.get("plugins", {}).get("pictures", {}), "movie_preset": "ultrafast"}
    world = build_world(tmp_path_factory, "pictures-movies", config={"plugins": {"pictures": pictures}})
    with world.db():  # the HD version at the movie's own size (no project resolution): small and quick
        m.Project.update(resolution="", fps="").where(m.Project.id == world.ids["P"]).execute()
    yield world
    stop(world.app)
    close(world)


@pytest.fixture(scope="module")
def ready(w):
    """A 2-second 64×36 mp4 with sound, uploaded by the artist of its task and processed."""

    preview, _task = new_preview(w, task=w.new_task("SH1", "Animation", assignees=("user",)))
    assert upload(w.client("user"), preview, movie("mp4", seconds=2)).status_code == 201
    assert wait(w, preview)["status"] == "ready"
    return preview


def stored(w, bucket, prefix, preview) -> bytes | None:
    found = w.app.storage.stat(bucket, prefix, preview)
    return None if found is None else b"".join(w.app.storage.read(bucket, prefix, preview))


def streams(info: dict, kind: str) -> list[dict]:
    return [s for s in info["streams"] if s["codec_type"] == kind]


@pytest.mark.parametrize("extension,size,audio", [("mp4", "64x36", True), ("mov", "66x38", True),
                                                  ("webm", "63x35", False), ("mkv", "64x36", True)])
def test_each_container_becomes_a_ready_normalised_preview(w, extension, size, audio):
    preview, task = new_preview(w)
    answer = upload(w.admin, preview, movie(extension, size=size, audio=audio), f"take 3.{extension}")
    assert answer.status_code == 201, answer.text
    width, height = (int(v) for v in size.split("x"))
    body = answer.json
    assert (body["status"], body["extension"], body["original_name"]) == ("processing", "mp4", "take 3")
    assert (body["width"], body["height"]) == (width, height) and body["duration"] == pytest.approx(1.0, abs=0.05)
    assert body["data"]["original_width"] == width and body["data"]["original_file_size"] == body["file_size"]

    row = wait(w, preview)
    assert row["status"] == "ready"
    hd = probe_bytes(stored(w, "movies", "previews", preview))
    [video] = streams(hd, "video")
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (width + width % 2, height + height % 2)  # even, as x264 wants
    assert len(streams(hd, "audio")) == 1  # a silent track added to the webm that had none
    assert (row["width"], row["height"]) == (video["width"], video["height"])
    assert row["file_size"] == len(stored(w, "movies", "previews", preview))
    assert row["duration"] == pytest.approx(1.0, abs=0.1)
    assert streams(probe_bytes(stored(w, "movies", "lowdef", preview)), "video")[0]["codec_name"] == "h264"
    assert stored(w, "movies", "source", preview) == movie(extension, size=size, audio=audio)
    thumbnail = Image.open(io.BytesIO(stored(w, "pictures", "thumbnails", preview)))
    assert (thumbnail.format, thumbnail.size) == ("PNG", (150, 100))
    original = Image.open(io.BytesIO(stored(w, "pictures", "original", preview)))
    assert original.size == (video["width"], video["height"])
    tiles = Image.open(io.BytesIO(stored(w, "pictures", "tiles", preview)))
    assert tiles.height == 100 * 4  # 25 frames, 8 a row
    assert tiles.width == 8 * -(-100 * video["width"] // video["height"])
    assert w.count(MovieJob, MovieJob.preview_file_id == preview) == 0
    assert preview in [e["preview_file_id"] for e in w.events("preview-file:update")]
    assert w.task(task)["last_preview_file_id"] == preview


def test_project_resolution_and_fps_shape_the_hd_version(w):
    with w.db():
        m.Project.update(resolution="320x180", fps="12").where(m.Project.id == w.ids["P"]).execute()
    try:
        preview, _ = new_preview(w)
        assert upload(w.admin, preview, movie("mp4", size="64x36")).status_code == 201
        assert wait(w, preview)["status"] == "ready"
    finally:
        with w.db():
            m.Project.update(resolution="", fps="").where(m.Project.id == w.ids["P"]).execute()
    [video] = streams(probe_bytes(stored(w, "movies", "previews", preview)), "video")
    assert (video["width"], video["height"], video["r_frame_rate"]) == (320, 180, "12/1")
    [low] = streams(probe_bytes(stored(w, "movies", "lowdef", preview)), "video")
    assert (low["width"], low["height"]) == (320, 180)  # never wider than the HD version


def test_normalize_false_keeps_the_upload_and_still_makes_the_pictures(w):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, movie("mp4"), query="normalize=false").status_code == 201
    assert wait(w, preview)["status"] == "ready"
    assert stored(w, "movies", "previews", preview) is None and stored(w, "movies", "lowdef", preview) is None
    assert stored(w, "pictures", "thumbnails", preview) is not None
    served = w.admin.simulate_get(f"/movies/originals/preview-files/{preview}.mp4")
    assert served.status_code == 200 and served.content == movie("mp4")  # falls back on the source


def test_movie_downloads_with_ranges(w, ready):
    hd = stored(w, "movies", "previews", ready)
    whole = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4")
    assert whole.status_code == 200 and whole.content == hd
    assert whole.headers["content-type"] == "video/mp4" and whole.headers["accept-ranges"] == "bytes"
    assert int(whole.headers["content-length"]) == len(hd)
    etag = whole.headers["etag"]

    part = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4", headers={"Range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == hd[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(hd)}"
    tail = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4", headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.content == hd[-10:]
    beyond = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4",
                                  headers={"Range": f"bytes={len(hd)}-"})
    assert beyond.status_code == 416 and beyond.json["error"] is True
    assert beyond.headers["content-range"] == f"bytes */{len(hd)}"
    same = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4",
                                headers={"Range": "bytes=0-9", "If-Range": etag})
    assert same.status_code == 206 and same.content == hd[:10]
    changed = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4",
                                   headers={"Range": "bytes=0-9", "If-Range": '"another"'})
    assert changed.status_code == 200 and changed.content == hd
    cached = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}.mp4", headers={"If-None-Match": etag})
    assert cached.status_code == 304 and cached.content == b""
    head = w.admin.simulate_head(f"/movies/originals/preview-files/{ready}.mp4")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) == len(hd)

    low = w.admin.simulate_get(f"/movies/low/preview-files/{ready}.mp4", headers={"Range": "bytes=0-3"})
    assert low.status_code == 206 and low.content == stored(w, "movies", "lowdef", ready)[:4]
    source = w.admin.simulate_get(f"/movies/source/preview-files/{ready}.mp4")
    assert source.status_code == 200 and source.content == movie("mp4", seconds=2)
    tiles = w.admin.simulate_get(f"/movies/tiles/preview-files/{ready}.png")
    assert tiles.status_code == 200 and tiles.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(tiles.content)).height == 100 * 7  # 50 frames, 8 a row
    download = w.admin.simulate_get(f"/movies/originals/preview-files/{ready}/download")
    assert download.status_code == 200 and download.content == hd
    assert download.headers["content-disposition"].startswith("attachment")
    assert "_v1.mp4" in download.headers["content-disposition"]


def test_low_falls_back_on_hd_then_source(w):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, movie("mp4")).status_code == 201
    assert wait(w, preview)["status"] == "ready"
    w.app.storage.delete("movies", "lowdef", preview)
    assert w.admin.simulate_get(f"/movies/low/preview-files/{preview}.mp4").content == \
        stored(w, "movies", "previews", preview)
    w.app.storage.delete("movies", "previews", preview)
    assert w.admin.simulate_get(f"/movies/originals/preview-files/{preview}.mp4").content == movie("mp4")
    w.app.storage.delete("movies", "source", preview)
    for version in ("originals", "low", "source"):
        gone = w.admin.simulate_get(f"/movies/{version}/preview-files/{preview}.mp4")
        assert gone.status_code == 404 and gone.json["error"] is True


def test_a_movie_still_processing_is_a_json_404(w):
    preview, _ = new_preview(w)
    for path in (f"/movies/originals/preview-files/{preview}.mp4", f"/movies/low/preview-files/{preview}.mp4",
                 f"/movies/tiles/preview-files/{preview}.png", f"/movies/originals/preview-files/{preview}/download"):
        answer = w.admin.simulate_get(path)
        assert answer.status_code == 404 and answer.json["error"] is True, path


def test_readers_only(w, ready):
    paths = [f"/movies/originals/preview-files/{ready}.mp4", f"/movies/low/preview-files/{ready}.mp4",
             f"/movies/source/preview-files/{ready}.mp4", f"/movies/tiles/preview-files/{ready}.png",
             f"/movies/originals/preview-files/{ready}/download",
             f"/actions/preview-files/{ready}/extract-tile"]
    for role in ("manager", "supervisor", "user", "client"):
        for path in paths[:5]:
            assert w.client(role).simulate_get(path).status_code == 200, (role, path)
    for path in paths:
        refused = w.client("outsider").simulate_get(path)
        assert refused.status_code in REFUSED and refused.json["error"] is True, path
        assert w.client("vendor").simulate_get(path).status_code in REFUSED, path  # not a task of theirs
    assert TestClient(w.app).simulate_get(paths[0]).status_code == 401


def test_vendor_reads_the_movie_of_a_task_assigned_to_them(w):
    preview, _ = new_preview(w, task=w.new_task("SH2", "Animation", assignees=("vendor",)))
    assert upload(w.admin, preview, movie("mp4")).status_code == 201
    assert wait(w, preview)["status"] == "ready"
    assert w.client("vendor").simulate_get(f"/movies/originals/preview-files/{preview}.mp4").status_code == 200


def test_extract_frame_is_a_png_for_the_production_managers(w, ready):
    first = w.client("manager").simulate_get(f"/actions/preview-files/{ready}/extract-frame",
                                             params={"frame_number": 1})
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(first.content)).size == (64, 36)
    later = w.admin.simulate_get(f"/actions/preview-files/{ready}/extract-frame", params={"frame_number": 30})
    assert later.status_code == 200 and later.content != first.content  # the test pattern moves
    default = w.admin.simulate_get(f"/actions/preview-files/{ready}/extract-frame")
    assert default.status_code == 200 and default.content == first.content
    beyond = w.admin.simulate_get(f"/actions/preview-files/{ready}/extract-frame", params={"frame_number": 5000})
    assert beyond.status_code == 400 and beyond.json["error"] is True
    assert w.admin.simulate_get(f"/actions/preview-files/{ready}/extract-frame",
                                params={"frame_number": "x"}).status_code == 400
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_get(f"/actions/preview-files/{ready}/extract-frame").status_code in REFUSED


def test_extract_tile_rebuilds_and_stores_the_strip(w, ready):
    w.app.storage.delete("pictures", "tiles", ready)
    answer = w.client("user").simulate_get(f"/actions/preview-files/{ready}/extract-tile")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).height == 700
    assert stored(w, "pictures", "tiles", ready) == answer.content


def test_frame_and_tile_of_a_preview_that_is_no_movie(w):
    preview, _ = new_preview(w)
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 200, 30)).save(picture, "PNG")
    assert upload(w.admin, preview, picture.getvalue(), "still.png").status_code == 201
    assert w.admin.simulate_get(f"/actions/preview-files/{preview}/extract-tile").status_code == 400
    assert w.admin.simulate_get(f"/actions/preview-files/{preview}/extract-frame").status_code == 404  # as Zou
    assert w.admin.simulate_get(f"/movies/originals/preview-files/{preview}.mp4").status_code == 404


def test_a_ready_movie_becomes_the_main_preview_when_the_production_says_so(w):
    with w.db():
        m.Project.update(is_set_preview_automated=True).where(m.Project.id == w.ids["P"]).execute()
    try:
        preview, _ = new_preview(w, task=w.new_task("SH2", "Animation"))
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
        assert wait(w, preview)["status"] == "ready"
    finally:
        with w.db():
            m.Project.update(is_set_preview_automated=False).where(m.Project.id == w.ids["P"]).execute()
    assert str(w.stored(m.Entity, w.ids["SH2"])["preview_file_id"]) == preview
    assert {"entity_id": w.ids["SH2"], "preview_file_id": preview}.items() <= w.events("preview-file:set-main")[-1].items()
    assert w.events("shot:update")[-1]["shot_id"] == w.ids["SH2"]


def test_the_studio_may_keep_movies_as_uploaded(w):
    values = w.app.config.plugin("pictures")
    values["normalize_movies"] = False
    try:
        preview, _ = new_preview(w)
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
        assert wait(w, preview)["status"] == "ready"
    finally:
        values["normalize_movies"] = True
    assert stored(w, "movies", "previews", preview) is None and stored(w, "movies", "source", preview) is not None


def test_an_entity_resolution_overrides_the_project_one(w):
    entity = w.admin.simulate_post("/data/entities", json={
        "project_id": w.ids["P"], "entity_type_id": w.types["kind:Shot"], "name": "SH990",
        "parent_id": w.ids["SQ"], "data": {"resolution": "96x54", "fps": 10}})
    assert entity.status_code == 201, entity.text
    task_body = {"project_id": w.ids["P"], "entity_id": entity.json["id"], "task_type_id": w.types["Animation"],
                 "task_status_id": w.types["todo"], "name": "sized"}
    task = w.admin.simulate_post("/data/tasks", json=task_body).json["id"]
    preview, _ = new_preview(w, task=task)
    assert upload(w.admin, preview, movie("mp4")).status_code == 201
    assert wait(w, preview)["status"] == "ready"
    [video] = streams(probe_bytes(stored(w, "movies", "previews", preview)), "video")
    assert (video["width"], video["height"], video["r_frame_rate"]) == (96, 54, "10/1")
