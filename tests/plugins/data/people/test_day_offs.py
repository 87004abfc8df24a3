"""Day offs of a person by period and of everybody for a month: overlaps, shapes and who reads what."""

from __future__ import annotations

import uuid

import pytest

from ....contract.shapes import compare_bodies
from ..production.tasks.world import close, sample
from .timesheet import build_timesheet


@pytest.fixture(scope="module")
def ts(tmp_path_factory):
    sheet = build_timesheet(tmp_path_factory, "people-day-offs")
    yield sheet
    close(sheet.w)


def _get(ts, role, path):
    return ts.w.client(role).simulate_get(path)


def _keys(ts, rows) -> list[str]:
    names = {row["id"]: key for key, row in ts.day_offs.items()}
    return [names[row["id"]] for row in rows]


def _of(ts, role, person, period="", status=200):
    suffix = f"/{period}" if period else ""
    answer = _get(ts, role, f"/data/persons/{ts.person(person)}/day-offs{suffix}")
    assert answer.status_code == status, (role, person, period, answer.text)
    return answer.json


def test_periods_keep_the_day_offs_they_overlap(ts):
    assert _keys(ts, _of(ts, "admin", "user")) == ["D1", "D2", "D3"]
    assert _keys(ts, _of(ts, "admin", "user", "month/2026/11")) == ["D1", "D2"]
    assert _keys(ts, _of(ts, "admin", "user", "month/2026/12")) == ["D2", "D3"]
    assert _keys(ts, _of(ts, "admin", "user", "month/2027/01")) == ["D3"]
    assert _keys(ts, _of(ts, "admin", "user", "week/2026/48")) == ["D1"]
    assert _keys(ts, _of(ts, "admin", "user", "week/2026/49")) == ["D2"]
    assert _keys(ts, _of(ts, "admin", "user", "week/2026/53")) == ["D3"]
    assert _keys(ts, _of(ts, "admin", "user", "week/2027/1")) == ["D3"]
    assert _keys(ts, _of(ts, "admin", "user", "week/2027/2")) == []
    assert _keys(ts, _of(ts, "admin", "user", "year/2026")) == ["D1", "D2", "D3"]
    assert _keys(ts, _of(ts, "admin", "user", "year/2027")) == ["D3"]
    assert _of(ts, "admin", "user", "year/2025") == []
    # A day off starting the day after a period is not in it.
    assert _of(ts, "admin", "supervisor", "month/2026/11") == []
    assert _keys(ts, _of(ts, "admin", "supervisor", "month/2026/12")) == ["D6"]


def test_the_day_off_covering_a_date(ts):
    assert _of(ts, "admin", "user", "2026-12-01")["id"] == ts.day_offs["D2"]["id"]
    assert _of(ts, "user", "user", "2027-01-04")["description"] == "Winter"
    assert _of(ts, "admin", "user", "2026-12-05") == {}


def test_shapes_match_zou(ts):
    recorded = sample("GET__data__persons__{id}__day-offs.json")["response_body"][0]
    for period in ("", "month/2026/11", "week/2026/48", "year/2026"):
        assert compare_bodies(recorded, _of(ts, "admin", "user", period)[0]) == [], period
    assert compare_bodies(recorded, _of(ts, "admin", "user", "2026-11-27")) == []
    everybody = sample("GET__data__persons__day-offs__{year}__{month}.json")["response_body"][0]
    assert compare_bodies(everybody, _get(ts, "admin", "/data/persons/day-offs/2026/11").json[0]) == []
    row = _of(ts, "admin", "user", "month/2026/11")[1]
    assert (row["date"], row["end_date"], row["description"], row["type"]) == ("2026-11-30", "2026-12-02", "Trip",
                                                                                "DayOff")


def test_who_reads_a_persons_day_offs(ts):
    # Oneself and the managers of a shared production: whole rows.
    for role in ("user", "manager", "admin"):
        assert [r["description"] for r in _of(ts, role, "user", "month/2026/11")] == ["Doctor", "Trip"], role
    # Supervisors of a shared production: the dates only.
    dates = _of(ts, "supervisor", "user", "year/2026")
    assert _keys(ts, dates) == ["D1", "D2", "D3"] and all("description" not in r for r in dates)
    assert "description" not in _of(ts, "supervisor", "user", "2026-11-27")
    # Everybody else, and anyone about a person they share no production with: refused.
    for role in ("client", "vendor", "outsider"):
        for period in ("", "2026-11-27", "week/2026/48", "month/2026/11", "year/2026"):
            assert _of(ts, role, "user", period, status=403)["error"] is True
    assert _of(ts, "user", "manager", status=403)
    assert _of(ts, "user", "supervisor", "month/2026/12", status=403)
    assert _of(ts, "manager", "outsider", "month/2026/11", status=403)


def test_everybodys_month(ts):
    path = "/data/persons/day-offs/2026/11"
    assert _keys(ts, _get(ts, "admin", path).json) == ["D4", "D5", "D1", "D2"]
    # A manager: the team of their productions, in full (not the outsider).
    manager = _get(ts, "manager", path).json
    assert _keys(ts, manager) == ["D5", "D1", "D2"] and all("description" in r for r in manager)
    # A supervisor: their own in full, the others' dates.
    supervisor = _get(ts, "supervisor", "/data/persons/day-offs/2026/12").json
    assert _keys(ts, supervisor) == ["D2", "D6", "D3"]
    assert {r["id"]: "description" in r for r in supervisor} == {
        ts.day_offs["D2"]["id"]: False, ts.day_offs["D6"]["id"]: True, ts.day_offs["D3"]["id"]: False}
    # Artists, clients, vendors, outsiders: their own only.
    assert _keys(ts, _get(ts, "user", path).json) == ["D1", "D2"]
    assert _keys(ts, _get(ts, "outsider", path).json) == ["D4"]
    assert _get(ts, "client", path).json == [] and _get(ts, "vendor", path).json == []


@pytest.mark.parametrize("period", ["month/2026/13", "month/x/1", "week/2026/54", "week/2025/53", "year/0",
                                    "2026-02-30", "2026-11", "28-11-2026"])
def test_bad_periods(ts, period):
    assert _of(ts, "admin", "user", period, status=400)["error"] is True


def test_bad_and_unknown_persons(ts):
    assert _get(ts, "admin", "/data/persons/day-offs/2026/13").status_code == 400
    assert _get(ts, "admin", "/data/persons/day-offs/abc/1").status_code == 400
    assert _get(ts, "admin", "/data/persons/nope/day-offs").status_code == 400
    assert _get(ts, "admin", f"/data/persons/{uuid.uuid4()}/day-offs/month/2026/11").status_code == 404
    # Kitsu asks with a trailing slash; the /api prefix serves the same.
    assert _keys(ts, _get(ts, "user", f"/data/persons/{ts.person('user')}/day-offs/").json) == ["D1", "D2", "D3"]
    assert _keys(ts, _get(ts, "user", f"/api/data/persons/{ts.person('user')}/day-offs").json) == ["D1", "D2", "D3"]
