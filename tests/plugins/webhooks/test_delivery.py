"""Deliveries to a real receiver on loopback: signed, retried after 500s, failed after the last try, replayed."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest

from clapboard import Event
from clapboard.plugins.webhooks import outbox, pool, queue
from clapboard.plugins.webhooks.models import Webhook, WebhookDelivery
from clapboard.plugins.webhooks.sender import Outcome
from clapboard.testing import make_client

from .conftest import FAST, delivery, register
from .receiver import Receiver, until, verify


def _project(client, name="P"):
    answer = client.simulate_post("/data/projects", json={"name": name})
    assert answer.status_code == 201, answer.text
    return answer.json


def _state(client, delivery_id, state):
    return until(lambda: delivery(client, delivery_id)["state"] == state and delivery(client, delivery_id),
                 what=f"delivery {delivery_id} {state}")


def test_an_event_arrives_signed_with_its_headers(admin):
    with Receiver() as receiver:
        hook = register(admin, receiver)
        project = _project(admin)
        got = receiver.wait_for(1)[0]
    body, headers = got["body"], got["headers"]
    assert got["signed"] and verify(receiver.secret, got["raw"], headers["X-Clapboard-Signature-256"])
    assert not verify("another secret", got["raw"], headers["X-Clapboard-Signature-256"])
    assert body["event"] == "project:new" == headers["X-Clapboard-Event"]
    assert body["id"] == headers["X-Clapboard-Delivery"]
    assert body["webhook_id"] == hook["id"]
    assert body["data"]["project_id"] == project["id"]
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"].startswith("Clapboard-Webhooks/")
    row = _state(admin, body["id"], "delivered")
    assert row["attempts"] == 1 and row["last_status_code"] == 200
    assert [a["status_code"] for a in row["history"]] == [200]
    assert row["history"][0]["duration_ms"] >= 0 and row["payload"] == body


def test_500_answers_are_retried_with_the_same_delivery_id_then_delivered(admin):
    with Receiver(statuses=(500, 503, 200)) as receiver:
        register(admin, receiver)
        _project(admin)
        got = receiver.wait_for(3)
    ids = {r["headers"]["X-Clapboard-Delivery"] for r in got}
    assert len(ids) == 1 and all(r["signed"] for r in got)
    assert len({r["raw"] for r in got}) == 1, "every try sends the same bytes"
    row = _state(admin, ids.pop(), "delivered")
    assert [(a["number"], a["status_code"]) for a in row["history"]] == [(1, 500), (2, 503), (3, 200)]
    assert row["history"][0]["error"] == "HTTP 500" and row["last_error"] is None
    assert all(a["duration_ms"] is not None for a in row["history"])


def test_failed_after_max_attempts_then_replayed_with_the_same_id(admin):
    with Receiver(statuses=(500, 500, 500, 200)) as receiver:
        register(admin, receiver)
        _project(admin)
        first = receiver.wait_for(3)
        delivery_id = first[0]["headers"]["X-Clapboard-Delivery"]
        row = _state(admin, delivery_id, "failed")
        assert row["attempts"] == 3 and row["last_status_code"] == 500 and row["last_error"] == "HTTP 500"
        assert len(receiver.received) == 3, "no try after the last one"
        answer = admin.simulate_post(f"/plugins/webhooks/deliveries/{delivery_id}/replay")
        assert answer.status_code == 202, answer.text
        assert answer.json["id"] == delivery_id
        again = receiver.wait_for(4)[3]
    assert again["headers"]["X-Clapboard-Delivery"] == delivery_id and again["signed"]
    row = _state(admin, delivery_id, "delivered")
    assert [a["status_code"] for a in row["history"]] == [500, 500, 500, 200]
    assert row["attempts"] == 1


def test_an_unreachable_target_is_retried_and_fails_with_its_error(admin, hooks_app):
    with Receiver() as receiver:
        url = receiver.url
    answer = admin.simulate_post("/plugins/webhooks/hooks", json={
        "url": url, "events": ["project:*"], "allow_private_network": True})  # the receiver is closed now
    assert answer.status_code == 201
    _project(admin)
    with hooks_app.db.connection_context():
        delivery_id = str(WebhookDelivery.get().id)
    row = _state(admin, delivery_id, "failed")
    assert row["last_status_code"] is None and row["last_error"]
    assert len(row["history"]) == 3


def test_patterns_and_project_filter_choose_the_webhooks(admin):
    with Receiver() as exact, Receiver() as other_project, Receiver() as everything:
        register(admin, exact, events=("project:update",))
        register(admin, everything, events=("*",))
        project = _project(admin, "Mine")
        register(admin, other_project, events=("project:*",), project_id=project["id"])
        elsewhere = _project(admin, "Elsewhere")
        admin.simulate_put(f"/data/projects/{project['id']}", json={"name": "Mine 2"})
        everything.wait_for(3)
        exact.wait_for(1)
        other_project.wait_for(1)
        admin.simulate_post("/data/projects", json={"name": "Last"})
        everything.wait_for(4)
    assert [b["event"] for b in exact.bodies()] == ["project:update"]
    assert [b["data"]["project_id"] for b in other_project.bodies()] == [project["id"]]
    assert elsewhere["id"] in {b["data"]["project_id"] for b in everything.bodies()}


def test_ping_reaches_only_its_webhook(admin):
    with Receiver() as pinged, Receiver() as other:
        hook = register(admin, pinged, events=("*",))
        register(admin, other, events=("*",))
        answer = admin.simulate_post(f"/plugins/webhooks/hooks/{hook['id']}/ping")
        assert answer.status_code == 202, answer.text
        got = pinged.wait_for(1)[0]
    assert got["body"]["event"] == "webhooks:ping" and got["signed"]
    assert other.bodies() == []


def test_a_rolled_back_change_queues_nothing(admin, hooks_app):
    with Receiver() as receiver:
        register(admin, receiver)
        answer = admin.simulate_post("/data/projects", json={"name": 12})
        assert answer.status_code == 400
    with hooks_app.db.connection_context():
        assert WebhookDelivery.select().count() == 0


def test_concurrent_claimers_never_get_the_same_row(admin, hooks_app):
    """Three threads claim until nothing is due: every row is taken once, by one of them."""

    _queued(admin, hooks_app, 30)
    settings = dict(hooks_app.config.plugin("webhooks"))
    taken: list[list] = [[], [], []]

    def claimer(mine):
        with hooks_app.db.connection_context():
            while rows := queue.claim(hooks_app, settings, 3):
                mine.extend(row.id for row in rows)

    threads = [threading.Thread(target=claimer, args=(mine,)) for mine in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    every = [row_id for mine in taken for row_id in mine]
    assert len(every) == len(set(every)) == 30
    with hooks_app.db.connection_context():
        assert {r.state for r in WebhookDelivery.select()} == {"sending"}


def _queued(admin, hooks_app, count=1):
    """``count`` deliveries recorded without an event, so the app's own senders are not woken."""

    with Receiver() as receiver:
        hook = register(admin, receiver, events=("*",), active=False)
    with hooks_app.db.connection_context(), hooks_app.transaction():
        Webhook.update(active=True).execute()
        outbox.record([Event("project:new", {"n": n}) for n in range(count)])
    return hook


