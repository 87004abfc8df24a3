"""Who sees and who changes which custom field: clients, vendors and supervisors, in every answer.

Project P (the auth scenario: manager, supervisor of Animation, artist,
client, vendor assigned to task T of shot E) gets shot descriptors published
to clients or not and restricted to departments; the vendor belongs to
Modeling. Every value is a marker string, so a hidden value is looked for in
the whole answer of each route, whatever its shape: lists (streamed and
paged), items, boards, to-do rows, task pages, search, versions, events and
news. Each route is also read by someone who does see the value, so a route
that stopped answering ``data`` would fail here rather than pass unseen.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..auth.conftest import FAST
from ..auth.scenario import build

VALUES = {"public": "MARK-public", "internal": "MARK-internal", "anim_notes": "MARK-anim",
          "model_notes": "MARK-model", "frame_in": 1001}
TASK_VALUES = {"task_private": "MARK-task-private", "task_public": "MARK-task-public"}
HIDDEN = {
    "client": {"MARK-internal", "MARK-anim", "MARK-model", "MARK-task-private"},
    "vendor": {"MARK-anim", "MARK-task-private"},
}
SHOWN = {
    "client": {"MARK-public", "MARK-task-public"},
    "vendor": {"MARK-public", "MARK-internal", "MARK-model", "MARK-task-public"},
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("metadata-visibility"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids, people = scenario.admin, scenario.ids, scenario.people
    with app.db.connection_context():
        ids["animation"] = str(m.Department.get(m.Department.name == "Animation").id)
        ids["modeling"] = str(m.Department.get(m.Department.name == "Modeling").id)
        ids["anim_type"] = str(m.TaskType.get(m.TaskType.name == "Animation").id)
    assert admin.simulate_put(f"/data/persons/{people['vendor']}",
                              json={"departments": [ids["modeling"]]}).status_code == 200
    base = f"/data/projects/{ids['P']}/metadata-descriptors"
    for name, extra in (("Public", {"for_client": True}), ("Internal", {}),
                        ("Anim notes", {"departments": [ids["animation"]], "for_client": False}),
                        ("Model notes", {"departments": [ids["modeling"]]})):
        answer = admin.simulate_post(base, json={"entity_type": "Shot", "name": name, **extra})
        assert answer.status_code == 201, answer.text
        ids[name] = answer.json["id"]
    for name, extra in (("Task private", {"departments": [ids["animation"]]}), ("Task public", {"for_client": True})):
        answer = admin.simulate_post(base, json={"entity_type": "Task", "task_type_id": ids["anim_type"],
                                                 "name": name, **extra})
        assert answer.status_code == 201, answer.text
    assert admin.simulate_put(f"/data/entities/{ids['E']}", json={"data": VALUES}).status_code == 200
    assert admin.simulate_put(f"/data/tasks/{ids['T']}", json={"data": TASK_VALUES}).status_code == 200
    # A new frame range keeps the earlier one (with its data) as a shot version.
    assert admin.simulate_put(f"/data/shots/{ids['E']}", json={"data": {**VALUES, "frame_in": 1}}).status_code == 200
    assert admin.simulate_put(f"/data/shots/{ids['E']}", json={"data": VALUES}).status_code == 200
    answer = admin.simulate_post(f"/actions/tasks/{ids['T']}/comment", json={
        "task_status_id": _status(app), "comment": "for everyone", "for_client": True})
    assert answer.status_code in (200, 201), answer.text
    yield scenario
    app.close()


def _status(app) -> str:
    with app.db.connection_context():
        return str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)


def _data_routes(ids) -> dict[str, str]:
    """Routes answering ``data`` -> the hidden marker the admin reads there."""

    p, e, t = ids["P"], ids["E"], ids["T"]
    entity = {path: "MARK-anim" for path in (
        f"/data/entities/{e}", "/data/entities", "/data/entities?page=1", "/data/entities?fields=name,data",
        f"/data/shots/{e}", f"/data/projects/{p}/shots", f"/data/shots/with-tasks?project_id={p}",
        f"/data/shots/with-tasks?project_id={p}&compact=true", f"/data/shots/{e}/versions", "/data/shots")}
    task = {path: "MARK-task-private" for path in (
        f"/data/tasks/{t}", "/data/tasks", "/data/tasks?page=1", f"/data/projects/{p}/tasks",
        f"/data/tasks/{t}/full")}
    return {**entity, **task}


def _text(client, path) -> str:
    answer = client.simulate_get(path)
    assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
    return answer.text


@pytest.mark.parametrize("role", ["client", "vendor"])
def test_hidden_values_leave_every_list_and_item(world, role):
    reader = world.client(role)
    for path, mark in _data_routes(world.ids).items():
        assert mark in _text(world.admin, path), path  # the route does answer the value
        text = _text(reader, path)
        assert not [hidden for hidden in HIDDEN[role] if hidden in text], (role, path)


@pytest.mark.parametrize("role", ["client", "vendor"])
def test_what_the_role_may_see_is_still_there(world, role):
    reader = world.client(role)
    entity = reader.simulate_get(f"/data/entities/{world.ids['E']}").json
    task = reader.simulate_get(f"/data/tasks/{world.ids['T']}").json
    shown = {value for value in (*entity["data"].values(), *task["data"].values()) if isinstance(value, str)}
    assert shown == SHOWN[role]
    assert entity["data"]["frame_in"] == 1001  # keys no descriptor names stay (Zou's own)


@pytest.mark.parametrize("role", ["admin", "manager", "supervisor", "user"])
def test_the_team_sees_every_value(world, role):
    reader = world.client(role)
    for path in (f"/data/entities/{world.ids['E']}", f"/data/shots/with-tasks?project_id={world.ids['P']}",
                 f"/data/tasks/{world.ids['T']}/full"):
        text = _text(reader, path)
        assert all(mark in text for mark in ("MARK-internal", "MARK-anim", "MARK-model")), (role, path)


def test_vendor_todo_rows_hide_the_entity_values_too(world):
    vendor = world.client("vendor")
    rows = vendor.simulate_get("/data/user/tasks").json
    assert [row["id"] for row in rows] == [world.ids["T"]]
    assert "anim_notes" not in rows[0]["entity_data"] and rows[0]["entity_data"]["model_notes"] == "MARK-model"
    assert "task_private" not in rows[0]["data"]
    assert "MARK-anim" in world.client("user").simulate_get("/data/user/tasks").text


def test_events_and_news_carry_ids_not_values(world):
    with world.app.db.connection_context():
        payloads = [e.data for e in m.ApiEvent.select()]
    assert payloads and not any(mark in str(p) for p in payloads for mark in HIDDEN["client"])
    for role in ("client", "vendor", "manager"):
        reader = world.client(role)
        for path in (f"/data/projects/{world.ids['P']}/news", f"/data/entities/{world.ids['E']}/news"):
            answer = reader.simulate_get(path)
            assert answer.status_code == 200, (role, path, answer.text)
            assert not [mark for mark in HIDDEN["client"] if mark in answer.text], (role, path)
    news = world.client("manager").simulate_get(f"/data/projects/{world.ids['P']}/news").json
    assert news["data"], "the comment made news"


def test_search_and_context_hide_values_and_descriptors(world):
    client = world.client("client")
    answer = client.simulate_post("/data/search", json={"query": "SHE", "project_id": world.ids["P"]})
    assert answer.status_code == 200, answer.text
    assert not [mark for mark in HIDDEN["client"] if mark in answer.text]
    context = client.simulate_get("/data/user/context").json
    names = {d["name"] for project in context["projects"] for d in project["descriptors"]}
    assert names == {"Public", "Task public"}


def _put(world, role, path, data):
    return world.client(role).simulate_put(path, json={"data": data})


def test_supervisor_changes_only_their_departments_fields(world):
    e = f"/data/entities/{world.ids['E']}"
    before = world.admin.simulate_get(e).json["data"]
    refused = _put(world, "supervisor", e, {**before, "model_notes": "changed"})
    assert refused.status_code == 403, refused.text
    assert "data.model_notes" in refused.json["message"]
    assert world.admin.simulate_get(e).json["data"] == before
    for key in ("anim_notes", "internal", "free_key"):  # own department, no department, no descriptor
        answer = _put(world, "supervisor", e, {**before, key: f"by supervisor {key}"})
        assert answer.status_code == 200, (key, answer.text)
        assert world.admin.simulate_get(e).json["data"][key] == f"by supervisor {key}"
    assert _put(world, "supervisor", f"/data/shots/{world.ids['E']}",
                {**world.admin.simulate_get(e).json["data"], "model_notes": "x"}).status_code == 403
    # An entity's other columns stay the managers'.
    renamed = world.client("supervisor").simulate_put(e, json={"name": "renamed by supervisor"})
    assert renamed.status_code == 403


def test_department_rule_on_tasks_and_for_managers(world):
    t = f"/data/tasks/{world.ids['T']}"
    data = world.admin.simulate_get(t).json["data"]
    assert _put(world, "supervisor", t, {**data, "task_private": "anim may"}).status_code == 200
    manager = _put(world, "manager", f"/data/entities/{world.ids['E']}",
                   {**world.admin.simulate_get(f"/data/entities/{world.ids['E']}").json["data"],
                    "model_notes": "manager may"})
    assert manager.status_code == 200, manager.text


@pytest.mark.parametrize("role", ["user", "client", "vendor", "outsider"])
def test_others_cannot_change_entity_values(world, role):
    e = f"/data/entities/{world.ids['E']}"
    before = world.admin.simulate_get(e).json["data"]
    answer = _put(world, role, e, {**before, "internal": "nope"})
    assert answer.status_code in (403, 404), (role, answer.text)
    assert world.admin.simulate_get(e).json["data"] == before
