"""Every route of the user's own views is served (also under /api), documented, and refused to bots."""

from __future__ import annotations

import re

import pytest

from clapboard.openapi import build_openapi

from .world import build_user_world, close, post

# Zou's user blueprint routes this family serves (GET only).
ROUTES = """
/data/user/context
/data/user/assets/{asset_id}/tasks
/data/user/shots/{shot_id}/tasks
/data/user/scenes/{scene_id}/tasks
/data/user/sequences/{sequence_id}/tasks
/data/user/assets/{asset_id}/task-types
/data/user/shots/{shot_id}/task-types
/data/user/scenes/{scene_id}/task-types
/data/user/sequences/{sequence_id}/task-types
/data/user/projects/open
/data/user/projects/{project_id}/asset-types
/data/user/projects/{project_id}/asset-types/{asset_type_id}/assets
/data/user/projects/{project_id}/sequences
/data/user/projects/{project_id}/episodes
/data/user/sequences/{sequence_id}/shots
/data/user/sequences/{sequence_id}/scenes
/data/user/tasks
/data/user/tasks-to-check
/data/user/done-tasks
/data/user/time-spents
/data/user/time-spents/{date}
/data/user/tasks/{task_id}/time-spents/{date}
/data/user/day-offs/{date}
""".split()
FIELD = re.compile(r"\{[^}]+\}")


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_user_world(tmp_path_factory, "user-routes")
    yield world
    close(world)


def _example(w, path: str) -> str:
    values = {"asset_id": w.ids["HERO"], "shot_id": w.ids["SH1"], "scene_id": w.ids["SC1"],
              "sequence_id": w.ids["SQ"], "project_id": w.ids["P"], "asset_type_id": w.types["kind:Character"],
              "task_id": w.ids["LAY1"], "date": "2026-11-28"}
    return FIELD.sub(lambda match: values[match.group(0)[1:-1]], path)


def test_every_route_is_served_and_documented_with_its_action(w):
    served = {(FIELD.sub("{}", r.path), m) for r in w.app.routes for m in r.methods()}
    document = build_openapi(w.app)["paths"]
    documented = {FIELD.sub("{}", path): item for path, item in document.items()}
    for path in ROUTES:
        assert (FIELD.sub("{}", path), "GET") in served, path
        operation = documented[FIELD.sub("{}", path)]["get"]
        assert operation.get("x-clapboard-action") == "data.user.read", path
        assert operation.get("summary"), path


@pytest.mark.parametrize("path", ROUTES)
def test_each_route_answers_a_person_and_refuses_bots_and_anonymous_callers(w, path):
    url = _example(w, path)
    for role in ("user", "client", "vendor", "outsider", "manager"):
        answer = w.client(role).simulate_get(url)
        assert answer.status_code in (200, 404), (role, answer.text)
    for prefix in ("", "/api"):
        answer = w.client("user").simulate_get(prefix + url)
        assert answer.status_code == 200, (prefix, answer.text)
    assert w.client(None).simulate_get(url).status_code == 401
    for role in ("manager", "admin"):
        token = w.ids.setdefault(f"bot-{role}", post(w, "/data/persons", {
            "first_name": "Bot", "last_name": role, "is_bot": True, "role": role})["access_token"])
        answer = w.client(None).simulate_get(url, headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 403 and answer.json["error"] is True, (role, answer.text)


@pytest.mark.parametrize("role", ["admin", "user", "vendor"])
def test_answers_follow_their_documented_schema(w, role):
    client = w.admin if role == "admin" else w.client(role)
    for route in w.app.routes:
        if route.path not in ROUTES:
            continue
        schema = route.operation("GET").response_schema
        answer = client.simulate_get(_example(w, route.path))
        if answer.status_code == 200:
            assert w.app.schemas.errors(schema, answer.json) == [], (role, route.path)