def test_a_lease_that_ran_out_makes_the_row_due_again_with_its_id(admin, hooks_app):
    _queued(admin, hooks_app)
    settings = dict(hooks_app.config.plugin("webhooks"))
    with hooks_app.db.connection_context():
        [first] = queue.claim(hooks_app, settings, 5)
        assert queue.claim(hooks_app, settings, 5) == [], "leased: nobody else gets it"
        WebhookDelivery.update(lease_until=first.lease_until - timedelta(hours=1)).execute()  # its process died
        [again] = queue.claim(hooks_app, settings, 5)
        assert again.id == first.id and again.attempts == 2 and again.lease_owner != first.lease_owner
        stale = queue.finish(hooks_app, settings, first, first.lease_until, Outcome(200, 5, None))
        assert stale == "taken over", "the first claim no longer holds the row"
        assert WebhookDelivery.get_by_id(first.id).state == "sending"


def test_a_webhook_deleted_while_its_delivery_is_claimed(admin, hooks_app):
    hook = _queued(admin, hooks_app)
    settings = dict(hooks_app.config.plugin("webhooks"))
    with hooks_app.db.connection_context():
        [row] = queue.claim(hooks_app, settings, 5)
    assert admin.simulate_delete(f"/plugins/webhooks/hooks/{hook['id']}").status_code == 204
    with hooks_app.db.connection_context():
        assert pool.send_one(hooks_app, settings, None, row) == "taken over"
        assert WebhookDelivery.select().count() == 0


