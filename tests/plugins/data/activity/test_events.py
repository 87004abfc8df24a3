"""The event log and the login history: values, filters, cursors, and who reads them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from clapboard.plugins.data import models as m

from ..counting import QueryCounter
from .stage import build_stage, close, shape_diffs

LAST = "/data/events/last"


@pytest.fixture(scope="module")
def s(tmp_path_factory):
    stage = build_stage(tmp_path_factory, "activity-events")
    yield stage
    close(stage.w)


def _last(s, role="admin", **params):
    client = s.w.admin if role == "admin" else s.w.client(role)
    answer = client.simulate_get(LAST, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json


def _all_events(s) -> list:
    with s.w.db():
        return list(m.ApiEvent.select().order_by(m.ApiEvent.created_at.desc(), m.ApiEvent.id.desc()))


def test_the_last_events_newest_first_as_zou_lists_them(s):
    answer = s.w.admin.simulate_get(LAST, params={"limit": "5"})
    assert shape_diffs("GET__data__events__last.json", answer) == []
    logged = _all_events(s)
    assert [e["id"] for e in answer.json] == [str(e.id) for e in logged[:5]]
    newest = answer.json[0]
    assert newest["name"] == logged[0].name and newest["data"] == logged[0].data
    assert newest["user_id"] == str(logged[0].user_id)
    assert len(_last(s)) == min(100, len(logged))  # Zou's default limit


def test_filters(s):
    w = s.w
    in_q = _last(s, project_id=w.ids["Q"], limit="1000")
    assert in_q and {e["project_id"] for e in in_q} == {w.ids["Q"]}
    assert {e["name"] for e in _last(s, name="news:new", limit="1000")} == {"news:new"}
    both = _last(s, name_prefixes=["news", "comment"], limit="1000")
    assert {e["name"].split(":")[0] for e in both} == {"news", "comment"}
    news_only = {e["id"] for e in _last(s, name_prefixes="news", limit="1000")}
    assert news_only < {e["id"] for e in both}
    created = _last(s, name_suffixes="new", name_prefixes=["task", "comment"], limit="1000")
    assert {e["name"] for e in created} == {"task:new", "comment:new"}
    by_client = _last(s, person_ids=w.person("client"), limit="1000")
    assert by_client and {e["user_id"] for e in by_client} == {w.person("client")}
    two = _last(s, person_ids=[w.person("client"), w.person("manager")], limit="1000")
    assert {e["user_id"] for e in two} == {w.person("client"), w.person("manager")}
    assert _last(s, after="2000-01-01", limit="1000") and _last(s, before="2000-01-01") == []
    assert _last(s, after=(datetime.utcnow() + timedelta(days=1)).isoformat()) == []


def test_only_files_keeps_the_file_events(s):
    with s.w.db():
        stored = m.ApiEvent.create(name="preview-file:add-file", user_id=s.w.person("admin"),
                                   project_id=s.w.ids["P"], data={"preview_file_id": str(uuid.uuid4())})
    found = _last(s, only_files="true", limit="1000")
    assert [e["id"] for e in found] == [str(stored.id)]
    assert len(_last(s, only_files="false", limit="1000")) > 1


def test_a_cursor_pages_back_in_time(s):
    logged = [str(e.id) for e in _all_events(s)]
    first = _last(s, limit="4")
    second = _last(s, limit="4", cursor_event_id=first[-1]["id"])
    assert [e["id"] for e in first + second] == logged[:8]
    assert s.w.admin.simulate_get(LAST, params={"cursor_event_id": str(uuid.uuid4())}).status_code == 400
    assert s.w.admin.simulate_get(LAST, params={"cursor_event_id": "nope"}).status_code == 400


def test_the_limit_is_capped_at_a_thousand(s):
    with s.w.db():
        now = datetime.utcnow()
        m.ApiEvent.insert_many([{"id": uuid.uuid4(), "name": "main:test", "data": {}, "created_at": now,
                                 "updated_at": now} for _ in range(1005)]).execute()
    assert len(_last(s, name="main:test", limit="5000")) == 1000
    assert _last(s, name="main:test", limit="0") == []
    with s.w.db():
        m.ApiEvent.delete().where(m.ApiEvent.name == "main:test").execute()


def test_bad_input_is_a_400(s):
    for params in ({"limit": "-1"}, {"limit": "many"}, {"after": "tomorrow"}, {"before": "2026-02-31"},
                   {"project_id": "P"}, {"name_prefixes": "task%"}, {"name_suffixes": ["new", "Up Date"]},
                   {"person_ids": "someone"}):
        answer = s.w.admin.simulate_get(LAST, params=params)
        assert answer.status_code == 400 and answer.json["error"] is True, params


def test_who_reads_the_log(s):
    w = s.w
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_get(LAST).status_code == 403, role
        assert w.client(role).simulate_get(LAST, params={"project_id": w.ids["P"]}).status_code == 403, role
    # A manager reads the events of their productions only: not Q's, not those of no production.
    mine = _last(s, "manager", limit="1000")
    assert mine and {e["project_id"] for e in mine} == {w.ids["P"]}
    assert len(mine) == len(_last(s, project_id=w.ids["P"], limit="1000"))
    assert _last(s, "manager", project_id=w.ids["P"], limit="1000") == mine
    assert w.client("manager").simulate_get(LAST, params={"project_id": w.ids["Q"]}).status_code == 403
    unknown = {"project_id": str(uuid.uuid4())}
    assert w.client("manager").simulate_get(LAST, params=unknown).status_code == 403  # not a 404: no leak
    assert w.admin.simulate_get(LAST, params=unknown).json == []
    # A per-production manager role counts on that production.
    role = w.admin.simulate_put(f"/data/projects/{w.ids['P']}/team/{w.person('user')}", json={"role": "manager"})
    assert role.status_code == 200, role.text
    try:
        as_manager = _last(s, "user", project_id=w.ids["P"], limit="1000")
        assert {e["project_id"] for e in as_manager} == {w.ids["P"]}
        assert w.client("user").simulate_get(LAST, params={"project_id": w.ids["Q"]}).status_code == 403
    finally:
        w.admin.simulate_put(f"/data/projects/{w.ids['P']}/team/{w.person('user')}", json={"role": None})
    assert w.client("user").simulate_get(LAST, params={"project_id": w.ids["P"]}).status_code == 403


def test_event_names(s):
    w = s.w
    names = w.admin.simulate_get("/data/events/names").json
    with w.db():
        logged = {e.name for e in m.ApiEvent.select(m.ApiEvent.name)}
    assert names == sorted(logged) and "news:new" in names
    assert w.client("manager").simulate_get("/data/events/names").json == names  # the vocabulary, unscoped
    for role in ("supervisor", "user", "client", "vendor"):
        assert w.client(role).simulate_get("/data/events/names").status_code == 403, role


def test_login_logs(s):
    w = s.w
    answer = w.admin.simulate_get("/data/events/login-logs/last", params={"limit": "5"})
    assert shape_diffs("GET__data__events__login-logs__last.json", answer) == []
    with w.db():
        logged = list(m.LoginLog.select().order_by(m.LoginLog.created_at.desc(), m.LoginLog.id.desc()))
    assert [row["id"] for row in answer.json] == [str(log.id) for log in logged[:5]]
    assert {row["person_id"] for row in w.admin.simulate_get("/data/events/login-logs/last").json} == set(
        w.sc.people.values())
    client_logins = w.admin.simulate_get("/data/events/login-logs/last",
                                         params={"person_ids": w.person("client")}).json
    assert [row["person_id"] for row in client_logins] == [w.person("client")]
    assert client_logins[0]["origin"] in ("web", "script")
    first = w.admin.simulate_get("/data/events/login-logs/last", params={"limit": "3"}).json
    more = w.admin.simulate_get("/data/events/login-logs/last",
                                params={"limit": "3", "cursor_login_log_id": first[-1]["id"]}).json
    assert [row["id"] for row in first + more] == [str(log.id) for log in logged[:6]]
    assert w.admin.simulate_get("/data/events/login-logs/last", params={"after": "2999-01-01"}).json == []
    for params in ({"cursor_login_log_id": "x"}, {"cursor_login_log_id": str(uuid.uuid4())}, {"limit": "x"},
                   {"before": "soon"}, {"person_ids": "x"}):
        assert w.admin.simulate_get("/data/events/login-logs/last", params=params).status_code == 400, params
    for role in ("manager", "supervisor", "user", "client", "vendor", "outsider"):
        assert w.client(role).simulate_get("/data/events/login-logs/last").status_code == 403, role


def test_also_served_under_api(s):
    assert len(s.w.admin.simulate_get("/api/data/events/last", params={"limit": "2"}).json) == 2
    assert s.w.admin.simulate_get("/api/data/events/names").status_code == 200
    assert s.w.admin.simulate_get("/api/data/events/login-logs/last").status_code == 200


def test_the_log_costs_the_same_statements_whatever_its_length(s):
    counts = []
    for limit in ("3", "300"):
        with QueryCounter(s.w.app) as counter:
            assert s.w.client("manager").simulate_get(LAST, params={"limit": limit}).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
