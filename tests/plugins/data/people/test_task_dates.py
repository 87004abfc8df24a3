"""The studio's task dates: first start and last due date per person, and anonymous busy periods."""

from __future__ import annotations

import pytest

from ..counting import queries
from ..production.tasks.world import build_world, close, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-task-dates")
    admin = world.admin

    def dated(entity, task_type, start, due, project="P", who=("user",)):
        task = world.new_task(entity, task_type, assignees=who, project=project)
        answer = admin.simulate_put(f"/data/tasks/{task}", json={"start_date": start, "due_date": due})
        assert answer.status_code == 200, answer.text
        return task

    dated("SH1", "Layout", "2026-12-01T00:00:00", "2026-12-08T00:00:00")
    dated("SH2", "Layout", "2026-11-20T00:00:00", "2026-12-02T00:00:00")
    dated("SH1", "FX", "2026-12-03T00:00:00", "2026-12-20T00:00:00", who=("supervisor",))
    # Q is another open production: its work shows to P's team only as busy periods.
    dated("EQ", "Layout", "2027-01-01T00:00:00", "2027-01-10T00:00:00", project="Q")
    dated("EQ", "FX", "2027-01-05T00:00:00", "2027-01-15T00:00:00", project="Q")
    dated("EQ", "Compositing", "2027-02-01T00:00:00", "2027-02-03T00:00:00", project="Q")
    dated("EQ", "Lighting", "2027-03-01T00:00:00", "2027-03-02T00:00:00", project="Q", who=("outsider",))
    world.new_task("EQ", "Animation", assignees=("outsider",), project="Q")  # undated: no busy period
    yield world
    close(world)


def _by_person(answer) -> dict:
    assert answer.status_code == 200, answer.text
    return {entry["person_id"]: entry for entry in answer.json}


def test_admins_see_every_open_production(w):
    answer = w.admin.simulate_get("/data/persons/task-dates")
    found = _by_person(answer)
    assert (found[w.person("user")]["min_date"], found[w.person("user")]["max_date"]) == (
        "2026-11-20T00:00:00", "2027-02-03T00:00:00")
    assert found[w.person("supervisor")]["max_date"] == "2026-12-20T00:00:00"
    assert found[w.person("outsider")]["min_date"] == "2027-03-01T00:00:00"
    assert all(entry["busy_periods"] == [] for entry in found.values())
    # The vendor holds only task T, which has no dates.
    assert (found[w.person("vendor")]["min_date"], found[w.person("vendor")]["max_date"]) == (None, None)
    assert shape_diffs("GET__data__persons__task-dates.json", answer) == []


def test_supervisors_and_managers_see_other_productions_as_busy_periods(w):
    for role in ("manager", "supervisor"):
        found = _by_person(w.client(role).simulate_get("/api/data/persons/task-dates"))
        user = found[w.person("user")]
        assert (user["min_date"], user["max_date"]) == ("2026-11-20T00:00:00", "2026-12-08T00:00:00")
        assert user["busy_periods"] == [  # Q's overlapping tasks merged, as Zou prints them
            {"start_date": "2027-01-01 00:00:00", "end_date": "2027-01-15 00:00:00"},
            {"start_date": "2027-02-01 00:00:00", "end_date": "2027-02-03 00:00:00"}]
        outsider = found[w.person("outsider")]
        assert (outsider["min_date"], outsider["max_date"]) == (None, None)
        assert outsider["busy_periods"] == [{"start_date": "2027-03-01 00:00:00", "end_date": "2027-03-02 00:00:00"}]


def test_one_production(w):
    found = _by_person(w.client("manager").simulate_get("/data/persons/task-dates",
                                                        params={"project_id": w.ids["P"]}))
    assert w.person("outsider") not in found and found[w.person("user")]["busy_periods"] == []
    assert found[w.person("user")]["max_date"] == "2026-12-08T00:00:00"
    whole_q = _by_person(w.admin.simulate_get("/data/persons/task-dates", params={"project_id": w.ids["Q"]}))
    assert set(whole_q) == {w.person("user"), w.person("outsider")}
    blank = w.client("manager").simulate_get("/data/persons/task-dates", params={"project_id": " "})
    assert w.person("outsider") in _by_person(blank)


def test_who_may_not_read_task_dates(w):
    for role in ("user", "client", "vendor", "outsider"):
        answer = w.client(role).simulate_get("/data/persons/task-dates")
        assert answer.status_code == 403 and answer.json["error"] is True, role
    for role in ("manager", "supervisor"):  # not in Q's team
        assert w.client(role).simulate_get("/data/persons/task-dates",
                                           params={"project_id": w.ids["Q"]}).status_code == 403
    bad = w.admin.simulate_get("/data/persons/task-dates", params={"project_id": "nope"})
    assert bad.status_code == 400 and "project_id" in bad.json["message"]
    assert w.client(None).simulate_get("/data/persons/task-dates").status_code == 401


def test_task_dates_cost_the_same_queries_whatever_their_length(w):
    before = [queries(w.client(role), "/data/persons/task-dates") for role in ("admin", "manager")]
    for project, entity in (("P", "SH2"), ("Q", "EQ")):
        for who in ("client", "vendor", "outsider"):
            task = w.new_task(entity, "Compositing", assignees=(who,), project=project)
            w.admin.simulate_put(f"/data/tasks/{task}", json={"start_date": "2027-04-01", "due_date": "2027-04-09"})
    assert [queries(w.client(role), "/data/persons/task-dates") for role in ("admin", "manager")] == before
