"""POST /pictures/preview-files/<id>: real files in, Zou's row out, and nothing half-written on a refusal.

Runs on both storage backends (the local file system and a real S3-compatible
server). Every refusal is checked three ways: the answer (status and JSON
message), the preview row (exactly as before), the storage and the upload
spool (nothing left).
"""

from __future__ import annotations

import io
import threading
import uuid

import falcon
import pytest
import requests
from PIL import Image

from clapboard.errors import BadRequest
from clapboard.plugins.data import models as m
from clapboard.plugins.data.crud.service import Context
from clapboard.plugins.pictures.images import store_preview_picture
from clapboard.plugins.pictures.previews.publish import claim, publish, release
from clapboard.plugins.pictures.previews.recovery import mark_stale_claims_broken
from clapboard.testing import LiveServer

from ..data.production.tasks.world import close, shape_diffs
from . import samples
from .forms import file_form, form
from .uploading import new_preview, objects_of, spool_dir, stored, upload, upload_world

VARIANTS = {"original", "previews", "thumbnails", "thumbnails-square"}


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    world = upload_world(tmp_path_factory, "pictures-upload", storage_config)
    yield world
    close(world)


def emitted(w, name: str, data: dict) -> bool:
    """Whether an event ``name`` carried ``data`` (the core adds ``project_id``)."""

    return any(event.items() >= data.items() for event in w.events(name))


def variants_of(w, preview_id) -> set:
    return {prefix for (bucket, prefix, _name) in objects_of(w.app, preview_id) if bucket == "pictures"}


@pytest.mark.parametrize("extension", ["png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp"])
def test_a_picture_becomes_a_ready_png_preview(w, extension):
    preview = new_preview(w)
    answer = upload(w.admin, preview["id"], f"frame.{extension}", samples.picture(extension))
    assert answer.status_code == 201, answer.text
    row = answer.json
    assert (row["status"], row["extension"], row["width"], row["height"]) == ("ready", "png", 400, 100)
    assert row["original_name"] == "frame" and row["id"] == preview["id"]
    assert row["file_size"] == w.app.storage.stat("pictures", "original", preview["id"]).size
    assert variants_of(w, preview["id"]) == VARIANTS
    assert shape_diffs("POST__pictures__preview-files__{id}.json", answer) == []
    assert w.task(w.ids["T"])["last_preview_file_id"] == preview["id"]
    assert spool_dir(w.app) == []


def test_events_as_zou(w):
    preview = new_preview(w)
    assert upload(w.admin, preview["id"], "frame.png", samples.picture()).status_code == 201
    assert emitted(w, "preview-file:update", {"preview_file_id": preview["id"], "status": "ready"})
    assert emitted(w, "comment:update", {"comment_id": preview["comment_id"]})
    assert emitted(w, "preview-file:add-file", {
        "comment_id": preview["comment_id"], "task_id": w.ids["T"], "preview_file_id": preview["id"],
        "revision": preview["revision"], "extension": "png", "status": "ready", "project_id": w.ids["P"]})


def test_main_preview_set_automatically_when_the_production_says_so(w):
    entity = w.ids["E"]
    first = new_preview(w)
    assert upload(w.admin, first["id"], "a.png", samples.picture()).status_code == 201
    assert w.admin.simulate_get(f"/data/entities/{entity}").json["preview_file_id"] != first["id"]
    w.admin.simulate_put(f"/data/projects/{w.ids['P']}", json={"is_set_preview_automated": True})
    try:
        second = new_preview(w)
        assert upload(w.admin, second["id"], "b.png", samples.picture()).status_code == 201
        assert w.admin.simulate_get(f"/data/entities/{entity}").json["preview_file_id"] == second["id"]
        assert emitted(w, "preview-file:set-main", {"entity_id": entity, "preview_file_id": second["id"]})
        assert emitted(w, "shot:update", {"shot_id": entity})
        extra = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comments/{second['comment_id']}/preview-files/"
                                      f"{second['id']}").json
        assert upload(w.admin, extra["id"], "c.png", samples.picture()).status_code == 201
        assert w.admin.simulate_get(f"/data/entities/{entity}").json["preview_file_id"] == second["id"]
    finally:
        w.admin.simulate_put(f"/data/projects/{w.ids['P']}", json={"is_set_preview_automated": False})


REFUSED_FILES = [
    ("jpeg named png", "frame.png", samples.picture("jpg"), 400, "does not match its extension"),
    ("png named jpg", "frame.jpg", samples.picture("png"), 400, "does not match its extension"),
    ("truncated png", "frame.png", samples.truncated("png"), 400, "truncated"),
    ("truncated jpg", "frame.jpg", samples.truncated("jpg"), 400, "truncated"),
    ("bomb header", "bomb.png", samples.bomb_png(), 413, "too many pixels"),
    ("over the pixel limit", "big.png", samples.picture("png", 3000, 2000), 413, "more than the limit"),
    ("unknown extension", "frame.xyz", samples.picture(), 400, "Wrong file format, extension: xyz"),
    ("no extension", "frame", samples.picture(), 400, "Wrong file format"),
    ("empty file", "frame.png", b"", 400, "empty"),
    ("over max_upload_mb", "noise.bmp", samples.encode(samples.noisy(700, 700), "bmp"), 413, "limit of 1 MB"),
]


