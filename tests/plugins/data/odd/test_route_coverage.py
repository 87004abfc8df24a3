"""Every route of this part of issue 15 (Zou's ``project_templates`` blueprint and the odd routes left) is
served, also under ``/api``, and documented in the OpenAPI document — by an app with the default settings."""

from __future__ import annotations

import pytest

from ..route_coverage import assert_served_and_documented

ROUTES = """
GET /data/project-templates/{id}/task-types
POST /data/project-templates/{id}/task-types
POST /actions/project-templates/{id}/task-types/reorder
DELETE /data/project-templates/{id}/task-types/{id}
GET /data/project-templates/{id}/task-statuses
POST /data/project-templates/{id}/task-statuses
POST /actions/project-templates/{id}/task-statuses/reorder
DELETE /data/project-templates/{id}/task-statuses/{id}
GET /data/project-templates/{id}/asset-types
POST /data/project-templates/{id}/asset-types
DELETE /data/project-templates/{id}/asset-types/{id}
GET /data/project-templates/{id}/status-automations
POST /data/project-templates/{id}/status-automations
DELETE /data/project-templates/{id}/status-automations/{id}
PUT /data/project-templates/{id}/metadata-descriptors
GET /data/project-templates/{id}/preview-background-files
POST /data/project-templates/{id}/preview-background-files
DELETE /data/project-templates/{id}/preview-background-files/{id}
PUT /data/project-templates/{id}/default-preview-background-file
POST /data/project-templates/from-project/{id}
POST /data/projects/{id}/apply-template/{id}
GET /admin/config/check
GET /data/projects/{id}/episodes/stats
GET /data/projects/{id}/episodes/retake-stats
POST /actions/projects/{id}/task-types/{id}/set-shot-nb-frames
GET /data/episodes/{id}/edit-tasks
PUT /data/projects/{id}/entities/casting
GET /data/tasks/{id}/comments/{id}
DELETE /data/tasks/{id}/comments/{id}
PUT /actions/tasks/set-priority
PUT /actions/tasks/{id}/to-review
POST /actions/production-schedule-versions/{id}/set-task-links-from-production
POST /actions/production-schedule-versions/{id}/set-task-links-from-production-schedule-version
POST /actions/production-schedule-versions/{id}/apply-to-production
"""
WANTED = {tuple(line.split()) for line in ROUTES.strip().splitlines()}


@pytest.fixture(scope="module")
def default_app(tmp_path_factory):
    from clapboard.testing import AppFactory

    built = AppFactory(tmp_path_factory.mktemp("issue15-templates-coverage"), [])(init=False)
    yield built
    built.close()


def test_every_route_is_served_and_documented(default_app):
    assert len(WANTED) == 34
    assert_served_and_documented(default_app, WANTED)


def test_served_under_api_too(default_app):
    for method, path in sorted(WANTED):
        concrete = path.replace("{id}", "00000000-0000-0000-0000-000000000000")
        for prefix in ("", "/api"):
            found = default_app._router.find(prefix + concrete)
            assert found is not None and method in found[1], (method, prefix + concrete)
