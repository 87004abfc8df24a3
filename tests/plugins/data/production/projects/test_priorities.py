"""Priorities: the studio's task types in order (admins), a project's task type and task status links
(its managers). Real logins; refused writes leave the database unchanged."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import AppFactory

from ....auth.conftest import FAST
from ....auth.scenario import build
from ...counting import QueryCounter

REFUSED_IN_TEAM = ("supervisor", "user", "client", "vendor")


@pytest.fixture(scope="module")
def sc(tmp_path_factory):
    app = AppFactory(tmp_path_factory.mktemp("priorities"), [])(config={"plugins": {"auth": dict(FAST)}},
                                                                actors=False)
    scenario = build(app)
    with app.db.connection_context():
        scenario.ids.update({f"tt:{t.name}": str(t.id) for t in m.TaskType.select()})
        scenario.ids.update({f"ts:{s.short_name}": str(s.id) for s in m.TaskStatus.select()})
    yield scenario
    app.close()


def _db(sc):
    return sc.app.db.connection_context()


def _task_type_priorities(sc) -> dict:
    with _db(sc):
        return {str(t.id): t.priority for t in m.TaskType.select()}


def _links(sc, model, field, project="P") -> dict:
    with _db(sc):
        query = model.select().where(model.project == sc.ids[project])
        return {str(getattr(link, field + "_id")): link for link in query}


def _events(sc, name):
    with _db(sc):
        return [e for e in m.ApiEvent.select().where(m.ApiEvent.name == name)]


# -- studio task types ---------------------------------------------------------------------------------


def test_admin_reorders_the_task_types(sc):
    ids = [sc.ids["tt:Compositing"], sc.ids["tt:Layout"], sc.ids["tt:Animation"]]
    unknown = str(uuid.uuid4())
    answer = sc.client("admin").simulate_post("/api/actions/task-types/reorder",
                                              json={"task_type_ids": [ids[0], unknown, ids[1], ids[2]]})
    assert answer.status_code == 200, answer.text
    assert [(row["id"], row["priority"], row["type"]) for row in answer.json] == [
        (ids[0], 1, "TaskType"), (ids[1], 3, "TaskType"), (ids[2], 4, "TaskType")]
    priorities = _task_type_priorities(sc)
    assert [priorities[i] for i in ids] == [1, 3, 4]


def test_a_task_type_listed_twice_keeps_its_last_place(sc):
    ids = [sc.ids["tt:FX"], sc.ids["tt:Lighting"]]
    answer = sc.client("admin").simulate_post("/actions/task-types/reorder",
                                              json={"task_type_ids": [ids[0], ids[1], ids[0]]})
    assert [(row["id"], row["priority"]) for row in answer.json] == [(ids[0], 3), (ids[1], 2)]


@pytest.mark.parametrize("role", ("manager", "supervisor", "user", "client", "vendor", "outsider"))
def test_only_admins_reorder_task_types(sc, role):
    before = _task_type_priorities(sc)
    answer = sc.client(role).simulate_post("/actions/task-types/reorder",
                                           json={"task_type_ids": [sc.ids["tt:Modeling"]]})
    assert answer.status_code == 403
    assert _task_type_priorities(sc) == before


@pytest.mark.parametrize("body", [{}, {"task_type_ids": "x"}, {"task_type_ids": ["nope"]}, [1]])
def test_bad_reorder_bodies_are_400(sc, body):
    answer = sc.client("admin").simulate_post("/actions/task-types/reorder", json=body)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_a_reorder_takes_the_same_statements_for_any_length(sc):
    admin = sc.client("admin")
    with _db(sc):
        every = [str(t.id) for t in m.TaskType.select().order_by(m.TaskType.name)]
    with QueryCounter(sc.app) as short:
        admin.simulate_post("/actions/task-types/reorder", json={"task_type_ids": every[:2]})
    with QueryCounter(sc.app) as long:
        admin.simulate_post("/actions/task-types/reorder", json={"task_type_ids": every})
    assert long.count == short.count


# -- project links -------------------------------------------------------------------------------------

LINKS = [
    # (collection, reorder segment, model, key, ids prefix)
    ("task-type-links", "task-type-links", m.ProjectTaskTypeLink, "task_type", "tt:"),
    ("task-status-links", "task-status-links", m.ProjectTaskStatusLink, "task_status", "ts:"),
]


@pytest.mark.parametrize("collection, segment, model, key, prefix", LINKS, ids=[link[0] for link in LINKS])
def test_manager_sets_a_link_priority_then_reorders(sc, collection, segment, model, key, prefix):
    manager = sc.client("manager")
    names = ("Layout", "Animation", "FX") if key == "task_type" else ("wip", "done", "retake")
    targets = [sc.ids[prefix + name] for name in names]
    seen = len(_events(sc, "project:update"))
    first = manager.simulate_post(f"/data/{collection}", json={
        "project_id": sc.ids["P"], f"{key}_id": targets[0], "priority": 5})
    assert first.status_code == 201, first.text
    row = first.json
    assert row["type"] == ("ProjectTaskTypeLink" if key == "task_type" else "ProjectTaskStatusLink")
    assert (row["project_id"], row[f"{key}_id"], row["priority"]) == (sc.ids["P"], targets[0], 5)
    again = manager.simulate_post(f"/api/data/{collection}", json={"project_id": sc.ids["P"],
                                                                     f"{key}_id": targets[0]})
    assert again.status_code == 201 and again.json["id"] == row["id"] and again.json["priority"] == 1
    manager.simulate_post(f"/data/{collection}", json={"project_id": sc.ids["P"], f"{key}_id": targets[1],
                                                       "priority": 9})
    links = _links(sc, model, key)
    assert (links[targets[0]].priority, links[targets[1]].priority) == (1, 9)

    reordered = manager.simulate_post(f"/actions/projects/{sc.ids['P']}/{segment}/reorder",
                                      json={f"{key}_ids": [targets[1], targets[2], targets[0]]})
    assert reordered.status_code == 200, reordered.text
    # The third target has no link in the project: skipped, never created.
    assert [(r[f"{key}_id"], r["priority"]) for r in reordered.json] == [(targets[1], 1), (targets[0], 3)]
    links = _links(sc, model, key)
    assert targets[2] not in links and (links[targets[1]].priority, links[targets[0]].priority) == (1, 3)
    updates = _events(sc, "project:update")[seen:]
    assert len(updates) == 4 and {e.project_id for e in updates} == {uuid.UUID(sc.ids["P"])}


def test_board_roles_are_replaced_by_a_set_and_kept_by_a_reorder(sc):
    manager, status = sc.client("manager"), sc.ids["ts:ready"]
    body = {"project_id": sc.ids["P"], "task_status_id": status, "roles_for_board": ["manager", "supervisor"]}
    assert manager.simulate_post("/data/task-status-links", json=body).json["roles_for_board"] == [
        "manager", "supervisor"]
    manager.simulate_post(f"/actions/projects/{sc.ids['P']}/task-status-links/reorder",
                          json={"task_status_ids": [status]})
    assert _links(sc, m.ProjectTaskStatusLink, "task_status")[status].roles_for_board == ["manager", "supervisor"]
    # As in Zou, setting the link without roles leaves none.
    answer = manager.simulate_post("/data/task-status-links", json={"project_id": sc.ids["P"],
                                                                    "task_status_id": status})
    assert answer.json["roles_for_board"] == []


@pytest.mark.parametrize("collection, segment, model, key, prefix", LINKS, ids=[link[0] for link in LINKS])
@pytest.mark.parametrize("role", REFUSED_IN_TEAM + ("outsider",))
def test_others_change_no_link(sc, collection, segment, model, key, prefix, role):
    target = sc.ids[prefix + ("Rigging" if key == "task_type" else "wfa")]
    before = {k: (v.priority, v.id) for k, v in _links(sc, model, key).items()}
    client = sc.client(role)
    created = client.simulate_post(f"/data/{collection}", json={"project_id": sc.ids["P"], f"{key}_id": target})
    reordered = client.simulate_post(f"/actions/projects/{sc.ids['P']}/{segment}/reorder",
                                     json={f"{key}_ids": list(before)})
    expected = 404 if role == "outsider" else 403
    assert (created.status_code, reordered.status_code) == (expected, expected)
    assert {k: (v.priority, v.id) for k, v in _links(sc, model, key).items()} == before


@pytest.mark.parametrize("collection, segment, model, key, prefix", LINKS, ids=[link[0] for link in LINKS])
def test_a_manager_of_p_cannot_touch_q(sc, collection, segment, model, key, prefix):
    target = sc.ids[prefix + ("Shading" if key == "task_type" else "todo")]
    manager = sc.client("manager")
    created = manager.simulate_post(f"/data/{collection}", json={"project_id": sc.ids["Q"], f"{key}_id": target})
    reordered = manager.simulate_post(f"/actions/projects/{sc.ids['Q']}/{segment}/reorder",
                                      json={f"{key}_ids": [target]})
    assert (created.status_code, reordered.status_code) == (404, 404)
    assert target not in _links(sc, model, key, "Q")


@pytest.mark.parametrize("collection, segment, model, key, prefix", LINKS, ids=[link[0] for link in LINKS])
def test_bad_link_bodies_are_400(sc, collection, segment, model, key, prefix):
    admin, p = sc.client("admin"), sc.ids["P"]
    for body in ({"project_id": p}, {f"{key}_id": str(uuid.uuid4())}, {"project_id": "x", f"{key}_id": p},
                 {"project_id": p, f"{key}_id": str(uuid.uuid4())},  # no such task type / status
                 {"project_id": p, f"{key}_id": sc.ids[prefix + ("Layout" if key == "task_type" else "wip")],
                  "priority": "high"}):
        answer = admin.simulate_post(f"/data/{collection}", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, (body, answer.text)
    assert admin.simulate_post(f"/data/{collection}", json={"project_id": str(uuid.uuid4()),
                                                            f"{key}_id": p}).status_code in (400, 404)
    assert admin.simulate_post(f"/actions/projects/not-an-id/{segment}/reorder",
                               json={f"{key}_ids": []}).status_code == 400
    assert admin.simulate_post(f"/actions/projects/{p}/{segment}/reorder", json={}).status_code == 400