@pytest.mark.parametrize("name, filename, data, status, message", REFUSED_FILES, ids=[r[0] for r in REFUSED_FILES])
def test_refused_files_leave_nothing_behind(w, name, filename, data, status, message):
    preview = new_preview(w)
    before, objects = w.stored(m.PreviewFile, preview["id"]), stored(w.app)
    answer = upload(w.admin, preview["id"], filename, data)
    assert answer.status_code == status, answer.text
    assert answer.json["error"] is True and message in answer.json["message"]
    assert w.stored(m.PreviewFile, preview["id"]) == before
    assert stored(w.app) == objects and spool_dir(w.app) == []
    retry = upload(w.admin, preview["id"], "frame.png", samples.picture())  # the preview is still usable
    assert retry.status_code == 201 and retry.json["original_name"] == "frame"


def test_malformed_requests(w):
    preview = new_preview(w)
    before = w.stored(m.PreviewFile, preview["id"])
    path = f"/pictures/preview-files/{preview['id']}"
    cases = [
        (w.admin.simulate_post(path, json={"file": "frame.png"}), 400, "multipart/form-data"),
        (w.admin.simulate_post(path, **form({"name": "x"})), 400, "No file in the form"),
        (w.admin.simulate_post(path, **file_form("frame.png", samples.picture(), part="picture")), 400,
         "part named 'file'"),
        (w.admin.simulate_post("/pictures/preview-files/not-an-id", **file_form("a.png", samples.picture())), 400,
         "Malformed"),
        (w.admin.simulate_post(f"/pictures/preview-files/{uuid.uuid4()}", **file_form("a.png", samples.picture())),
         404, "not found"),
    ]
    for answer, status, message in cases:
        assert answer.status_code == status, answer.text
        assert answer.json["error"] is True and message in answer.json["message"]
    big = samples.encode(samples.noisy(1100, 1100), "bmp")  # over the core's max_body_size
    answer = upload(w.admin, preview["id"], "big.bmp", big)
    assert answer.status_code == 413 and answer.json["error"] is True
    assert w.stored(m.PreviewFile, preview["id"]) == before and spool_dir(w.app) == []


def test_a_second_upload_is_refused_as_zou(w):
    preview = new_preview(w)
    assert upload(w.admin, preview["id"], "first.png", samples.picture()).status_code == 201
    row, objects = w.stored(m.PreviewFile, preview["id"]), objects_of(w.app, preview["id"])
    etag = w.app.storage.stat("pictures", "original", preview["id"]).etag
    again = upload(w.admin, preview["id"], "second.jpg", samples.picture("jpg", 200, 200))
    assert again.status_code == 400 and "cannot be uploaded again" in again.json["message"]
    assert w.stored(m.PreviewFile, preview["id"]) == row and objects_of(w.app, preview["id"]) == objects
    assert w.app.storage.stat("pictures", "original", preview["id"]).etag == etag
    assert spool_dir(w.app) == []


def test_other_files_are_stored_as_uploaded(w):
    preview = new_preview(w)
    data = b"%PDF-1.4\n" + bytes(range(256)) * 40
    answer = upload(w.admin, preview["id"], "Notes Été.PDF", data)
    assert answer.status_code == 201, answer.text
    row = answer.json
    assert (row["status"], row["extension"], row["file_size"], row["original_name"]) == (
        "ready", "pdf", len(data), "Notes Été")
    assert objects_of(w.app, preview["id"]) == {("files", "previews", preview["id"]): len(data)}
    got = w.admin.simulate_get(f"/pictures/originals/preview-files/{preview['id']}.pdf")
    assert got.status_code == 200 and got.content == data and got.headers["content-type"] == "application/pdf"
    # a .psd is kept as a file, never decoded, whatever it holds
    layered = new_preview(w)
    answer = upload(w.admin, layered["id"], "paint.psd", samples.picture("png"))
    assert answer.status_code == 201 and answer.json["extension"] == "psd"
    assert variants_of(w, layered["id"]) == set()


def test_who_may_upload(w):
    task = w.ids["T"]  # assigned to the artist and the vendor
    other = w.new_task("SH1", "FX")  # nobody's
    for role in ("user", "vendor", "manager", "supervisor", "client"):
        preview = new_preview(w, task)
        answer = upload(w.client(role), preview["id"], "frame.png", samples.picture())
        assert answer.status_code == 201, (role, answer.text)
    refused = {"user": 403, "vendor": 404, "outsider": 404}
    for role, status in refused.items():
        preview = new_preview(w, other)
        before, objects = w.stored(m.PreviewFile, preview["id"]), stored(w.app)
        answer = upload(w.client(role), preview["id"], "frame.png", samples.picture())
        assert answer.status_code == status, (role, answer.text)
        assert w.stored(m.PreviewFile, preview["id"]) == before and stored(w.app) == objects
    assert spool_dir(w.app) == []


