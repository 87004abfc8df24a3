"""Every route of this helper's part of issue 8 is served (also under ``/api``) and in the OpenAPI document."""

from __future__ import annotations

import pytest

from ..route_coverage import assert_served_and_documented

ROUTES = """
GET /status/influx
GET /status/resources
GET /status.txt
GET /status/test-event
GET /stats
GET /config
GET /admin/config/check
POST /actions/task-types/reorder
POST /data/task-type-links
POST /actions/projects/{id}/task-type-links/reorder
POST /data/task-status-links
POST /actions/projects/{id}/task-status-links/reorder
GET /data/projects/{id}/playlists
GET /data/projects/{id}/playlists/all
GET /data/projects/{id}/episodes/{id}/playlists
GET /data/projects/{id}/playlists/{id}
GET /data/playlists/entities/{id}/preview-files
"""
WANTED = {tuple(line.split()) for line in ROUTES.strip().splitlines()}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    built = AppFactory(tmp_path_factory.mktemp("instance-coverage"), [])(
        init=False, config={"plugins": {"data": {"admin_token": "coverage-token"}}})
    yield built
    built.close()


def test_served_and_documented(app):
    assert_served_and_documented(app, WANTED)


def test_served_under_api_too(app):
    for method, path in sorted(WANTED):
        concrete = path.replace("{id}", "00000000-0000-0000-0000-000000000000")
        for prefix in ("", "/api"):
            found = app._router.find(prefix + concrete)
            assert found is not None and method in found[1], (method, prefix + concrete)
