"""A production's day offs, task-type time and budget time; an entity's time spent; who reads them."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ....contract.shapes import compare_bodies
from ..production.tasks.world import REFUSED, close, keyed_shape_diffs
from .timesheet import build_timesheet


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    sheet = build_timesheet(tmp_path_factory, "people-project-time")
    yield sheet
    close(sheet.w)


def _get(ts, role, path, **params):
    return ts.w.client(role).simulate_get(path, params=params or None)


def _by_role(ts, answer) -> dict:
    roles = {ts.person(r): r for r in ("user", "manager", "supervisor", "client", "vendor", "outsider")}
    return {roles[person_id]: rows for person_id, rows in answer.items()}


def _day_off_keys(ts, rows) -> list[str]:
    names = {row["id"]: key for key, row in ts.day_offs.items()}
    return [names[row["id"]] for row in rows]


def test_project_day_offs(ts):
    path = f"/data/projects/{ts.w.ids['P']}/day-offs"
    answer = _get(ts, "manager", path)
    assert answer.status_code == 200 and keyed_shape_diffs("GET__data__projects__{id}__day-offs.json", answer) == []
    team = _by_role(ts, answer.json)
    assert {role: _day_off_keys(ts, rows) for role, rows in team.items()} == {
        "user": ["D1", "D2", "D3"], "manager": ["D5"], "supervisor": ["D6"]}  # not the outsider's
    assert all("description" in row for rows in team.values() for row in rows)
    ranged = _by_role(ts, _get(ts, "admin", path, start_date="2026-12-01", end_date="2026-12-31").json)
    assert {role: _day_off_keys(ts, rows) for role, rows in ranged.items()} == {
        "user": ["D2", "D3"], "supervisor": ["D6"]}


def test_team_members_see_others_dates_only(ts):
    path = f"/data/projects/{ts.w.ids['P']}/day-offs"
    for role in ("user", "supervisor"):
        team = _by_role(ts, _get(ts, role, path).json)
        assert set(team) == {"user", "manager", "supervisor"}
        for owner, rows in team.items():
            assert all(("description" in row) == (owner == role) for row in rows), (role, owner)
    for role in ("client", "vendor"):
        assert _get(ts, role, path).status_code == 403, role
    assert _get(ts, "outsider", path).status_code == 404
    assert _get(ts, "admin", path, start_date="2026-13-01").status_code == 400


def test_task_type_time(ts):
    ids, types = ts.w.ids, ts.w.types
    path = f"/data/projects/{ids['P']}/task-types/{types['Animation']}/time-spents"
    answer = _by_role(ts, _get(ts, "manager", path).json)
    assert [(r["date"], r["duration"]) for r in answer["user"]] == [
        ("2027-01-01", 15.0), ("2026-11-30", 30.0), ("2026-11-28", 120.0)]  # latest first
    assert [r["duration"] for r in answer["manager"]] == [10.0]
    ranged = _by_role(ts, _get(ts, "admin", path, start_date="2026-11-28", end_date="2026-11-30").json)
    assert [r["duration"] for r in ranged["user"]] == [30.0, 120.0]
    assert _get(ts, "admin", f"/data/projects/{ids['P']}/task-types/{types['FX']}/time-spents").json == {}
    for role in ("supervisor", "user", "client", "vendor"):
        assert _get(ts, role, path).status_code == 403, role
    assert _get(ts, "outsider", path).status_code == 404
    assert _get(ts, "admin", f"/data/projects/{ids['P']}/task-types/nope/time-spents").status_code == 400
    assert _get(ts, "admin", path, end_date="yesterday").status_code == 400


def test_budget_time(ts):
    with ts.w.db():
        departments = {name: str(m.TaskType.get_by_id(ts.w.types[name]).department_id)
                       for name in ("Animation", "Layout")}
    path = f"/data/projects/{ts.w.ids['P']}/budgets/time-spents"
    answer = _get(ts, "admin", path).json
    assert answer == {
        departments["Animation"]: {
            "total": 175.0,
            ts.person("user"): {"total": 165.0, "2026-11": 150.0, "2027-01": 15.0},
            ts.person("manager"): {"total": 10.0, "2026-11": 10.0}},
        departments["Layout"]: {"total": 60.0, ts.person("user"): {"total": 60.0, "2026-11": 60.0}},
    }
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        assert _get(ts, role, path).status_code == 403, role
    assert _get(ts, "outsider", path).status_code == 404


def test_entity_time(ts):
    path = f"/data/entities/{ts.w.ids['SH1']}/time-spents"
    rows = _get(ts, "user", path).json
    assert [r["date"] for r in rows] == ["2027-01-01", "2026-11-30", "2026-11-28", "2026-11-28"]  # latest first
    assert sorted(r["duration"] for r in rows) == [10.0, 15.0, 30.0, 120.0]
    assert {r["person_id"] for r in rows} == {ts.person("user"), ts.person("manager")}
    assert compare_bodies(rows[0], _get(ts, "admin", path).json[0]) == []
    for role in ("manager", "supervisor", "client"):
        assert len(_get(ts, role, path).json) == 4, role
    # A vendor reaches only the entities holding a task assigned to them; an outsider none.
    for role in ("vendor", "outsider"):
        assert _get(ts, role, path).status_code in REFUSED, role
    assert _get(ts, "vendor", f"/data/entities/{ts.w.ids['E']}/time-spents").json == []
    assert _get(ts, "admin", "/data/entities/nope/time-spents").status_code == 400
