"""The filters, notifications and subscriptions routes of the user blueprint are served, at the
root and under ``/api``, and documented in the OpenAPI document."""

from __future__ import annotations

import pytest

from ..route_coverage import anonymous_statuses, assert_served_and_documented

ROUTES = """
GET /data/user/filters
POST /data/user/filters
PUT /data/user/filters/{filter_id}
DELETE /data/user/filters/{filter_id}
GET /data/user/filter-groups
POST /data/user/filter-groups
GET /data/user/filter-groups/{filter_group_id}
PUT /data/user/filter-groups/{filter_group_id}
DELETE /data/user/filter-groups/{filter_group_id}
GET /data/user/notifications
GET /data/user/notifications/{notification_id}
PUT /data/user/notifications/{notification_id}
GET /data/user/tasks/{task_id}/subscribed
POST /actions/user/tasks/subscribe
POST /actions/user/tasks/unsubscribe
GET /data/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribed
GET /data/user/entities/{sequence_id}/task-types/{task_type_id}/subscribed
GET /data/user/projects/{project_id}/task-types/{task_type_id}/sequence-subscriptions
POST /actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe
DELETE /actions/user/sequences/{sequence_id}/task-types/{task_type_id}/unsubscribe
POST /actions/user/notifications/mark-all-as-read
GET /data/projects/{project_id}/notifications
"""
WANTED = [tuple(line.split()) for line in ROUTES.strip().splitlines()]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    built = AppFactory(tmp_path_factory.mktemp("user-b-routes"), [])(init=False)
    yield built
    built.close()


def test_every_route_is_served_and_documented(app):
    assert_served_and_documented(app, WANTED)


@pytest.mark.parametrize("method, path", WANTED)
def test_every_route_answers_at_the_root_and_under_api(app, method, path):
    # No login: the route exists and refuses the anonymous caller (not a 404 or 405).
    statuses = anonymous_statuses(app, method, path)
    assert statuses == {"": 401, "/api": 401}, (method, path, statuses)
