"""Preview rows of comments: revisions, extra files, removal, lists, and who may do what."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-previews")
    yield world
    close(world)


def _commented(w, task, client=None):
    client = client or w.admin
    return client.simulate_post(f"/actions/tasks/{task}/comment",
                                json={"task_status_id": w.types["wfa"], "comment": "see preview"}).json["id"]


def _add(client, task, comment, body=None):
    return client.simulate_post(f"/actions/tasks/{task}/comments/{comment}/add-preview", json=body or {})


def test_revisions_and_extra_files(w):
    task = w.new_task("SH1", "Layout")
    comment = _commented(w, task)
    first = _add(w.admin, task, comment)
    assert first.status_code == 201, first.text
    preview = first.json
    assert (preview["revision"], preview["position"], preview["status"]) == (1, 1, "processing")
    assert preview["comments"] == [comment] and preview["task_id"] == task
    assert w.task(task)["last_preview_file_id"] == preview["id"]
    assert w.count(m.News, m.News.comment == comment, m.News.preview_file == preview["id"]) == 1
    extra = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{comment}/preview-files/{preview['id']}").json
    assert (extra["revision"], extra["position"]) == (1, 2)
    second = _add(w.admin, task, _commented(w, task)).json
    assert (second["revision"], second["position"]) == (2, 1)
    chosen = _add(w.admin, task, _commented(w, task), {"revision": 7}).json
    assert chosen["revision"] == 7
    listed = w.admin.simulate_get(f"/data/tasks/{task}/previews").json
    assert [(p["revision"], p["position"]) for p in listed] == [(7, 1), (2, 1), (1, 1), (1, 2)]
    assert w.events("preview-file:new")[-1]["preview_file_id"] == chosen["id"]
    assert _add(w.admin, task, comment, {"revision": 0}).status_code == 400


def test_entity_previews_grouped_by_task_type_and_revision(w):
    task = w.new_task("SH2", "Animation")
    comment = _commented(w, task)
    main = _add(w.admin, task, comment).json
    extra = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{comment}/preview-files/{main['id']}").json
    grouped = w.admin.simulate_get(f"/data/shots/{w.ids['SH2']}/preview-files").json
    assert list(grouped) == [w.types["Animation"]]
    [revision] = grouped[w.types["Animation"]]
    assert revision["id"] == main["id"] and [p["id"] for p in revision["previews"]] == [extra["id"]]
    assert revision["previews"][0]["task_type_id"] == w.types["Animation"]
    assert w.admin.simulate_get(f"/data/edits/{w.ids['EDIT']}/preview-files").json == {}
    assert w.admin.simulate_get(f"/data/shots/{w.ids['HERO']}/preview-files").status_code == 404
    project = {p["id"] for p in w.admin.simulate_get(f"/data/projects/{w.ids['P']}/preview-files").json}
    assert {main["id"], extra["id"]} <= project


def test_who_adds_previews(w):
    task = w.ids["T"]  # assigned to the artist and the vendor
    comment = _commented(w, task, w.client("user"))
    assert _add(w.client("vendor"), task, comment).status_code == 201
    other = w.new_task("SH1", "FX")
    other_comment = _commented(w, other)
    before = w.count(m.PreviewFile)
    assert _add(w.client("user"), other, other_comment).status_code == 403
    assert _add(w.client("vendor"), other, other_comment).status_code == 404
    assert _add(w.client("outsider"), other, other_comment).status_code == 404
    assert w.count(m.PreviewFile) == before


def test_only_managers_remove_previews(w):
    task = w.new_task("SH1", "Lighting", assignees=("user",))
    comment = _commented(w, task)
    first = _add(w.admin, task, comment).json
    second = w.admin.simulate_post(f"/actions/tasks/{task}/comments/{comment}/preview-files/{first['id']}").json
    path = f"/actions/tasks/{task}/comments/{comment}/preview-files/{second['id']}"
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_delete(path).status_code in REFUSED, role
    assert w.count(m.PreviewFile, m.PreviewFile.id == second["id"]) == 1
    assert w.client("manager").simulate_delete(path).status_code == 204
    assert w.count(m.PreviewFile, m.PreviewFile.id == second["id"]) == 0
    assert w.task(task)["last_preview_file_id"] == first["id"]
    other_comment = _commented(w, task)
    assert w.admin.simulate_delete(
        f"/actions/tasks/{task}/comments/{other_comment}/preview-files/{first['id']}").status_code == 404


def test_vendors_see_previews_of_their_tasks_only(w):
    mine = {p["task_id"] for p in w.client("vendor").simulate_get(f"/data/projects/{w.ids['P']}/preview-files").json}
    assert mine == {w.ids["T"]}
    assert w.client("outsider").simulate_get(f"/data/projects/{w.ids['P']}/preview-files").status_code == 404
