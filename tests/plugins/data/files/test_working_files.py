"""Working files: new revisions with their paths, lists, last revisions, comment and date, and who may."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build, close, set_tree


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build(tmp_path_factory, "files-working")
    set_tree(world, name="simple")
    yield world
    close(world)


def new(client, task, **body):
    return client.simulate_post(f"/data/tasks/{task}/working-files/new", json={"name": "main", **body})


def test_new_working_files_take_the_next_revision_with_their_path(w):
    task = w.new_task("SH1", "Layout")
    first = new(w.admin, task, comment="first save")
    assert first.status_code == 201, first.text
    row = first.json
    assert row["type"] == "WorkingFile" and row["revision"] == 1 and row["comment"] == "first save"
    assert row["task_id"] == task and row["entity_id"] == w.ids["SH1"] and "outputs" not in row
    assert row["path"] == ("/simple/productions/project_p/shots/sq01/sh010/layout/3ds_max/"
                           "project_p_sq01_sh010_layout_main_v001")
    second = new(w.admin, task, comment="again").json
    assert second["revision"] == 2 and second["path"].endswith("_main_v002")
    assert new(w.admin, task, name="other").json["revision"] == 1  # revisions count per name
    chosen = new(w.admin, task, revision=9, sep="\\").json
    assert chosen["revision"] == 9 and chosen["path"].endswith("3ds_max\\project_p_sq01_sh010_layout_main_v009")
    again = new(w.admin, task, revision=9)
    assert again.status_code == 400 and again.json["message"] == "The given working file already exists."
    assert {"working_file_id": row["id"], "project_id": w.ids["P"]}.items() <= w.events("working-file:new")[0].items()


def test_saving_assigns_the_task_to_its_author(w):
    task = w.new_task("SH2", "Animation")
    assert new(w.client("user"), task).status_code == 201
    assert w.person("user") in w.task(task)["assignees"]
    assert {"task_id": task, "person_id": w.person("user")}.items() <= w.events("task:assign")[-1].items()
    assert new(w.client("user"), task).status_code == 201  # already assigned: no second event
    assert len([e for e in w.events("task:assign") if e["task_id"] == task]) == 1


def test_lists_and_last_revisions(w):
    task = w.new_task("HERO", "Modeling")
    for name in ("main", "main", "main", "props"):
        assert new(w.admin, task, name=name).status_code == 201
    listed = w.admin.simulate_get(f"/data/tasks/{task}/working-files").json
    assert sorted((r["name"], r["revision"]) for r in listed) == [("main", 1), ("main", 2), ("main", 3), ("props", 1)]
    assert [r["revision"] for r in listed] == sorted((r["revision"] for r in listed), reverse=True)
    last = w.admin.simulate_get(f"/data/tasks/{task}/working-files/last-revisions").json
    assert {name: row["revision"] for name, row in last.items()} == {"main": 3, "props": 1}
    other = w.new_task("HERO", "Rigging")
    new(w.admin, other, name="rig")
    of_entity = w.admin.simulate_get(f"/data/entities/{w.ids['HERO']}/working-files").json
    assert {r["task_id"] for r in of_entity} == {task, other}
    only = w.admin.simulate_get(f"/data/entities/{w.ids['HERO']}/working-files",
                                params={"task_id": task, "name": "main"}).json
    assert [r["revision"] for r in only] == [3, 2, 1]
    with_outputs = w.admin.simulate_get(f"/data/entities/{w.ids['HERO']}/working-files",
                                        params={"relations": "true"}).json
    assert all(r["outputs"] == [] for r in with_outputs)
    assert w.admin.simulate_get(f"/data/tasks/{w.new_task('LAMP')}/working-files/last-revisions").json == {}


def test_comment_and_modification_date(w):
    task = w.new_task("SH1", "FX", assignees=("user",))
    row = new(w.admin, task).json
    with w.db():
        m.WorkingFile.update(updated_at="2020-01-01T00:00:00").where(m.WorkingFile.id == row["id"]).execute()
    changed = w.client("user").simulate_put(f"/actions/working-files/{row['id']}/comment",
                                            json={"comment": "updated comment"})
    assert changed.status_code == 200 and changed.json["comment"] == "updated comment"
    touched = w.client("user").simulate_put(f"/actions/working-files/{row['id']}/modified")
    assert touched.status_code == 200 and touched.json["updated_at"] > "2020-01-01T00:00:00"
    assert w.admin.simulate_get(f"/data/files/{row['id']}").json["comment"] == "updated comment"
    missing = w.admin.simulate_put(f"/actions/working-files/{row['id']}/comment", json={})
    assert missing.status_code == 400 and missing.json["error"] is True


def test_who_may_save_and_read_working_files(w):
    assigned = w.ids["T"]  # the scenario's task: assigned to the artist and the vendor
    other = w.new_task("SH1", "Compositing")
    for role in ("manager", "supervisor", "user", "vendor"):
        assert new(w.client(role), assigned).status_code == 201, role
    assert new(w.client("user"), other).status_code == 201  # artists save on any task of their production
    assert new(w.client("client"), assigned).status_code == 403  # clients review, they do not save files
    assert new(w.client("vendor"), other).status_code in REFUSED  # not their task
    assert new(w.client("outsider"), assigned).status_code == 404
    assert new(w.client("manager"), w.ids["TQ"]).status_code == 404  # another production
    assert w.client("client").simulate_get(f"/data/tasks/{assigned}/working-files").status_code == 200
    assert w.client("vendor").simulate_get(f"/data/tasks/{assigned}/working-files").status_code == 403
    assert w.client("outsider").simulate_get(f"/data/tasks/{assigned}/working-files").status_code == 404
    row = new(w.admin, w.new_task("SH2", "Compositing")).json
    assert w.client("user").simulate_put(f"/actions/working-files/{row['id']}/comment",
                                         json={"comment": "x"}).status_code == 403  # not assigned to them
    assert w.client("client").simulate_put(f"/actions/working-files/{row['id']}/modified").status_code == 200
    assert w.client("outsider").simulate_get(f"/data/files/{row['id']}").status_code == 404
    assert w.client(None).simulate_get(f"/data/files/{row['id']}").status_code == 401


def test_bad_input_is_a_clear_400(w):
    task = w.new_task("SH2", "Layout")
    for body in ({}, {"name": ""}, {"name": 3}, {"name": "main", "revision": -1}, {"name": "main", "revision": "x"},
                 {"name": "main", "software_id": "nope"}, {"name": "main", "person_id": "nope"},
                 {"name": "x" * 300}):
        answer = w.admin.simulate_post(f"/data/tasks/{task}/working-files/new", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, (body, answer.text)
    unknown = new(w.admin, task, software_id="00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 404
    ghost = new(w.admin, task, person_id="00000000-0000-4000-8000-000000000000")
    assert ghost.status_code == 400
    assert w.admin.simulate_post("/data/tasks/not-an-id/working-files/new", json={"name": "a"}).status_code in (400,
                                                                                                                404)
    assert w.admin.simulate_get("/data/files/00000000-0000-4000-8000-000000000000").status_code == 404
    assert w.count(m.WorkingFile, m.WorkingFile.task == task) == 0
