"""Creating tasks in bulk and removing them: what is created, what is skipped, who may."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close

NOT_MANAGERS = ("supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-create")
    yield world
    close(world)


def _create(client, w, kind, task_type, body=None):
    path = f"/actions/projects/{w.ids['P']}/task-types/{w.types[task_type]}/{kind}/create-tasks"
    return client.simulate_post(path, json=body) if body is not None else client.simulate_post(path)


def test_shot_tasks_for_every_shot_skipping_existing_ones(w):
    existing = w.new_task("SH1", "Lighting")
    answer = _create(w.client("manager"), w, "shots", "Lighting")
    assert answer.status_code == 201, answer.text
    created = {t["entity_id"] for t in answer.json}
    assert created == {w.ids["SH2"], w.ids["E"]}  # SH1 already had one
    first = answer.json[0]
    assert first["name"] == "main" and first["task_status_short_name"] == "todo"
    assert first["task_type_name"] == "Lighting" and first["assignees"] == []
    assert first["assigner_id"] == w.person("manager")
    assert {e["task_id"] for e in w.events("task:new")} >= {t["id"] for t in answer.json}
    again = _create(w.admin, w, "shots", "Lighting")
    assert again.status_code == 201 and again.json == []
    assert w.count(m.Task, m.Task.entity == w.ids["SH1"], m.Task.task_type == w.types["Lighting"]) == 1
    assert existing


def test_asset_tasks_for_given_assets_only(w):
    answer = _create(w.admin, w, "assets", "Rigging", [w.ids["HERO"]])
    assert [t["entity_id"] for t in answer.json] == [w.ids["HERO"]]
    refused = _create(w.admin, w, "assets", "Rigging", [w.ids["SH1"]])
    assert refused.status_code == 400  # not an asset
    assert _create(w.admin, w, "assets", "Rigging", ["bad"]).status_code == 400
    generic = w.admin.simulate_post(
        f"/actions/projects/{w.ids['P']}/task-types/{w.types['Rigging']}/create-tasks/assets", json=[w.ids["LAMP"]])
    assert [t["entity_id"] for t in generic.json] == [w.ids["LAMP"]]


def test_other_kinds_and_unknown_task_types(w):
    for kind, key, task_type in (("edits", "EDIT", "Edit"), ("concepts", "CONCEPT", "Concept Art"),
                                 ("sequences", "SQ", "Storyboard"), ("episodes", "EP", "Episode Edit")):
        answer = _create(w.admin, w, kind, task_type)
        assert [t["entity_id"] for t in answer.json] == [w.ids[key]], kind
    unknown = w.admin.simulate_post(
        f"/actions/projects/{w.ids['P']}/task-types/{w.ids['P']}/shots/create-tasks")
    assert unknown.status_code == 404


def test_entity_tasks_for_several_task_types(w):
    path = f"/data/entities/{w.ids['SH2']}/tasks"
    answer = w.admin.simulate_post(path, json={"task_type_ids": [w.types["FX"], w.types["Compositing"]]})
    assert answer.status_code == 201
    assert sorted(t["task_type_name"] for t in answer.json) == ["Compositing", "FX"]
    assert w.admin.simulate_post(path, json={"task_type_ids": [w.types["FX"]]}).json == []
    assert w.admin.simulate_post(path, json={"task_type_ids": [w.ids["P"]]}).status_code == 400
    assert w.admin.simulate_post(path, json={}).status_code == 400


def test_only_managers_create_tasks(w):
    before = w.count(m.Task)
    for role in NOT_MANAGERS:
        assert _create(w.client(role), w, "shots", "FX").status_code in REFUSED, role
        answer = w.client(role).simulate_post(f"/data/entities/{w.ids['SH1']}/tasks",
                                              json={"task_type_ids": [w.types["FX"]]})
        assert answer.status_code in REFUSED, role
    assert w.count(m.Task) == before


def test_deleting_tasks_takes_what_they_hold(w):
    victim = w.new_task("SH1", "FX", assignees=("user",))
    comment = w.admin.simulate_post(f"/actions/tasks/{victim}/comment",
                                    json={"task_status_id": w.types["wip"], "comment": "soon gone"}).json
    w.admin.simulate_post(f"/actions/tasks/{victim}/comments/{comment['id']}/add-preview", json={})
    path = f"/actions/projects/{w.ids['P']}/delete-tasks"
    for role in NOT_MANAGERS:
        assert w.client(role).simulate_post(path, json=[victim]).status_code in REFUSED, role
    assert w.count(m.Task, m.Task.id == victim) == 1
    answer = w.client("manager").simulate_post(path, json=[victim, w.ids["TQ"]])
    assert answer.status_code == 200 and answer.json == [victim]  # TQ is not a task of P
    assert w.count(m.Task, m.Task.id == victim) == 0 and w.count(m.Comment, m.Comment.object_id == victim) == 0
    assert w.count(m.Task, m.Task.id == w.ids["TQ"]) == 1
    assert victim in {e["task_id"] for e in w.events("task:delete")}


def test_deleting_every_task_of_a_type(w):
    w.new_task("SH1", "Compositing")
    path = f"/actions/projects/{w.ids['P']}/task-types/{w.types['Compositing']}/delete-tasks"
    for role in NOT_MANAGERS:
        assert w.client(role).simulate_delete(path).status_code in REFUSED, role
    assert w.count(m.Task, m.Task.task_type == w.types["Compositing"]) == 2
    assert w.admin.simulate_delete(path).status_code == 204
    assert w.count(m.Task, m.Task.task_type == w.types["Compositing"]) == 0
