import pytest

from clapboard.testing import make_client

FAST = {"backoff_seconds": 0.05, "max_backoff_seconds": 0.2, "poll_seconds": 0.1, "timeout_seconds": 5,
        "max_attempts": 3}


@pytest.fixture
def hooks_app(make_app):
    return make_app(plugins=["data", "webhooks"], config={"plugins": {"webhooks": dict(FAST)}})


@pytest.fixture
def admin(hooks_app):
    return make_client(hooks_app)


def register(client, receiver, events=("project:*",), **extra):
    answer = client.simulate_post("/plugins/webhooks/hooks", json={
        "url": receiver.url, "events": list(events), "allow_private_network": True, **extra})
    assert answer.status_code == 201, answer.text
    receiver.secret = answer.json["secret"]
    return answer.json


def delivery(client, delivery_id):
    answer = client.simulate_get(f"/plugins/webhooks/deliveries/{delivery_id}")
    assert answer.status_code == 200, answer.text
    return answer.json
