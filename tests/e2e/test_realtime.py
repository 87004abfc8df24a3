"""Kitsu's event stream with the real python-socketio client over real HTTP (waitress).

A comment with a status change posted through the API reaches a listening
client as Zou's events within a second; each person gets only the events of
what they may read (and their own notifications); connections without a
valid login are refused; a logout ends the stream. Runs on SQLite, and on
PostgreSQL with ``CLAPBOARD_TEST_DATABASE_URL``.
"""

from __future__ import annotations

import time

import pytest
import socketio

from clapboard.plugins.data import models as m
from clapboard.testing import LiveServer

from ..plugins.auth.scenario import build
from .conftest import Http
from .realtime_listener import Listener

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
REALTIME = {"ping_interval_seconds": 2, "ping_timeout_seconds": 2, "max_held_polls": 12}
COMMENT_EVENTS = ("comment:new", "task:update", "task:status-changed", "notification:new", "news:new")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("realtime"), [])(
        config={"plugins": {"auth": dict(FAST), "realtime": dict(REALTIME)}}, actors=False)
    scenario = build(app)
    live = LiveServer(app, threads=16).start()
    with app.db.connection_context():
        for short in ("wip", "todo"):
            scenario.ids[short] = str(m.TaskStatus.get(m.TaskStatus.short_name == short).id)
    yield scenario, live
    live.stop()
    app.close()


@pytest.fixture
def listeners():
    opened = []

    def listen(url, **credentials):
        listener = Listener(url, **credentials).connect()
        opened.append(listener)
        return listener

    yield listen
    for listener in opened:
        listener.close()


def _comment(live, scenario, role, task, text):
    """A comment that changes the task's status (todo <-> wip), posted over HTTP."""

    with scenario.app.db.connection_context():
        now = str(m.Task.get_by_id(scenario.ids[task]).task_status_id)
    new = scenario.ids["todo" if now == scenario.ids["wip"] else "wip"]
    status, body = Http(live.url).json("POST", f"/actions/tasks/{scenario.ids[task]}/comment",
                                       body={"task_status_id": new, "comment": text},
                                       headers={"Authorization": f"Bearer {scenario.tokens[role]}"})
    assert status == 201, body
    return body


def test_a_comment_reaches_cookie_bearer_and_auth_payload_listeners_within_a_second(world, listeners):
    scenario, live = world
    by_cookie = listeners(live.url, cookie=scenario.tokens["user"])
    by_bearer = listeners(live.url, bearer=scenario.tokens["manager"])
    by_payload = listeners(live.url, token=scenario.tokens["admin"])
    behind_proxy = listeners(live.url, token=scenario.tokens["supervisor"], path="api/socket.io")
    since = time.monotonic()
    comment = _comment(live, scenario, "manager", "T", "Realtime first")
    for listener in (by_cookie, by_bearer, by_payload, behind_proxy):
        took = listener.wait_for("comment:new", since, comment_id=comment["id"])
        assert took is not None and took < 1.0, (took, listener.path, listener.headers.keys(), [(round(at - since, 3), n) for at, n, _ in listener.events])
        for name in ("task:update", "task:status-changed"):
            assert listener.wait_for(name, since, task_id=scenario.ids["T"]) is not None, name
        assert listener.wait_for("news:new", since, project_id=scenario.ids["P"]) is not None
    status_changed = by_cookie.received("task:status-changed", task_id=scenario.ids["T"])[0]
    assert status_changed["new_task_status_id"] == comment["task_status_id"]
    assert status_changed["project_id"] == scenario.ids["P"]
    # The assignee (user) is notified; the manager who wrote the comment is not.
    assert by_cookie.wait_for("notification:new", since, person_id=scenario.people["user"]) is not None
    assert by_bearer.received("notification:new") == []


def test_each_person_gets_only_what_they_may_read_and_their_own_notifications(world, listeners):
    scenario, live = world
    heard = {role: listeners(live.url, token=scenario.tokens[role])
             for role in ("admin", "user", "client", "vendor", "outsider")}
    since = time.monotonic()
    in_q = _comment(live, scenario, "admin", "TQ", "Only admins of Q hear this")
    in_p = _comment(live, scenario, "manager", "T", "The team of P hears this")
    assert heard["admin"].wait_for("comment:new", since, comment_id=in_p["id"]) is not None
    assert heard["admin"].wait_for("comment:new", since, comment_id=in_q["id"]) is not None
    assert heard["vendor"].wait_for("notification:new", since, person_id=scenario.people["vendor"]) is not None
    assert heard["user"].wait_for("comment:new", since, comment_id=in_p["id"]) is not None
    time.sleep(0.5)  # anything else would have arrived by now
    for role in ("user", "client", "vendor", "outsider"):
        assert heard[role].received("comment:new", comment_id=in_q["id"]) == [], role
        assert heard[role].received("task:update", task_id=scenario.ids["TQ"]) == [], role
        assert all(n["person_id"] == scenario.people[role] for n in heard[role].received("notification:new")), role
    assert heard["outsider"].names() == []
    assert heard["vendor"].received("task:status-changed", task_id=scenario.ids["T"]), heard["vendor"].names()


