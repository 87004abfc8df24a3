"""Only admins manage webhooks: every other role, logged in for real, is refused on lists and items."""

from __future__ import annotations

import pytest

from clapboard.plugins.webhooks.models import WebhookDelivery

from ..auth.scenario import build
from .receiver import Receiver

REFUSED = ("manager", "supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture
def scenario(make_app):
    return build(make_app(plugins=["data", "auth", "webhooks"]))


def test_only_admins_manage_webhooks(scenario):
    admin = scenario.client("admin")
    with Receiver() as receiver:
        made = admin.simulate_post("/plugins/webhooks/hooks", json={
            "url": receiver.url, "events": ["*"], "allow_private_network": True})
        assert made.status_code == 201, made.text
        hook_id = made.json["id"]
        admin.simulate_put(f"/data/projects/{scenario.ids['P']}", json={"name": "Renamed"})
        receiver.wait_for(1)
    with scenario.app.db.connection_context():
        delivery_id = str(WebhookDelivery.select().first().id)
    calls = [
        ("GET", "/plugins/webhooks/hooks", None),
        ("POST", "/plugins/webhooks/hooks", {"url": "http://127.0.0.1:9/", "events": ["*"],
                                             "allow_private_network": True}),
        ("GET", f"/plugins/webhooks/hooks/{hook_id}", None),
        ("PUT", f"/plugins/webhooks/hooks/{hook_id}", {"name": "mine now"}),
        ("DELETE", f"/plugins/webhooks/hooks/{hook_id}", None),
        ("POST", f"/plugins/webhooks/hooks/{hook_id}/rotate-secret", None),
        ("POST", f"/plugins/webhooks/hooks/{hook_id}/ping", None),
        ("GET", "/plugins/webhooks/events", None),
        ("GET", "/plugins/webhooks/deliveries", None),
        ("GET", f"/plugins/webhooks/deliveries/{delivery_id}", None),
        ("POST", f"/plugins/webhooks/deliveries/{delivery_id}/replay", None),
    ]
    for role in REFUSED:
        client = scenario.client(role)
        for method, path, body in calls:
            answer = client.simulate_request(method, path, json=body)
            assert answer.status_code == 403, (role, method, path, answer.status_code)
            assert "secret" not in answer.text
    anonymous = scenario.client(None)
    assert anonymous.simulate_get("/plugins/webhooks/hooks").status_code == 401
    assert admin.simulate_get(f"/plugins/webhooks/hooks/{hook_id}").json["name"] == ""
    assert len(admin.simulate_get("/plugins/webhooks/hooks").json) == 1
    assert admin.simulate_get(f"/plugins/webhooks/deliveries/{delivery_id}").json["state"] == "delivered"
