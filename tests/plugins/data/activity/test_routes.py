"""Every route of Zou's news, events, chats and search blueprints (and the user's chats) is served and documented."""

from __future__ import annotations

import pytest

from clapboard.openapi import build_openapi

from ..route_coverage import anonymous_statuses, assert_served_and_documented, normal

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


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("activity-routes"), [])(init=False)
    yield app
    app.close()


def test_every_route_is_served_under_both_prefixes_and_documented(app):
    assert_served_and_documented(app, WANTED)
    for path, item in build_openapi(app)["paths"].items():
        if (next(iter(item)).upper(), normal(path)) in WANTED:
            for operation in item.values():
                assert operation.get("summary"), path
    for method, path in WANTED:
        statuses = anonymous_statuses(app, method, path)
        assert statuses == {"": 401, "/api": 401}, (method, path, statuses)
