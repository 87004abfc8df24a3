"""Assigning and unassigning people: links, events, notifications, and the policy's assign rules."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-assign")
    with world.db():
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    world.admin.simulate_put(f"/data/persons/{world.person('user')}", json={"departments": [animation]})
    world.ids["ANI"] = world.new_task("SH1", "Animation")
    world.ids["LAY"] = world.new_task("SH1", "Layout")
    yield world
    close(world)


def _assignees(w, task_id):
    return set(w.task(task_id)["assignees"])


def _assign(client, w, role, *tasks):
    return client.simulate_put(f"/actions/persons/{w.person(role)}/assign", json={"task_ids": list(tasks)})


def test_manager_assigns_with_event_and_notification(w):
    answer = _assign(w.client("manager"), w, "vendor", w.ids["LAY"])
    assert answer.status_code == 200, answer.text
    assert answer.json[0]["assignees"] == [w.person("vendor")] and answer.json[0]["type"] == "Task"
    assert answer.json[0]["assigner_id"] == w.person("manager")
    assert {"task_id": w.ids["LAY"], "person_id": w.person("vendor"), "project_id": w.ids["P"]}.items() <= \
        w.events("task:assign")[-1].items()
    assert w.count(m.Notification, m.Notification.person == w.person("vendor"),
                   m.Notification.notification_type == "assignation", m.Notification.task == w.ids["LAY"]) == 1
    again = _assign(w.client("manager"), w, "vendor", w.ids["LAY"])
    assert again.json[0]["assignees"] == [w.person("vendor")]  # assigning twice changes nothing


def test_assign_one_task(w):
    answer = w.admin.simulate_put(f"/actions/tasks/{w.ids['ANI']}/assign", json={"person_id": w.person("manager")})
    assert answer.status_code == 200 and answer.json["assignees"] == [w.person("manager")]


def test_supervisor_assigns_people_of_their_department_on_its_tasks(w):
    supervisor = w.client("supervisor")
    assert _assign(supervisor, w, "user", w.ids["ANI"]).status_code == 200
    assert _assign(supervisor, w, "client", w.ids["ANI"]).status_code == 403  # not in Animation
    assert _assign(supervisor, w, "user", w.ids["LAY"]).status_code == 403  # a Layout task
    assert w.person("client") not in _assignees(w, w.ids["ANI"])


def test_artist_assigns_only_themselves(w):
    artist = w.client("user")
    assert _assign(artist, w, "supervisor", w.ids["ANI"]).status_code == 403
    assert w.person("supervisor") not in _assignees(w, w.ids["ANI"])
    task = w.new_task("SH2", "Animation")
    assert _assign(artist, w, "user", task).status_code == 200
    assert _assign(artist, w, "user", w.new_task("SH2", "Layout")).status_code == 403


def test_client_vendor_and_outsider_may_not_assign(w):
    task = w.new_task("SH2", "FX")
    for role in ("client", "vendor", "outsider"):
        assert _assign(w.client(role), w, role, task).status_code in REFUSED, role
        cleared = w.client(role).simulate_put("/actions/tasks/clear-assignation", json={"task_ids": [w.ids["T"]]})
        assert cleared.status_code in REFUSED, role
    assert _assignees(w, task) == set()
    assert _assignees(w, w.ids["T"]) == {w.person("user"), w.person("vendor")}


def test_clear_one_person_or_everybody(w):
    task = w.new_task("SH2", "Lighting", assignees=("user", "vendor"))
    answer = w.admin.simulate_put("/actions/tasks/clear-assignation",
                                  json={"task_ids": [task], "person_id": w.person("user")})
    assert answer.status_code == 200 and answer.json == [task]
    assert _assignees(w, task) == {w.person("vendor")}
    assert w.events("task:unassign")[-1]["person_id"] == w.person("user")
    w.admin.simulate_put("/actions/tasks/clear-assignation", json={"task_ids": [task]})
    assert _assignees(w, task) == set()


def test_bad_requests(w):
    assert w.admin.simulate_put(f"/actions/persons/{w.person('user')}/assign", json={}).status_code == 400
    assert w.admin.simulate_put(f"/actions/persons/{w.person('user')}/assign",
                                json={"task_ids": ["x"]}).status_code == 400
    assert _assign(w.admin, w, "user", w.ids["P"]).status_code == 404  # not a task
    assert w.admin.simulate_put(f"/actions/persons/{w.ids['P']}/assign",
                                json={"task_ids": [w.ids["ANI"]]}).status_code == 404  # not a person
