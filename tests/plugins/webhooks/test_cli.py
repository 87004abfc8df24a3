"""``clapboard webhooks …`` on the test's database: add, list, deliveries, send, replay, remove."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner

from clapboard import Event
from clapboard.cli import make_cli
from clapboard.plugins.webhooks import outbox
from clapboard.testing import make_client

from .conftest import FAST
from .receiver import Receiver


@pytest.fixture
def cli(make_app, monkeypatch):
    app = make_app(plugins=["data", "webhooks"])
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", app.secret_key)
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "data,webhooks")
    for key, value in FAST.items():
        monkeypatch.setenv(f"CLAPBOARD_PLUGINS__WEBHOOKS__{key.upper()}", str(value))

    def run(*args, code=0):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    run.app = app
    return run


def test_the_commands_from_registration_to_replay(cli):
    with Receiver(statuses=(500, 200)) as receiver:
        out = cli("webhooks", "add", receiver.url, "--event", "project:new", "--event", "project:update",
                  "--name", "Farm", "--allow-private-network")
        hook_id = out.split("id: ")[1].split()[0]
        receiver.secret = out.split("secret: ")[1].split()[0]
        listed = cli("webhooks", "list")
        assert hook_id in listed and "project:new,project:update" in listed and receiver.secret not in listed
        with cli.app.db.connection_context(), cli.app.transaction():  # no event: nobody sends but `send`
            outbox.record([Event("project:new", {"project_id": None})])
        assert "1 pending" in cli("webhooks", "send")
        rows = [json.loads(line) for line in cli("webhooks", "deliveries", "--json").splitlines()]
        assert [(r["state"], r["last_status_code"]) for r in rows] == [("pending", 500)]
        receiver_count = len(receiver.received)
        assert receiver_count == 1
        time.sleep(0.3)  # past the back-off of the first try (FAST: 0.05 s, at most 0.2 s)
        assert "1 delivered" in cli("webhooks", "send")
        delivered = cli("webhooks", "deliveries", "--state", "delivered", "--webhook", hook_id)
        assert rows[0]["id"] in delivered
        assert "queued" in cli("webhooks", "replay", rows[0]["id"])
        sent = cli("webhooks", "send")  # unless the replaying command's own senders were quicker
        assert "1 delivered" in sent or "nothing due" in sent
        receiver.wait_for(3)
        assert all(r["signed"] for r in receiver.received)
        assert {r["headers"]["X-Clapboard-Delivery"] for r in receiver.received} == {rows[0]["id"]}
    assert "removed" in cli("webhooks", "remove", hook_id)
    assert "No webhook" in cli("webhooks", "remove", hook_id, code=1)
    assert make_client(cli.app).simulate_get("/plugins/webhooks/hooks").json == []


def test_add_refuses_a_private_target_without_the_flag(cli):
    out = cli("webhooks", "add", "http://127.0.0.1:9/x", "--event", "*", code=1)
    assert "127.0.0.1" in out and "allow_private_network" in out
    assert "matches no event" in cli("webhooks", "add", "http://127.0.0.1:9/x", "--event", "nope:*",
                                     "--allow-private-network", code=1)
    assert "must be a UUID" in cli("webhooks", "deliveries", "--webhook", "12", code=1)