def test_concurrent_uploads_to_one_preview_one_wins(w):
    server = LiveServer(w.app, threads=6).start()
    try:
        for _round in range(3):
            preview = new_preview(w)
            url = f"{server.url}/pictures/preview-files/{preview['id']}"
            headers = {"Authorization": f"Bearer {w.sc.tokens['admin']}"}
            barrier, answers = threading.Barrier(4), []

            def send(index):
                body = file_form(f"take{index}.png", samples.picture("png", 400 + index, 100))
                barrier.wait()
                answers.append(requests.post(url, data=body["body"], headers={**headers, **body["headers"]},
                                             timeout=60))

            threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            statuses = sorted(a.status_code for a in answers)
            assert statuses == [201, 400, 400, 400], [a.text for a in answers]
            assert all("cannot be uploaded again" in a.json()["message"] for a in answers if a.status_code == 400)
            winner = next(a.json() for a in answers if a.status_code == 201)
            row = w.stored(m.PreviewFile, preview["id"])
            assert (row["status"], row["original_name"], row["width"]) == ("ready", winner["original_name"],
                                                                           winner["width"])
            assert variants_of(w, preview["id"]) == VARIANTS
            original = w.app.storage.read("pictures", "original", preview["id"])
            with Image.open(io.BytesIO(b"".join(original))) as image:
                assert image.size == (winner["width"], 100)  # the stored file is the winner's
    finally:
        server.stop()
    assert spool_dir(w.app) == []


def test_a_claim_left_by_a_crash_is_marked_broken_at_start(w):
    preview = new_preview(w)
    with w.db():  # what a process killed between the claim and the publication leaves
        m.PreviewFile.update(original_name="crashed", extension="png").where(
            m.PreviewFile.id == preview["id"]).execute()
    movie = new_preview(w)
    with w.db():
        m.PreviewFile.update(original_name="movie", extension="mp4").where(m.PreviewFile.id == movie["id"]).execute()
    assert mark_stale_claims_broken(w.app) >= 1
    assert w.stored(m.PreviewFile, preview["id"])["status"] == "broken"
    assert w.stored(m.PreviewFile, movie["id"])["status"] == "processing"  # the movie workers' business
    again = upload(w.admin, preview["id"], "frame.png", samples.picture())
    assert again.status_code == 400 and objects_of(w.app, preview["id"]) == {}


def test_preview_rows_need_a_task(w):
    before = w.count(m.PreviewFile)
    for body in ({}, {"task_id": None}, {"name": "orphan"}):
        answer = w.admin.simulate_post("/data/preview-files", json=body)
        assert answer.status_code == 400 and "task_id" in answer.json["message"], answer.text
    assert w.count(m.PreviewFile) == before
    made = w.admin.simulate_post("/data/preview-files", json={"task_id": w.ids["T"], "name": "direct"})
    assert made.status_code == 201 and made.json["task_id"] == w.ids["T"]


def test_the_claim_is_taken_once(w):
    """What decides between uploads that all passed the early check: the conditional claim."""

    preview = new_preview(w)
    with w.db(), w.app.db.atomic():
        claim(None, None, preview["id"], "first", "png")
    with w.db(), w.app.db.atomic(), pytest.raises(BadRequest, match="cannot be uploaded again"):
        claim(None, None, preview["id"], "second", "png")
    assert w.stored(m.PreviewFile, preview["id"])["original_name"] == "first"
    with w.db(), w.app.db.atomic():
        release(None, None, preview["id"], "second", "mp4")  # not its claim: nothing happens
    assert w.stored(m.PreviewFile, preview["id"])["original_name"] == "first"
    with w.db(), w.app.db.atomic():
        release(None, None, preview["id"], "first", "mp4")
    assert (w.stored(m.PreviewFile, preview["id"])["original_name"], w.stored(m.PreviewFile, preview["id"])[
        "extension"]) == (None, "mp4")


def test_an_upload_outliving_a_reload_still_publishes(w, tmp_path):
    """A reload (SIGHUP) or another machine's start takes a running upload's claim for a crashed one."""

    preview = new_preview(w)
    with w.db(), w.app.db.atomic():
        claim(None, None, preview["id"], "slow", "png")
    assert mark_stale_claims_broken(w.app) >= 1
    assert w.stored(m.PreviewFile, preview["id"])["status"] == "broken"
    source = tmp_path / "slow.png"
    source.write_bytes(samples.picture())
    columns = store_preview_picture(w.app, preview["id"], source, "png")  # the older process goes on
    resp = falcon.Response()
    with w.db(), w.app.transaction():
        publish(None, resp, Context(app=w.app, actor=None), preview["id"], "slow", {**columns, "status": "ready"},
                "picture")
    assert resp.status == falcon.HTTP_201 and resp.media["status"] == "ready"
    assert w.stored(m.PreviewFile, preview["id"])["status"] == "ready" and variants_of(w, preview["id"]) == VARIANTS
