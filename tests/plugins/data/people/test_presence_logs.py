"""Presence logs: the CSV of desktop logins per active person and day of a month (admins only)."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import build_world, close, sample


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-presence")
    with world.db():
        for role, when in (("user", "2026-11-02T08:00:00"), ("user", "2026-11-02T14:00:00"),
                           ("user", "2026-11-30T23:30:00"), ("user", "2026-12-01T09:00:00"),
                           ("manager", "2026-11-15T10:00:00"), ("outsider", "2026-10-31T10:00:00")):
            m.DesktopLoginLog.create(id=uuid.uuid4(), person=world.person(role), date=datetime.fromisoformat(when))
        m.Person.update(first_name="Outsider").where(m.Person.id == world.person("outsider")).execute()
        gone = m.Person.create(id=uuid.uuid4(), first_name="Gone", last_name="Away", active=False)
        m.DesktopLoginLog.create(id=uuid.uuid4(), person=gone.id, date=datetime(2026, 11, 3, 9))
    yield world
    close(world)


def _table(answer) -> list[list[str]]:
    return list(csv.reader(io.StringIO(answer.text), delimiter=";"))


def test_presence_table(w):
    answer = w.admin.simulate_get("/data/persons/presence-logs/2026-11")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = _table(answer)
    assert rows[0] == ["2026"] + [str(day) for day in range(1, 31)]
    by_name = {row[0]: row[1:] for row in rows[1:]}
    # Active people only, by first then last name.
    assert [row[0] for row in rows[1:]] == sorted(by_name) and "Gone Away" not in by_name
    assert {"Admin Matrix", "User Matrix", "Manager Matrix", "Outsider Matrix"} <= set(by_name)
    assert [day + 1 for day, cell in enumerate(by_name["User Matrix"]) if cell] == [2, 30]
    assert set(by_name["User Matrix"]) == {"", "X"}
    assert [day + 1 for day, cell in enumerate(by_name["Manager Matrix"]) if cell] == [15]
    assert not any(by_name["Outsider Matrix"])  # October's login is not November's
    recorded = sample("GET__data__persons__presence-logs__{year}-{month}.json")["response_body"]["first_lines"]
    assert answer.text.splitlines()[0] == recorded[0]
    assert all(len(row) == 31 for row in rows)


def test_months_of_other_lengths(w):
    february = _table(w.admin.simulate_get("/api/data/persons/presence-logs/2028-02"))
    assert february[0][-1] == "29" and not any(cell for row in february[1:] for cell in row[1:])
    december = {row[0]: row[1:] for row in _table(w.admin.simulate_get("/data/persons/presence-logs/2026-12"))[1:]}
    assert [day + 1 for day, cell in enumerate(december["User Matrix"]) if cell] == [1]


def test_only_admins_read_presence(w):
    for role in ("manager", "supervisor", "user", "client", "vendor", "outsider"):
        answer = w.client(role).simulate_get("/data/persons/presence-logs/2026-11")
        assert answer.status_code == 403 and answer.json["error"] is True, role


@pytest.mark.parametrize("value", ["2026-13", "2026", "11-2026", "abcd-ef", "2026-11-02", "0000-01"])
def test_bad_months(w, value):
    answer = w.admin.simulate_get(f"/data/persons/presence-logs/{value}")
    assert answer.status_code == 400 and answer.json["error"] is True
