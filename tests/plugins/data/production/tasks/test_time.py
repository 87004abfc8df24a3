"""Time spent and subscriptions: values, the task's duration, events, and who may log or follow."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close

DAY = "2026-11-28"


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-time")
    yield world
    close(world)


def _log(client, w, task, role, minutes, add=False, day=DAY):
    path = f"/actions/tasks/{task}/time-spents/{day}/persons/{w.person(role)}" + ("/add" if add else "")
    return client.simulate_post(path, json={"duration": minutes})


def test_set_add_read_and_remove_time(w):
    task = w.new_task("SH1", "Layout", assignees=("user",))
    first = _log(w.admin, w, task, "user", 120)
    assert first.status_code == 201 and first.json["duration"] == 120.0 and first.json["type"] == "TimeSpent"
    added = _log(w.admin, w, task, "user", 30, add=True)
    assert added.json["id"] == first.json["id"] and added.json["duration"] == 150.0
    assert w.task(task)["duration"] == 150.0
    _log(w.admin, w, task, "manager", 60, day="2026-11-29")
    every = w.admin.simulate_get(f"/actions/tasks/{task}/time-spents").json
    assert every["total"] == 210.0 and [t["duration"] for t in every[w.person("user")]] == [150.0]
    one_day = w.admin.simulate_get(f"/actions/tasks/{task}/time-spents/{DAY}").json
    assert set(one_day) == {"total", w.person("user")} and one_day["total"] == 150.0
    assert [e["time_spent_id"] for e in w.events("time-spent:update")][-1] == first.json["id"]
    removed = w.admin.simulate_delete(f"/actions/tasks/{task}/time-spents/{DAY}/persons/{w.person('user')}")
    assert removed.status_code == 204 and w.task(task)["duration"] == 60.0


def test_bad_time_requests(w):
    task = w.new_task("SH1", "FX")
    assert _log(w.admin, w, task, "user", 0).status_code == 400
    assert _log(w.admin, w, task, "user", "ten").status_code == 400
    assert _log(w.admin, w, task, "user", 10, day="28-11-2026").status_code == 400
    assert w.admin.simulate_get(f"/actions/tasks/{task}/time-spents/2026-13-01").status_code == 400
    assert w.admin.simulate_post(f"/actions/tasks/{task}/time-spents/{DAY}/persons/{w.ids['P']}",
                                 json={"duration": 5}).status_code == 404
    assert _log(w.admin, w, task, "user", 10).status_code == 201
    assert _log(w.admin, w, task, "user", -10, add=True).status_code == 400


def test_who_logs_time(w):
    task = w.ids["T"]  # assigned to the artist and the vendor
    assert _log(w.client("user"), w, task, "user", 10).status_code == 201
    assert _log(w.client("vendor"), w, task, "vendor", 10).status_code == 201
    assert _log(w.client("manager"), w, task, "user", 20, add=True).status_code == 201
    assert _log(w.client("user"), w, task, "vendor", 10).status_code == 403  # for someone else
    other = w.new_task("SH2", "Lighting")
    for role in ("user", "supervisor", "client"):  # not assigned to it
        assert _log(w.client(role), w, other, role, 10).status_code == 403, role
    assert _log(w.client("vendor"), w, other, "vendor", 10).status_code == 404
    assert _log(w.client("outsider"), w, other, "outsider", 10).status_code == 404
    assert w.count(m.TimeSpent, m.TimeSpent.task == other) == 0
    assert w.count(m.TimeSpent, m.TimeSpent.task == task, m.TimeSpent.person == w.person("vendor")) == 1


def test_subscriptions(w):
    task = w.new_task("SH1", "Animation")
    artist = w.client("user")
    first = artist.simulate_post(f"/actions/user/tasks/{task}/subscribe")
    assert first.status_code == 201 and first.json["person_id"] == w.person("user")
    again = artist.simulate_post(f"/actions/user/tasks/{task}/subscribe")
    assert again.status_code == 201 and again.json["id"] == first.json["id"]
    assert artist.simulate_get(f"/data/tasks/{task}/full").json["is_subscribed"] is True
    path = f"/data/projects/{w.ids['P']}/subscriptions"
    assert [s["id"] for s in w.client("manager").simulate_get(path).json] == [first.json["id"]]
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_get(path).status_code in REFUSED, role
    assert w.client("vendor").simulate_post(f"/actions/user/tasks/{task}/subscribe").status_code == 404
    assert w.client("outsider").simulate_post(f"/actions/user/tasks/{task}/subscribe").status_code == 404
    assert artist.simulate_delete(f"/actions/user/tasks/{task}/unsubscribe").status_code == 204
    assert w.count(m.Subscription, m.Subscription.task == task) == 0
    assert artist.simulate_delete(f"/actions/user/tasks/{task}/unsubscribe").status_code == 204
