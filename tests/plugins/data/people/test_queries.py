"""The people time routes cost the same number of queries whatever the number of rows they read."""

from __future__ import annotations

import pytest

from ..counting import queries
from ..production.tasks.world import close
from .timesheet import build_timesheet, day_off, log


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    sheet = build_timesheet(tmp_path_factory, "people-queries")
    yield sheet
    close(sheet.w)


def _paths(ts) -> list[tuple[str, str]]:
    ids, types, user = ts.w.ids, ts.w.types, ts.person("user")
    quota = f"project_id={ids['P']}&task_type_id={types['Layout']}"
    person = f"/data/persons/{user}"
    found = [
        f"{person}/time-spents", f"{person}/time-spents/2026-11-30", f"{person}/time-spents/year/2026",
        f"{person}/time-spents/month/2026/11", f"{person}/time-spents/month/all/2026/11",
        f"{person}/time-spents/week/2026/49", f"{person}/time-spents/day/2026/11/30",
        "/data/persons/time-spents/year-table", "/data/persons/time-spents/month-table/2026",
        "/data/persons/time-spents/week-table/2026", "/data/persons/time-spents/day-table/2026/11",
        f"{person}/day-offs", f"{person}/day-offs/2026-12-01", f"{person}/day-offs/week/2026/49",
        f"{person}/day-offs/month/2026/12", f"{person}/day-offs/year/2026", "/data/persons/day-offs/2026/12",
        "/data/persons/presence-logs/2026-11", f"/data/projects/{ids['P']}/day-offs",
        f"/data/projects/{ids['P']}/task-types/{types['Layout']}/time-spents",
        f"/data/projects/{ids['P']}/budgets/time-spents", f"/data/entities/{ids['SH2']}/time-spents",
        f"/data/projects/{ids['P']}/quotas/{types['Layout']}", f"/data/projects/{ids['P']}/quotas/persons/{user}",
        f"{person}/quota-shots/month/2026/11?{quota}", f"{person}/quota-shots/week/2026/49?{quota}",
        f"{person}/quota-shots/day/2026/11/30?{quota}&count_mode=feedback",
    ]
    readers = [("admin", path) for path in found]
    readers += [(role, path) for role in ("manager", "supervisor") for path in (
        f"{person}/time-spents/year/2026", f"{person}/time-spents/2026-11-30", "/data/persons/day-offs/2026/12",
        "/data/persons/time-spents/month-table/2026", f"/data/projects/{ids['P']}/day-offs")]
    return readers


def _count(ts, role, path) -> int:
    query = None
    if "?" in path:
        path, query = path.split("?", 1)
    return queries(_Client(ts.w.client(role), query), path)


class _Client:
    """A test client whose GETs carry a fixed query string."""

    def __init__(self, client, query):
        self.client, self.query = client, query

    def simulate_get(self, path):
        return self.client.simulate_get(path, query_string=self.query)


def _grow(ts, first: int, n: int) -> None:
    w = ts.w
    admin = w.admin
    for i in range(n):
        task = w.new_task("SH2", "Layout", assignees=("user", "manager"))
        admin.simulate_put(f"/data/tasks/{task}", json={"real_start_date": "2026-11-23T09:00:00",
                                                        "end_date": "2026-11-30T17:00:00"})
        for day in ("2026-11-30", "2026-12-01"):
            log(w, task, "user", day, 10 + i)
            log(w, task, "manager", day, 5 + i)
        idle = w.new_task("SH2", "Layout", assignees=("user",))
        admin.simulate_put(f"/data/tasks/{idle}", json={"real_start_date": "2026-11-24T09:00:00",
                                                        "end_date": "2026-12-02T17:00:00"})
    for i in range(first, first + n):
        day_off(w, "manager", f"2026-12-{10 + i:02d}", f"2026-12-{10 + i:02d}", f"off {i}")
        day_off(w, "supervisor", f"2026-12-{20 + i:02d}", f"2026-12-{20 + i:02d}", f"off {i}")


def test_queries_do_not_grow_with_rows(ts):
    readers = _paths(ts)
    _grow(ts, 0, 1)
    before = {(role, path): _count(ts, role, path) for role, path in readers}
    _grow(ts, 1, 3)
    after = {(role, path): _count(ts, role, path) for role, path in readers}
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == {}
    assert min(before.values()) >= 2  # the counter sees the statements
