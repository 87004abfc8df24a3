"""A person's time spent: rows by range, date and month, per-task totals by year, month, ISO week, day."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ....contract.shapes import compare_bodies
from ..production.tasks.world import close, sample
from .timesheet import build_timesheet

TOTAL_KEYS = {"task_id", "task_type_id", "project_id", "project_name", "entity_name", "entity_type_name",
              "sequence_name", "episode_name", "duration"}


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    sheet = build_timesheet(tmp_path_factory, "people-person-time")
    yield sheet
    close(sheet.w)


def _get(ts, role, path, **params):
    return ts.w.client(role).simulate_get(path, params=params or None)


def _totals(ts, role, person, period, **params) -> dict:
    answer = _get(ts, role, f"/data/persons/{ts.person(person)}/time-spents/{period}", **params)
    assert answer.status_code == 200, answer.text
    by_task = {row["task_id"]: row for row in answer.json}
    assert len(by_task) == len(answer.json)
    keys = {value: key for key, value in ts.tasks.items()}
    return {keys[task_id]: row["duration"] for task_id, row in by_task.items()}


def test_totals_per_period_and_their_bounds(ts):
    assert _totals(ts, "admin", "user", "year/2026") == {"ANIM": 150.0, "LAYOUT": 60.0, "QTASK": 45.0}
    assert _totals(ts, "admin", "user", "year/2027") == {"ANIM": 15.0}
    assert _totals(ts, "admin", "user", "month/2026/11") == {"ANIM": 150.0, "LAYOUT": 60.0}
    assert _totals(ts, "admin", "user", "month/2026/12") == {"QTASK": 45.0}
    assert _totals(ts, "admin", "user", "week/2026/48") == {"ANIM": 120.0}
    assert _totals(ts, "admin", "user", "week/2026/49") == {"ANIM": 30.0, "LAYOUT": 60.0}
    # ISO week 53 of 2026 runs from Monday 28 December to Sunday 3 January.
    assert _totals(ts, "admin", "user", "week/2026/53") == {"QTASK": 45.0, "ANIM": 15.0}
    assert _totals(ts, "admin", "user", "week/2027/1") == {}
    assert _totals(ts, "admin", "user", "day/2026/11/30") == {"ANIM": 30.0, "LAYOUT": 60.0}
    assert _totals(ts, "admin", "user", "day/2026/11/29") == {}
    assert _totals(ts, "admin", "user", "year/2026", project_id=ts.w.ids["Q"]) == {"QTASK": 45.0}


def test_totals_carry_the_timesheet_names(ts):
    answer = _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/month/2026/11")
    rows = {row["task_id"]: row for row in answer.json}
    anim = rows[ts.tasks["ANIM"]]
    assert set(anim) == TOTAL_KEYS
    assert (anim["project_id"], anim["project_name"], anim["entity_name"], anim["entity_type_name"],
            anim["sequence_name"], anim["episode_name"]) == (ts.w.ids["P"], "Project P", "SH010", "Shot", "SQ01", "E01")
    assert anim["task_type_id"] == ts.w.types["Animation"]
    assert rows[ts.tasks["LAYOUT"]]["entity_name"] == "SH020"
    q_row = _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/month/2026/12").json[0]
    assert (q_row["sequence_name"], q_row["episode_name"], q_row["project_name"]) == (None, None, "Project Q")


def test_what_managers_and_supervisors_see_of_someone_else(ts):
    # A manager sees the time logged on their productions only.
    assert _totals(ts, "manager", "user", "year/2026") == {"ANIM": 150.0, "LAYOUT": 60.0}
    assert _totals(ts, "manager", "user", "year/2026", project_id=ts.w.ids["P"]) == {"ANIM": 150.0, "LAYOUT": 60.0}
    # A supervisor, only on their departments' task types (Animation).
    assert _totals(ts, "supervisor", "user", "month/2026/11") == {"ANIM": 150.0}
    assert _totals(ts, "supervisor", "user", "day/2026/11/30") == {"ANIM": 30.0}
    # Everybody reads their own in full, other productions included.
    assert _totals(ts, "user", "user", "year/2026") == {"ANIM": 150.0, "LAYOUT": 60.0, "QTASK": 45.0}
    assert _totals(ts, "manager", "manager", "day/2026/11/28") == {"ANIM": 10.0}


def test_refused_totals(ts):
    user = ts.person("user")
    # A production outside the manager's: refused, not silently emptied.
    answer = _get(ts, "manager", f"/data/persons/{user}/time-spents/year/2026", project_id=ts.w.ids["Q"])
    assert answer.status_code == 403 and answer.json["error"] is True
    for role in ("client", "vendor", "outsider"):
        for period in ("year/2026", "month/2026/11", "week/2026/48", "day/2026/11/28", "2026-11-28"):
            answer = _get(ts, role, f"/data/persons/{user}/time-spents/{period}")
            assert answer.status_code == 403, (role, period)
    assert _get(ts, "user", f"/data/persons/{ts.person('manager')}/time-spents/year/2026").status_code == 403
    assert _get(ts, "user", f"/data/persons/{ts.person('manager')}/time-spents/2026-11-28").status_code == 403


def test_rows_of_a_date(ts):
    path = f"/data/persons/{ts.person('user')}/time-spents/2026-11-30"
    admin = _get(ts, "admin", path).json
    assert sorted((r["task_id"], r["duration"]) for r in admin) == sorted(
        [(ts.tasks["ANIM"], 30.0), (ts.tasks["LAYOUT"], 60.0)])
    assert all(r["type"] == "TimeSpent" and r["person_id"] == ts.person("user") for r in admin)
    assert [r["duration"] for r in _get(ts, "supervisor", path).json] == [30.0]
    assert len(_get(ts, "manager", path).json) == 2
    assert len(_get(ts, "user", path).json) == 2
    recorded = sample("GET__data__projects__{id}__time-spents.json")["response_body"][0]
    assert compare_bodies(recorded, admin[0]) == []


def test_month_rows_are_for_oneself(ts):
    path = f"/data/persons/{ts.person('user')}/time-spents/month/all/2026/11"
    answer = _get(ts, "user", path)
    assert answer.status_code == 200
    assert sorted(r["duration"] for r in answer.json) == [30.0, 60.0, 120.0]
    assert [r["date"] for r in answer.json] == sorted(r["date"] for r in answer.json)
    assert len(_get(ts, "admin", path).json) == 3
    assert _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/month/all/2027/1").json[0][
        "duration"] == 15.0
    for role in ("manager", "supervisor", "client", "vendor", "outsider"):
        assert _get(ts, role, path).status_code == 403, role


def test_whole_log_and_date_range_for_admins(ts):
    path = f"/data/persons/{ts.person('user')}/time-spents"
    assert len(_get(ts, "admin", path).json) == 5
    ranged = _get(ts, "admin", path, start_date="2026-11-29", end_date="2026-12-31").json
    assert sorted(r["duration"] for r in ranged) == [30.0, 45.0, 60.0]  # both ends included
    assert _get(ts, "admin", path, start_date="2026-11-29").status_code == 400
    bad = _get(ts, "admin", path, start_date="2026-11-29", end_date="31/12/2026")
    assert bad.status_code == 400 and "Wrong date format" in bad.json["message"]
    for role in ("user", "manager", "supervisor", "client", "vendor", "outsider"):
        assert _get(ts, role, path).status_code == 403, role


@pytest.mark.parametrize("period", ["year/abc", "year/0", "month/2026/13", "month/2026/0", "week/2025/53",
                                    "week/2026/0", "day/2026/02/30", "day/2026/11/-1", "2026-13-01", "2026-1-1",
                                    "month/all/2026/13", "year/99999999999999999999"])
def test_bad_periods_are_400(ts, period):
    answer = _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/{period}")
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text


def test_unknown_malformed_and_bot_persons(ts):
    assert _get(ts, "admin", f"/data/persons/{uuid.uuid4()}/time-spents/year/2026").status_code == 404
    assert _get(ts, "admin", "/data/persons/not-an-id/time-spents/2026-11-28").status_code == 400
    malformed_project = _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/year/2026",
                             project_id="nope")
    assert malformed_project.status_code == 400
    with ts.w.db():
        bot = m.Person.create(id=uuid.uuid4(), first_name="Render", last_name="Bot", is_bot=True)
    assert _get(ts, "admin", f"/data/persons/{bot.id}/time-spents/year/2026").status_code == 403
    assert _get(ts, "admin", f"/data/persons/{bot.id}/day-offs").status_code == 403


def test_zou_samples_of_empty_periods(ts):
    for name, period in (("GET__data__persons__{id}__time-spents__year__{year}.json", "year/2020"),
                         ("GET__data__persons__{id}__time-spents__month__{year}__{month}.json", "month/2020/1"),
                         ("GET__data__persons__{id}__time-spents__week__{year}__{week}.json", "week/2020/2"),
                         ("GET__data__persons__{id}__time-spents__{date}.json", "2020-01-01"),
                         ("GET__data__persons__{id}__time-spents__month__all__{year}__{month}.json",
                          "month/all/2020/1")):
        answer = _get(ts, "admin", f"/data/persons/{ts.person('user')}/time-spents/{period}")
        assert (answer.status_code, answer.json) == (sample(name)["status"], sample(name)["response_body"])