def test_a_name_is_kept_for_the_host_header_while_a_checked_address_is_dialled(admin):
    with Receiver() as receiver:
        port = receiver.server.server_port
        answer = admin.simulate_post("/plugins/webhooks/hooks", json={
            "url": f"http://localhost:{port}/hook?from=clapboard", "events": ["project:*"],
            "allow_private_network": True})
        assert answer.status_code == 201, answer.text
        receiver.secret = answer.json["secret"]
        _project(admin)
        got = receiver.wait_for(1)[0]
    assert got["headers"]["Host"] == f"localhost:{port}" and got["signed"]
    assert got["path"] == "/hook?from=clapboard"


def test_the_send_time_check_refuses_without_connecting(monkeypatch):
    """The name resolved to a public address at registration, to a private one now: nothing is dialled."""

    import socket
    from types import SimpleNamespace

    import urllib3

    from clapboard.plugins.webhooks import sender

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, 1, 6, "", ("10.0.0.7", 80))])
    monkeypatch.setattr(urllib3.HTTPConnectionPool, "urlopen", lambda *a, **k: pytest.fail("dialled"))
    hook = SimpleNamespace(url="http://hooks.example.com/x", allow_private_network=False, secret="s")
    row = SimpleNamespace(id="d", event="project:new", payload={"id": "d"})
    outcome = sender.send(hook, row, timeout=1)
    assert outcome.status_code is None and not outcome.delivered and "10.0.0.7" in outcome.error


def test_a_process_that_may_not_send_only_queues(make_app):
    """``send = false`` (a staging copy of the studio's database, the CI fuzzer): deliveries are
    queued, no sender starts, and `clapboard webhooks send` would still send them by hand."""

    app = make_app(plugins=["data", "webhooks"], config={"plugins": {"webhooks": {**FAST, "send": False}}})
    client = make_client(app)
    with Receiver() as receiver:
        hook = register(client, receiver)
        app.hook.serve_started(app=app)
        assert client.simulate_post("/data/projects", json={"name": "Staged"}).status_code == 201
        time.sleep(0.5)  # several poll periods of FAST: a started sender would have sent by now
        assert receiver.bodies() == []
    assert pool.pool_of(app, start=False) is None
    listed = client.simulate_get("/plugins/webhooks/deliveries", params={"webhook_id": hook["id"]}).json
    assert [row["state"] for row in listed["data"]] == ["pending"]


def test_writes_that_queue_nothing_never_wake_the_senders(hooks_app, admin):
    """Ordinary writes of a studio with no matching webhook cost the senders nothing: no pool is
    started, so no claim (a write transaction on SQLite) follows each commit."""

    with Receiver() as receiver:
        register(admin, receiver, events=("task-type:*",))
        for name in ("A", "B", "C"):
            assert admin.simulate_post("/data/projects", json={"name": name}).status_code == 201
        assert pool.pool_of(hooks_app, start=False) is None
        assert admin.simulate_post("/data/task-types", json={"name": "Grading"}).status_code == 201
        assert pool.pool_of(hooks_app, start=False) is not None
        assert receiver.wait_for(1)[0]["body"]["event"] == "task-type:new"
