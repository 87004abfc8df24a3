"""The user's own time spents and day off: values, periods, bad dates, and only ever their own rows."""

from __future__ import annotations

import pytest

from ..counting import QueryCounter
from .world import DAY, DAY_BEFORE, DAY_OFF, build_user_world, close, post, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_user_world(tmp_path_factory, "user-time")
    yield world
    close(world)


def test_all_time_spents_of_the_user_with_their_production_and_task_type(w):
    rows = w.client("user").simulate_get("/data/user/time-spents").json
    assert [(r["task_id"], r["date"], r["duration"]) for r in rows] == [
        (w.ids["STORY"], DAY_BEFORE, 30.0), (w.ids["LAY1"], DAY, 90.0)]
    assert {r["person_id"] for r in rows} == {w.person("user")}
    assert (rows[1]["project_id"], rows[1]["task_type_id"]) == (w.ids["P"], w.types["Layout"])
    # The vendor logged time on T the same day: only theirs shows to them, none to the manager.
    assert [r["duration"] for r in w.client("vendor").simulate_get("/data/user/time-spents").json] == [45.0]
    assert w.client("manager").simulate_get("/data/user/time-spents").json == []


def test_time_spents_of_a_period(w):
    user = w.client("user")
    period = user.simulate_get("/data/user/time-spents", params={"start_date": DAY, "end_date": "2026-12-31"})
    assert [r["task_id"] for r in period.json] == [w.ids["LAY1"]]
    both = user.simulate_get("/data/user/time-spents", params={"start_date": DAY_BEFORE, "end_date": DAY})
    assert len(both.json) == 2
    assert shape_diffs("GET__data__user__time-spents.json", period) == []


def test_a_half_or_malformed_period_is_a_400(w):
    user = w.client("user")
    for params in ({"start_date": DAY}, {"end_date": DAY}, {"start_date": "soon", "end_date": DAY},
                   {"start_date": DAY, "end_date": "2026-13-01"}):
        answer = user.simulate_get("/data/user/time-spents", params=params)
        assert answer.status_code == 400 and answer.json["error"] is True, params


def test_time_spents_of_one_day(w):
    user = w.client("user")
    day = user.simulate_get(f"/data/user/time-spents/{DAY}")
    assert [(r["task_id"], r["duration"]) for r in day.json] == [(w.ids["LAY1"], 90.0)]
    assert "project_id" not in day.json[0]
    assert shape_diffs("GET__data__user__time-spents__{date}.json", day) == []
    assert user.simulate_get("/data/user/time-spents/2026-01-01").json == []
    assert user.simulate_get("/data/user/time-spents/yesterday").status_code == 400


def test_time_spent_on_one_task_one_day(w):
    user, task = w.client("user"), w.ids["LAY1"]
    found = user.simulate_get(f"/data/user/tasks/{task}/time-spents/{DAY}")
    assert (found.json["duration"], found.json["person_id"]) == (90.0, w.person("user"))
    assert shape_diffs("GET__data__user__tasks__{id}__time-spents__{date}.json", found) == []
    # None logged that day, or not by this user (the vendor logged on T, the artist did not).
    nothing = user.simulate_get(f"/data/user/tasks/{task}/time-spents/{DAY_BEFORE}")
    assert nothing.status_code == 200 and nothing.json is None
    assert user.simulate_get(f"/data/user/tasks/{w.ids['T']}/time-spents/{DAY}").json is None
    assert w.client("vendor").simulate_get(f"/data/user/tasks/{w.ids['T']}/time-spents/{DAY}").json["duration"] == 45.0
    assert user.simulate_get(f"/data/user/tasks/nope/time-spents/{DAY}").status_code == 400
    assert user.simulate_get(f"/data/user/tasks/{task}/time-spents/nope").status_code == 400


def test_day_off_of_a_date(w):
    user = w.client("user")
    off = user.simulate_get(f"/data/user/day-offs/{DAY_OFF}")
    assert (off.json["type"], off.json["person_id"], off.json["date"]) == ("DayOff", w.person("user"), DAY_OFF)
    # Every day of the leave is a day off; the day after is not.
    assert user.simulate_get("/data/user/day-offs/2026-12-26").json["id"] == off.json["id"]
    assert user.simulate_get("/data/user/day-offs/2026-12-27").json == {}
    empty = user.simulate_get(f"/data/user/day-offs/{DAY}")
    assert empty.status_code == 200 and empty.json == {}
    assert shape_diffs("GET__data__user__day-offs__{date}.json", empty) == []
    # Another person's leave is never theirs.
    assert w.client("manager").simulate_get(f"/data/user/day-offs/{DAY_OFF}").json == {}
    assert user.simulate_get("/data/user/day-offs/christmas").status_code == 400


def test_time_sheet_queries_do_not_grow_with_the_rows(w):
    user = w.client("user")
    counts = []
    for round_ in range(2):
        with QueryCounter(w.app) as counted:
            user.simulate_get("/data/user/time-spents")
            user.simulate_get("/data/user/time-spents", params={"start_date": "2026-01-01", "end_date": "2026-12-31"})
        counts.append(counted.count)
        for n in range(3):
            post(w, f"/actions/tasks/{w.ids['SC_LAY']}/time-spents/2026-10-{round_ * 3 + n + 1:02d}/persons/"
                    f"{w.person('user')}", {"duration": 10})
    assert counts[0] == counts[1], counts
    assert len(user.simulate_get("/data/user/time-spents").json) == 8
