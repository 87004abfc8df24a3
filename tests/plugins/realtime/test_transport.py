"""The Engine.IO transport through the public surface: handshake, errors, connect, polls held and bounded."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest
from falcon.testing import TestClient

from clapboard.testing import LiveServer

from ..auth.test_permissions import FAST

BASE = "/socket.io/?EIO=4&transport=polling"
SETTINGS = {"ping_interval_seconds": 1, "ping_timeout_seconds": 1, "max_held_polls": 2, "tail_seconds": 0.05}


@pytest.fixture
def app(make_app):
    return make_app(config={"plugins": {"auth": dict(FAST), "realtime": dict(SETTINGS)}})


@pytest.fixture
def token(app):
    from clapboard.plugins.data.models import Person

    with app.db.connection_context():
        Person.create(first_name="Rea", last_name="Ltime", email="rt@example.com", role="admin",
                      password=app.passwords.hash("realtime password 1"))
    answer = TestClient(app).simulate_post("/auth/login", json={"email": "rt@example.com",
                                                                "password": "realtime password 1"})
    assert answer.status_code == 200, answer.text
    return answer.json["access_token"]


def _open(client) -> str:
    answer = client.simulate_get(BASE)
    assert answer.status_code == 200 and answer.text[0] == "0", answer.text
    return json.loads(answer.text[1:])["sid"]


def test_the_handshake_advertises_polling_only(app):
    answer = TestClient(app).simulate_get("/api" + BASE)
    opened = json.loads(answer.text[1:])
    assert answer.headers["content-type"].startswith("text/plain")
    assert opened["upgrades"] == [] and opened["pingInterval"] == 1000 and opened["pingTimeout"] == 1000
    assert len(opened["sid"]) >= 20


@pytest.mark.parametrize("query, message", [
    ("?EIO=3&transport=polling", "Unsupported protocol version"),
    ("?transport=polling", "Unsupported protocol version"),
    ("?EIO=4&transport=websocket", "Unsupported transport"),
    ("?EIO=4&transport=polling&j=0", "JSONP"),
    ("?EIO=4&transport=polling&sid=nobody", "Session ID unknown"),
    ("?EIO=4&transport=polling&sid=" + "x" * 500, "Session ID unknown"),
])
def test_bad_requests_get_a_json_400(app, query, message):
    client = TestClient(app)
    for answer in (client.simulate_get("/socket.io/" + query), client.simulate_post("/socket.io/" + query,
                                                                                       body="3")):
        if "sid=" not in query and answer.status_code == 200:
            continue  # a POST without sid never opens a session
        assert answer.status_code == 400 and answer.json["error"] is True, (query, answer.text)
        assert message in answer.json["message"]


@pytest.mark.parametrize("body", ["zz", "42/events,[", "b4AAAA", "451-[\"a\",{\"_placeholder\":true,\"num\":0}]",
                                  "\x1e\x1e\x1e", "4" + "x" * 10])
def test_malformed_payloads_get_a_400_and_change_nothing(app, body):
    client = TestClient(app)
    sid = _open(client)
    answer = client.simulate_post(BASE + "&sid=" + sid, body=body.encode())
    assert answer.status_code in (200, 400), answer.text
    if answer.status_code == 400:
        assert answer.json["error"] is True
    assert client.simulate_post(BASE + "&sid=" + sid, body=b"\xff\xfe").status_code == 400


def test_connects_are_judged_and_answered_on_the_next_poll(app, token):
    client = TestClient(app)
    sid = _open(client)
    assert client.simulate_post(BASE + "&sid=" + sid, body="40/other,").text == "ok"
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith('44/other,{"message"')
    assert client.simulate_post(BASE + "&sid=" + sid, body="40").text == "ok"  # "/" without a login
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith('44{"message"')
    assert client.simulate_post(BASE + "&sid=" + sid, body='40{"token":"%s"}' % token).text == "ok"
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith('40{"sid":')
    assert client.simulate_post(BASE + "&sid=" + sid, body='40/events,{"token":"forged"}').text == "ok"
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith('44/events,{"message"')
    assert client.simulate_post(BASE + "&sid=" + sid, body='40/events,{"token":"%s"}' % token).text == "ok"
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith('40/events,{"sid":')
    created = TestClient(app).simulate_post("/data/projects", json={"name": "Heard"},
                                            headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201
    polled = client.simulate_get(BASE + "&sid=" + sid).text
    assert f'42/events,["project:new",{{"project_id":"{created.json["id"]}"' in polled
    assert client.simulate_post(BASE + "&sid=" + sid, body="1").text == "ok"  # close
    assert client.simulate_get(BASE + "&sid=" + sid).status_code == 400


def test_another_persons_login_cannot_take_over_a_session(app, token, make_app):
    from clapboard.plugins.data.models import Person

    with app.db.connection_context():
        Person.create(first_name="Ot", last_name="Her", email="other@example.com", role="admin",
                      password=app.passwords.hash("realtime password 1"))
    other = TestClient(app).simulate_post("/auth/login", json={"email": "other@example.com",
                                                               "password": "realtime password 1"}).json
    client = TestClient(app)
    sid = _open(client)
    client.simulate_post(BASE + "&sid=" + sid, body='40/events,{"token":"%s"}' % token)
    assert client.simulate_get(BASE + "&sid=" + sid).text.startswith("40/events")
    hijack = client.simulate_get(BASE + "&sid=" + sid, headers={"Authorization": f"Bearer {other['access_token']}"})
    assert hijack.text == "41/events,\x1e1"  # the stream ends; the session is gone
    assert client.simulate_get(BASE + "&sid=" + sid).status_code == 400


def test_held_polls_are_bounded_and_api_requests_are_still_answered(app, token):
    live = LiveServer(app, threads=4).start()
    try:
        def get(path, headers=None):
            request = urllib.request.Request(live.url + path, headers=headers or {})
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.read().decode()

        def post(path, body):
            request = urllib.request.Request(live.url + path, data=body.encode(), method="POST")
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.read().decode()

        sids = [json.loads(get(BASE)[1:])["sid"] for _ in range(5)]
        stranger = json.loads(get(BASE)[1:])["sid"]
        assert get(BASE + "&sid=" + stranger) == "6"  # not connected to /events: never held
        for sid in sids:
            assert post(BASE + "&sid=" + sid, '40/events,{"token":"%s"}' % token) == "ok"
            assert get(BASE + "&sid=" + sid).startswith("40/events,")
        answers, lock = {}, threading.Lock()

        def poll(sid):
            text = get(BASE + "&sid=" + sid)
            with lock:
                answers[sid] = text

        threads = [threading.Thread(target=poll, args=(sid,)) for sid in sids]
        for thread in threads:
            thread.start()
        # Three of the five polls cannot be held (max_held_polls = 2): they are answered with a noop.
        for _ in range(250):  # up to 5 s
            with lock:
                if len(answers) >= 3:
                    break
            threading.Event().wait(0.02)
        with lock:
            early = dict(answers)
        assert sorted(early.values())[:3] == ["6", "6", "6"], early
        assert json.loads(get("/auth/authenticated", {"Authorization": f"Bearer {token}"}))["authenticated"]
        for thread in threads:
            thread.join(10)
        held = [answers[sid] for sid in sids if sid not in early]
        assert held == ["2", "2"], answers  # the held ones end with the ping when it falls due
    finally:
        live.stop()


def test_the_route_is_documented(app):
    from clapboard.openapi import build_openapi

    doc = build_openapi(app)
    assert set(doc["paths"]["/socket.io"]) >= {"get", "post"}
    assert doc["paths"]["/socket.io"]["get"]["responses"]["200"]["content"].keys() == {"text/plain"}


def test_a_disabled_plugin_leaves_no_route_entry_or_table(make_app):
    from clapboard.openapi import build_openapi

    disabled = make_app(config={"plugins": {"disabled": ["realtime"]}})
    assert TestClient(disabled).simulate_get(BASE).status_code == 404
    assert not any(p.endswith("socket.io") for p in build_openapi(disabled)["paths"])
    with disabled.db.connection_context():
        assert not any(t.startswith("realtime_") for t in disabled.db.get_tables())


def test_a_connect_and_an_event_in_one_payload_are_handled_in_order(app, token):
    client = TestClient(app)
    created = client.simulate_post("/data/projects", json={"name": "Rooms"}, headers={"Authorization": f"Bearer {token}"})
    playlist = client.simulate_post("/data/playlists", json={"name": "Dailies", "project_id": created.json["id"]},
                                    headers={"Authorization": f"Bearer {token}"}).json["id"]
    sid = _open(client)
    body = '40/events,{"token":"%s"}\x1e42/events,["preview-room:open-playlist",{"playlist_id":"%s"}]' % (token,
                                                                                                      playlist)
    assert client.simulate_post(BASE + "&sid=" + sid, body=body).text == "ok"
    polled = client.simulate_get(BASE + "&sid=" + sid).text
    assert polled.startswith('40/events,{"sid":')
    assert '42/events,["preview-room:room-people-updated",{"people":[]' in polled