@pytest.mark.parametrize("credentials", [{}, {"token": "not-a-token"}, {"bearer": "not-a-token"},
                                         {"cookie": "not-a-token"}])
def test_connections_without_a_valid_login_are_refused(world, credentials):
    _scenario, live = world
    with pytest.raises(socketio.exceptions.ConnectionError):
        Listener(live.url, **credentials).connect()


def test_a_logout_ends_the_stream_at_the_next_poll(world, listeners, make_app):
    scenario, live = world
    http = Http(live.url)
    status, login = http.json("POST", "/auth/login", body={"email": "outsider@matrix.example",
                                                            "password": "matrix password 1"})
    assert status == 200, login
    listener = listeners(live.url, token=login["access_token"])
    status, _ = http.json("GET", "/auth/logout", headers={"Authorization": f"Bearer {login['access_token']}"})
    assert status == 200
    assert listener.disconnected.wait(REALTIME["ping_interval_seconds"] + 3)


def test_preview_rooms_relay_to_the_people_who_opened_the_playlist(world, listeners):
    scenario, live = world
    created = scenario.admin.simulate_post("/data/playlists", json={"name": "Dailies", "project_id": scenario.ids["P"]})
    assert created.status_code == 201, created.text
    playlist = created.json["id"]
    manager, user = (listeners(live.url, token=scenario.tokens[r]) for r in ("manager", "user"))
    outsider, idle = listeners(live.url, token=scenario.tokens["outsider"]), listeners(live.url,
                                                                                         token=scenario.tokens["admin"])
    since = time.monotonic()
    for listener in (manager, user, outsider):
        listener.client.emit("preview-room:open-playlist", {"playlist_id": playlist}, namespace="/events")
    assert user.wait_for("preview-room:room-people-updated", since, people=[]) is not None
    since = time.monotonic()
    manager.client.emit("preview-room:join", {"playlist_id": playlist, "is_playing": False, "current_entity_index": 2,
                                              "current_frame": 12}, namespace="/events")
    people = [scenario.people["manager"]]
    assert user.wait_for("preview-room:room-people-updated", since, people=people, current_frame=12) is not None
    since = time.monotonic()
    manager.client.emit("preview-room:update-playing-status", {"playlist_id": playlist, "is_playing": True,
                                                               "current_entity_index": 3, "current_frame": 40,
                                                               "speed": 2}, namespace="/events")
    manager.client.emit("preview-room:add-annotation", {"playlist_id": playlist, "data": {"x": 1}},
                        namespace="/events")
    took = user.wait_for("preview-room:room-updated", since, is_playing=True, current_frame=40, speed=2,
                         only_newcomer=False, people=people)
    assert took is not None and took < 1.0
    assert user.wait_for("preview-room:add-annotation", since, data={"x": 1}) is not None
    assert manager.wait_for("preview-room:add-annotation", since, data={"x": 1}) is not None  # the sender too
    time.sleep(0.3)
    assert not any(n.startswith("preview-room:") for n in outsider.names() + idle.names())
    since = time.monotonic()
    manager.close()  # leaving /events leaves the rooms
    assert user.wait_for("preview-room:room-people-updated", since, people=[]) is not None


def test_gazu_event_listeners_hear_a_comment(world):
    import threading

    import gazu

    scenario, live = world
    client = gazu.client.create_client(live.url + "/api")
    gazu.log_in("user@matrix.example", "matrix password 1", client=client)
    heard, got = [], threading.Event()

    def on_comment(data):
        heard.append(data)
        got.set()

    events = gazu.events.init(client=client, reconnection=False)
    try:
        gazu.events.add_listener(events, "comment:new", on_comment)
        comment = _comment(live, scenario, "manager", "T", "For gazu listeners")
        assert got.wait(1.0), "no comment:new within a second"
        assert heard[0]["comment_id"] == comment["id"]
    finally:
        events.disconnect()
