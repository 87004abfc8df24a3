"""A receiver that hangs does not hold up writes: they all answer while it still blocks, then it gets everything.

A real waitress server (``LiveServer``: the senders start with it through
``serve_started``) and a receiver on loopback that blocks every request on a
``threading.Event``. Forty writes answer while the receiver holds the senders;
once released, every delivery arrives. No timing is asserted here:
``benchmarks/webhooks.py`` measures the p99 of a write with and without a
hanging receiver.
"""

from __future__ import annotations

import threading

from clapboard.plugins.webhooks.models import WebhookDelivery
from clapboard.testing import LiveServer

from ..plugins.webhooks.receiver import Receiver, until
from .conftest import Http

WRITES = 40
ADMIN = {"X-Clapboard-Test-Actor": "admin"}


def test_a_hanging_receiver_does_not_hold_up_writes(make_app):
    app = make_app(plugins=["data", "webhooks"], config={"plugins": {"webhooks": {
        "workers": 2, "timeout_seconds": 60, "max_attempts": 10, "backoff_seconds": 0.05, "poll_seconds": 0.2}}})
    server = LiveServer(app).start()
    release = threading.Event()
    try:
        http = Http(server.url)
        with Receiver(hang=release) as receiver:
            status, hook = http.json("POST", "/plugins/webhooks/hooks", headers=ADMIN, body={
                "url": receiver.url, "events": ["project:*"], "allow_private_network": True})
            assert status == 201, hook
            receiver.secret = hook["secret"]
            status, project = http.json("POST", "/data/projects", headers=ADMIN, body={"name": "Hanging"})
            assert status == 201, project
            for n in range(WRITES):
                status, _ = http.json("PUT", f"/data/projects/{project['id']}", headers=ADMIN,
                                      body={"name": f"Hanging {n}"})
                assert status == 200
            assert not release.is_set() and receiver.received == [], "every write answered while it hangs"
            with app.db.connection_context():
                assert WebhookDelivery.select().where(WebhookDelivery.state == "delivered").count() == 0
            release.set()
            got = receiver.wait_for(WRITES + 1)
        assert all(r["signed"] for r in got)
        assert len({r["headers"]["X-Clapboard-Delivery"] for r in got}) == WRITES + 1

        def all_delivered():
            with app.db.connection_context():
                return {d.state for d in WebhookDelivery.select()} == {"delivered"}

        until(all_delivered, 30, "every delivery delivered")
    finally:
        release.set()
        server.stop()
