"""Desktop login logs of a person and of the current user, and clearing avatars."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m

from ..counting import queries
from ..production.tasks.world import REFUSED, build_world, close, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-logins")
    bot = world.admin.simulate_post("/data/persons", json={
        "first_name": "Farm", "last_name": "Bot", "is_bot": True, "role": "admin"})
    assert bot.status_code == 201, bot.text
    world.ids["BOT"] = bot.json["id"]
    world.ids["BOT_TOKEN"] = bot.json["access_token"]
    yield world
    close(world)


def _bot(w):
    return TestClient(w.app, headers={"Authorization": f"Bearer {w.ids['BOT_TOKEN']}"})


def _person(w, role) -> dict:
    return w.admin.simulate_get(f"/data/persons/{w.person(role)}").json


def _updates(w, role) -> int:
    return [e["person_id"] for e in w.events("person:update")].count(w.person(role))


def test_the_user_logs_sessions_and_reads_them_latest_first(w):
    artist, updates = w.client("user"), _updates(w, "user")
    first = artist.simulate_post("/data/user/desktop-login-logs", json={"date": "2026-11-27T09:00:00"})
    assert first.status_code == 201, first.text
    assert (first.json["person_id"], first.json["date"], first.json["type"]) == (
        w.person("user"), "2026-11-27T09:00:00", "DesktopLoginLog")
    assert shape_diffs("POST__data__user__desktop-login-logs.json", first) == []
    second = artist.simulate_post("/api/data/user/desktop-login-logs", json={"date": "2026-11-28T08:30:00.123456"})
    assert second.json["date"] == "2026-11-28T08:30:00"
    started = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0).isoformat()
    now = artist.simulate_post("/data/user/desktop-login-logs")  # no body: now
    assert now.status_code == 201 and now.json["date"] >= started
    listed = artist.simulate_get("/data/user/desktop-login-logs")
    assert [log["id"] for log in listed.json] == [now.json["id"], second.json["id"], first.json["id"]]
    assert shape_diffs("GET__data__user__desktop-login-logs.json", listed) == []
    assert _person(w, "user")["last_presence"] == now.json["date"][:10]
    assert _updates(w, "user") == updates + 3


def test_last_presence_is_the_latest_login_or_time_spent(w):
    task = w.new_task("SH1", "Layout", assignees=("supervisor",))
    w.admin.simulate_post(f"/actions/tasks/{task}/time-spents/2030-01-02/persons/{w.person('supervisor')}",
                          json={"duration": 60})
    logged = w.client("supervisor").simulate_post(f"/data/persons/{w.person('supervisor')}/desktop-login-logs",
                                                  json={"date": "2029-05-01"})
    assert logged.status_code == 201 and logged.json["date"] == "2029-05-01T00:00:00"
    assert _person(w, "supervisor")["last_presence"] == "2030-01-02"


def test_person_logs_are_read_by_themselves_and_managers(w):
    path = f"/data/persons/{w.person('client')}/desktop-login-logs"
    made = w.admin.simulate_post(path, json={"date": "2026-11-01T10:00:00"})  # admins log for anyone
    assert made.status_code == 201 and made.json["person_id"] == w.person("client")
    for role in ("client", "manager", "admin"):
        assert [log["id"] for log in w.client(role).simulate_get(path).json] == [made.json["id"]], role
    for role in ("supervisor", "user", "vendor", "outsider"):
        assert w.client(role).simulate_get(path).status_code in REFUSED, role
    before = w.count(m.DesktopLoginLog)
    for role in ("manager", "supervisor", "user", "vendor", "outsider"):
        assert w.client(role).simulate_post(path, json={}).status_code in REFUSED, role
    assert w.count(m.DesktopLoginLog) == before


def test_bad_login_requests(w):
    artist = w.client("user")
    for body in ({"date": "yesterday"}, {"date": 12}, []):
        answer = artist.simulate_post("/data/user/desktop-login-logs", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert w.admin.simulate_get(f"/data/persons/{w.ids['P']}/desktop-login-logs").status_code == 404
    assert w.admin.simulate_post(f"/data/persons/{w.ids['P']}/desktop-login-logs", json={}).status_code == 404
    assert w.admin.simulate_get("/data/persons/nope/desktop-login-logs").status_code == 400
    assert w.client(None).simulate_get("/data/user/desktop-login-logs").status_code == 401


def test_user_routes_refuse_bots_even_admin_ones(w):
    bot = _bot(w)
    before = w.count(m.DesktopLoginLog)
    assert bot.simulate_get("/data/user/desktop-login-logs").status_code == 403
    assert bot.simulate_post("/data/user/desktop-login-logs", json={}).status_code == 403
    assert bot.simulate_delete("/actions/user/clear-avatar").status_code == 403
    assert w.count(m.DesktopLoginLog) == before
    # The persons routes take a bot's token like any admin's.
    assert bot.simulate_post(f"/data/persons/{w.ids['BOT']}/desktop-login-logs", json={}).status_code == 201


def _set_avatar(w, role):
    with w.db():
        m.Person.update(has_avatar=True).where(m.Person.id == w.person(role)).execute()


def test_clearing_avatars(w):
    for role in ("user", "client", "vendor"):
        _set_avatar(w, role)
    cleared = w.client("user").simulate_delete("/actions/user/clear-avatar")
    assert cleared.status_code == 204 and _person(w, "user")["has_avatar"] is False
    assert shape_diffs("DELETE__actions__user__clear-avatar.json", cleared) == []
    by_admin = w.admin.simulate_delete(f"/api/actions/persons/{w.person('client')}/clear-avatar")
    assert by_admin.status_code == 204 and _person(w, "client")["has_avatar"] is False
    assert shape_diffs("DELETE__actions__persons__{id}__clear-avatar.json", by_admin) == []
    assert [e["person_id"] for e in w.events("person:clear-avatar")][-2:] == [w.person("user"), w.person("client")]
    assert w.person("client") in [e["person_id"] for e in w.events("person:update")]
    # Another's avatar is for admins only, and so is one's own through the persons route (Zou).
    for role in ("manager", "supervisor", "user", "client", "outsider"):
        path = f"/actions/persons/{w.person('vendor')}/clear-avatar"
        assert w.client(role).simulate_delete(path).status_code in REFUSED, role
    assert w.client("vendor").simulate_delete(f"/actions/persons/{w.person('vendor')}/clear-avatar").status_code \
        in REFUSED
    assert _person(w, "vendor")["has_avatar"] is True
    assert w.admin.simulate_delete(f"/actions/persons/{w.ids['P']}/clear-avatar").status_code == 404
    assert w.admin.simulate_delete("/actions/persons/nope/clear-avatar").status_code == 400


def test_log_lists_cost_the_same_queries_whatever_their_length(w):
    artist, path = w.client("outsider"), "/data/user/desktop-login-logs"
    artist.simulate_post(path, json={"date": "2026-01-01"})
    before = queries(artist, path)
    for day in range(2, 6):
        artist.simulate_post(path, json={"date": f"2026-01-0{day}"})
    assert queries(artist, path) == before
    assert len(artist.simulate_get(path).json) == 5
