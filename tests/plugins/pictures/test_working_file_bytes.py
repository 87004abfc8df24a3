"""A working file's bytes: stored (streamed) with the row, served back, to whom Zou lets, on both storages."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..data.files.world import REFUSED, build, close, set_tree
from .forms import file_form


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    world = build(tmp_path_factory, "pictures-working-files", config=storage_config)
    set_tree(world, name="default")
    yield world
    close(world)


def working_file(w, task=None) -> dict:
    answer = w.admin.simulate_post(f"/data/tasks/{task or w.ids['T']}/working-files/new", json={"name": "main"})
    assert answer.status_code == 201, answer.text
    return answer.json


def upload(client, row, data: bytes):
    return client.simulate_post(f"/data/working-files/{row['id']}/file", **file_form("scene.blend", data))


def test_upload_then_download_the_same_bytes(w):
    row = working_file(w)
    data = b"BLENDER" + bytes(range(256)) * 4096  # a megabyte
    answer = upload(w.client("user"), row, data)
    assert answer.status_code == 201, answer.text
    assert answer.json["id"] == row["id"] and answer.json["type"] == "WorkingFile" and answer.json["outputs"] == []
    assert answer.json["size"] == len(data)
    assert w.app.storage.stat("files", "working", row["id"]).size == len(data)
    back = w.client("user").simulate_get(f"/data/working-files/{row['id']}/file")
    assert back.status_code == 200 and back.content == data
    assert back.headers["content-type"] == "application/octet-stream"
    assert upload(w.client("user"), row, b"second version").status_code == 201
    assert w.client("vendor").simulate_get(f"/data/working-files/{row['id']}/file").content == b"second version"


def test_who_may_upload_and_download(w):
    row = working_file(w)
    assert upload(w.admin, row, b"kept").status_code == 201
    url = f"/data/working-files/{row['id']}/file"
    assert w.client("client").simulate_get(url).status_code == 200  # the production's team reads
    assert w.client("outsider").simulate_get(url).status_code == 404
    assert w.client(None).simulate_get(url).status_code == 401
    other = working_file(w, w.new_task("SH2", "FX"))
    assert w.client("vendor").simulate_get(f"/data/working-files/{other['id']}/file").status_code in REFUSED
    for role in ("outsider", "supervisor"):  # not their task, not their department
        assert upload(w.client(role), other, b"nope").status_code in REFUSED, role
    assert w.client("user").simulate_post(f"/data/working-files/{other['id']}/file",
                                          **file_form("x.blend", b"x")).status_code == 403
    assert w.app.storage.stat("files", "working", other["id"]) is None  # nothing stored when refused


def test_missing_things_and_bad_uploads(w):
    row = working_file(w)
    assert w.admin.simulate_get(f"/data/working-files/{row['id']}/file").status_code == 404  # never uploaded
    ghost = "00000000-0000-4000-8000-000000000000"
    assert w.admin.simulate_get(f"/data/working-files/{ghost}/file").status_code == 404
    assert upload(w.admin, {"id": ghost}, b"x").status_code == 404
    empty = upload(w.admin, row, b"")
    assert empty.status_code == 400 and empty.json["error"] is True
    not_a_form = w.admin.simulate_post(f"/data/working-files/{row['id']}/file", json={"file": "x"})
    assert not_a_form.status_code == 400
    assert w.app.storage.stat("files", "working", row["id"]) is None
    with w.db():
        assert m.WorkingFile.get_by_id(row["id"]).size is None


def test_deleting_the_row_removes_its_bytes(w):
    row = working_file(w)
    assert upload(w.admin, row, b"to be removed").status_code == 201
    assert w.admin.simulate_delete(f"/data/working-files/{row['id']}").status_code == 204
    assert w.app.storage.stat("files", "working", row["id"]) is None
