"""Studio time tables: minutes per person by year, month, ISO week and day, and who sees which rows."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import close
from .timesheet import build_timesheet

BASE = "/data/persons/time-spents"


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    sheet = build_timesheet(tmp_path_factory, "people-time-tables")
    yield sheet
    close(sheet.w)


def _table(ts, role, path, status=200, **params):
    answer = ts.w.client(role).simulate_get(f"{BASE}/{path}", params=params or None)
    assert answer.status_code == status, answer.text
    if status != 200:
        return answer.json
    names = {ts.person(r): r for r in ("user", "manager")}
    return {unit: {names[p]: minutes for p, minutes in row.items()} for unit, row in answer.json.items()}


def test_tables_for_admins(ts):
    assert _table(ts, "admin", "year-table") == {"2026": {"user": 255.0, "manager": 10.0}, "2027": {"user": 15.0}}
    assert _table(ts, "admin", "month-table/2026") == {"11": {"user": 210.0, "manager": 10.0}, "12": {"user": 45.0}}
    # Weeks are ISO week numbers of the calendar year's days: 1 January 2027 is in week 53.
    assert _table(ts, "admin", "week-table/2026") == {
        "48": {"user": 120.0, "manager": 10.0}, "49": {"user": 90.0}, "53": {"user": 45.0}}
    assert _table(ts, "admin", "week-table/2027") == {"53": {"user": 15.0}}
    assert _table(ts, "admin", "day-table/2026/11") == {"28": {"user": 120.0, "manager": 10.0}, "30": {"user": 90.0}}
    assert _table(ts, "admin", "day-table/2026/10") == {}


def test_filters(ts):
    ids, types = ts.w.ids, ts.w.types
    assert _table(ts, "admin", "month-table/2026", project_id=ids["Q"]) == {"12": {"user": 45.0}}
    with ts.w.db():
        animation = str(m.TaskType.get_by_id(types["Animation"]).department_id)
    assert _table(ts, "admin", "month-table/2026", department_id=animation) == {
        "11": {"user": 150.0, "manager": 10.0}}
    studio = ts.w.admin.simulate_post("/data/studios", json={"name": "North", "color": "#112233"}).json
    ts.w.admin.simulate_put(f"/data/persons/{ts.person('manager')}", json={"studio_id": studio["id"]})
    assert _table(ts, "admin", "year-table", studio_id=studio["id"]) == {"2026": {"manager": 10.0}}


def test_what_each_role_sees(ts):
    # Managers: the time of their productions; supervisors: of their departments there too.
    assert _table(ts, "manager", "month-table/2026") == {"11": {"user": 210.0, "manager": 10.0}}
    assert _table(ts, "supervisor", "month-table/2026") == {"11": {"user": 150.0, "manager": 10.0}}
    # Anybody else: their own time only, whatever the production.
    assert _table(ts, "user", "month-table/2026") == {"11": {"user": 210.0}, "12": {"user": 45.0}}
    for role in ("client", "vendor", "outsider"):
        assert _table(ts, role, "year-table") == {}, role
        assert _table(ts, role, "day-table/2026/11") == {}, role


def test_refused_filters(ts):
    ids = ts.w.ids
    assert _table(ts, "manager", "year-table", status=403, project_id=ids["Q"])["error"] is True
    assert _table(ts, "supervisor", "week-table/2026", status=403, project_id=ids["Q"])
    with ts.w.db():
        layout = str(m.TaskType.get_by_id(ts.w.types["Layout"]).department_id)
    assert _table(ts, "supervisor", "month-table/2026", status=403, department_id=layout)
    # An artist filtering on a production still reads only their own rows.
    assert _table(ts, "user", "month-table/2026", project_id=ids["P"]) == {"11": {"user": 210.0}}


@pytest.mark.parametrize("path", ["month-table/abc", "week-table/0", "day-table/2026/13", "day-table/2026/x",
                                  "month-table/99999999999"])
def test_bad_periods(ts, path):
    assert _table(ts, "admin", path, status=400)["error"] is True


def test_bad_filter_ids(ts):
    for name in ("project_id", "department_id", "studio_id"):
        assert _table(ts, "admin", "year-table", status=400, **{name: "nope"})["error"] is True
