"""The webhooks API: registration judged (patterns, SSRF), secrets shown only when made, clear 400s and 404s."""

from __future__ import annotations

import socket
import uuid

import pytest

from clapboard.plugins.webhooks import ssrf

HOOKS = "/plugins/webhooks/hooks"


def _create(client, **body):
    return client.simulate_post(HOOKS, json={"events": ["project:*"], **body})


@pytest.mark.parametrize("url, address", [
    ("http://127.0.0.1:8080/hook", "127.0.0.1"),
    ("http://10.1.2.3/hook", "10.1.2.3"),
    ("https://192.168.0.9/hook", "192.168.0.9"),
    ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
    ("http://[::1]:9000/hook", "::1"),
    ("http://[fe80::1]/hook", "fe80::1"),
    ("http://0.0.0.0/", "0.0.0.0"),
    ("http://[::ffff:10.0.0.1]/", "::ffff:10.0.0.1"),
])
def test_private_targets_are_refused_naming_the_address(admin, url, address):
    answer = _create(admin, url=url)
    assert answer.status_code == 400, answer.text
    assert address in answer.json["message"] and "allow_private_network" in answer.json["message"]
    assert _create(admin, url=url, allow_private_network=True).status_code == 201


def test_a_name_resolving_to_loopback_is_refused(admin):
    addresses = {info[4][0] for info in socket.getaddrinfo("localhost", 80)}
    answer = _create(admin, url="http://localhost:8000/hook")
    assert answer.status_code == 400
    assert any(address in answer.json["message"] for address in addresses)


def test_the_send_time_check_refuses_too(monkeypatch):
    """A name that resolved to a public address at registration and to a private one at send time."""

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [(socket.AF_INET, 1, 6, "", ("10.0.0.7", 80))])
    with pytest.raises(ssrf.Refused, match="10.0.0.7"):
        ssrf.resolve("http://hooks.example.com/x", allow_private=False)
    target = ssrf.resolve("http://hooks.example.com:8080/x?y=1", allow_private=True)
    assert (target.addresses, target.host_header, target.path) == (("10.0.0.7",), "hooks.example.com:8080", "/x?y=1")


@pytest.mark.parametrize("body, words", [
    (None, "body"),
    ([], "object"),
    ({"url": "http://x.example"}, "events"),
    ({"events": ["*"]}, "url"),
    ({"url": 5, "events": ["*"]}, "url"),
    ({"url": "http://x.example", "events": []}, "events"),
    ({"url": "http://x.example", "events": "*"}, "events"),
    ({"url": "http://x.example", "events": ["nothing:like-this"]}, "matches no event"),
    ({"url": "http://x.example", "events": ["pro*ject"]}, "may only end"),
    ({"url": "ftp://x.example/", "events": ["*"]}, "http"),
    ({"url": "not a url", "events": ["*"]}, "http"),
    ({"url": "http://user:pw@x.example/", "events": ["*"]}, "credentials"),
    ({"url": "http://x.example:99999/", "events": ["*"]}, "url"),
    ({"url": "http://x.example", "events": ["*"], "secret": "mine"}, "secret"),
    ({"url": "http://x.example", "events": ["*"], "project_id": "nope"}, "project_id"),
    ({"url": "http://x.example", "events": ["*"], "active": "yes"}, "active"),
    ({"url": "http://" + "a" * 70 + ".example/", "events": ["*"]}, "url"),
    ({"url": "http://[::1/", "events": ["*"]}, "url"),
])
def test_bad_bodies_are_400s(admin, body, words):
    answer = admin.simulate_post(HOOKS, json=body) if body is not None else admin.simulate_post(
        HOOKS, body=b"{not json", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] is True
    if body is not None:
        assert words in answer.text


def test_crud_and_secrets(admin, hooks_app):
    made = _create(admin, url="http://127.0.0.1:1/a", name="Farm", allow_private_network=True)
    assert made.status_code == 201
    hook, secret = made.json, made.json["secret"]
    assert secret.startswith("whsec_") and len(secret) > 30
    read = admin.simulate_get(f"{HOOKS}/{hook['id']}")
    assert read.status_code == 200 and "secret" not in read.json and read.json["name"] == "Farm"
    assert all("secret" not in row for row in admin.simulate_get(HOOKS).json)
    changed = admin.simulate_put(f"{HOOKS}/{hook['id']}", json={"events": ["project:update"], "active": False})
    assert changed.status_code == 200 and changed.json["events"] == ["project:update"] and not changed.json["active"]
    assert "secret" not in changed.json
    assert admin.simulate_put(f"{HOOKS}/{hook['id']}", json={}).status_code == 400
    refused = admin.simulate_put(f"{HOOKS}/{hook['id']}", json={"allow_private_network": False})
    assert refused.status_code == 400 and "127.0.0.1" in refused.json["message"]
    assert admin.simulate_post(f"{HOOKS}/{hook['id']}/ping").status_code == 400, "inactive: refused"
    rotated = admin.simulate_post(f"{HOOKS}/{hook['id']}/rotate-secret")
    assert rotated.status_code == 200 and rotated.json["secret"] not in (secret, None)
    assert admin.simulate_delete(f"{HOOKS}/{hook['id']}").status_code == 204
    assert admin.simulate_get(f"{HOOKS}/{hook['id']}").status_code == 404


@pytest.mark.parametrize("path", [f"{HOOKS}/nope", f"{HOOKS}/{uuid.uuid4()}", "/plugins/webhooks/deliveries/x1",
                                  f"/plugins/webhooks/deliveries/{uuid.uuid4()}"])
def test_unknown_ids_are_404s(admin, path):
    assert admin.simulate_get(path).status_code == 404
    method = "DELETE" if path.startswith(HOOKS) else "POST"
    target = path if method == "DELETE" else path + "/replay"
    assert admin.simulate_request(method, target).status_code == 404


@pytest.mark.parametrize("query", ["state=lost", "webhook_id=12", "page=0", "limit=x", "page=-1", "page=1&page=2",
                                   "state=failed&state=sending", "event=a&event=b", "page=null&page=null"])
def test_bad_delivery_filters_are_400s(admin, query):
    answer = admin.simulate_get("/plugins/webhooks/deliveries", query_string=query)
    assert answer.status_code == 400 and answer.json["error"] is True


def test_events_list_the_declared_names(admin):
    names = {e["name"] for e in admin.simulate_get("/plugins/webhooks/events").json}
    assert {"project:new", "webhooks:ping"} <= names


def test_every_route_is_in_openapi(admin):
    paths = admin.simulate_get("/openapi.json").json["paths"]
    for path in ("/plugins/webhooks/hooks", "/plugins/webhooks/hooks/{hook_id}",
                 "/plugins/webhooks/hooks/{hook_id}/rotate-secret", "/plugins/webhooks/hooks/{hook_id}/ping",
                 "/plugins/webhooks/deliveries", "/plugins/webhooks/deliveries/{delivery_id}",
                 "/plugins/webhooks/deliveries/{delivery_id}/replay", "/plugins/webhooks/events"):
        assert path in paths, path
