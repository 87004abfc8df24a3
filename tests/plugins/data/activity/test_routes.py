"""Every route of Zou's news, events, chats and search blueprints (and the user's chats) is served and documented."""

from __future__ import annotations

import re

import pytest

from clapboard.openapi import build_openapi

ROUTES = """
GET /data/user/chats
POST /actions/user/chats/{id}/join
DELETE /actions/user/chats/{id}/join
GET /data/entities/{id}/news
GET /data/entities/{id}/chat
GET /data/entities/{id}/chat/messages
POST /data/entities/{id}/chat/messages
GET /data/entities/{id}/chat/messages/{id}
DELETE /data/entities/{id}/chat/messages/{id}
GET /data/projects/news
GET /data/projects/{id}/news
GET /data/projects/{id}/news/{id}
GET /data/events/last
GET /data/events/names
GET /data/events/login-logs/last
POST /data/search
"""
WANTED = {tuple(line.split()) for line in ROUTES.strip().splitlines()}
FIELD = re.compile(r"\{[^}]+\}")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("activity-routes"), [])(init=False)
    yield app
    app.db.close_all()


def test_every_route_is_served_under_both_prefixes_and_documented(app):
    served = {(method, FIELD.sub("{id}", route.path)) for route in app.routes for method in route.methods()}
    assert not WANTED - served, sorted(WANTED - served)
    document = build_openapi(app)
    documented = {(method.upper(), FIELD.sub("{id}", path)) for path, item in document["paths"].items()
                  for method in item}
    assert not WANTED - documented, sorted(WANTED - documented)
    for path, item in document["paths"].items():
        if (next(iter(item)).upper(), FIELD.sub("{id}", path)) in WANTED:
            for operation in item.values():
                assert operation.get("summary"), path
    from falcon.testing import TestClient

    client = TestClient(app)
    for method, path in WANTED:
        concrete = path.replace("{id}", "00000000-0000-0000-0000-000000000000")
        for prefix in ("", "/api"):
            answer = client.simulate_request(method, prefix + concrete)
            assert answer.status_code == 401, (method, prefix + concrete, answer.status_code)
