"""Every people time route is served, under ``/api`` too, and documented in ``/openapi.json``."""

from __future__ import annotations

import pytest

from ..production.tasks.world import build_world, close

ROUTES = (
    "/data/projects/{project_id}/quotas/{task_type_id}",
    "/data/projects/{project_id}/quotas/persons/{person_id}",
    "/data/entities/{entity_id}/time-spents",
    "/data/projects/{project_id}/task-types/{task_type_id}/time-spents",
    "/data/projects/{project_id}/day-offs",
    "/data/projects/{project_id}/budgets/time-spents",
    "/data/persons/presence-logs/{month_date}",
    "/data/persons/{person_id}/time-spents",
    "/data/persons/{person_id}/time-spents/{date}",
    "/data/persons/{person_id}/day-offs/{date}",
    "/data/persons/{person_id}/time-spents/year/{year}",
    "/data/persons/{person_id}/time-spents/month/{year}/{month}",
    "/data/persons/{person_id}/time-spents/month/all/{year}/{month}",
    "/data/persons/{person_id}/time-spents/week/{year}/{week}",
    "/data/persons/{person_id}/time-spents/day/{year}/{month}/{day}",
    "/data/persons/{person_id}/quota-shots/month/{year}/{month}",
    "/data/persons/{person_id}/quota-shots/week/{year}/{week}",
    "/data/persons/{person_id}/quota-shots/day/{year}/{month}/{day}",
    "/data/persons/time-spents/year-table",
    "/data/persons/time-spents/month-table/{year}",
    "/data/persons/time-spents/week-table/{year}",
    "/data/persons/time-spents/day-table/{year}/{month}",
    "/data/persons/day-offs/{year}/{month}",
    "/data/persons/{person_id}/day-offs/week/{year}/{week}",
    "/data/persons/{person_id}/day-offs/month/{year}/{month}",
    "/data/persons/{person_id}/day-offs/year/{year}",
    "/data/persons/{person_id}/day-offs",
)


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-time-routes")
    yield world
    close(world)


def _concrete(w, template: str) -> str:
    values = {"project_id": w.ids["P"], "task_type_id": w.types["Layout"], "person_id": w.person("user"),
              "entity_id": w.ids["SH1"], "month_date": "2026-11", "date": "2026-11-28", "year": "2026",
              "month": "11", "week": "48", "day": "28"}
    return template.format(**values)


def test_documented_with_their_get(w):
    paths = w.admin.simulate_get("/openapi.json").json["paths"]
    for template in ROUTES:
        assert "get" in paths.get(template, {}), template
        assert paths[template]["get"].get("summary"), template


@pytest.mark.parametrize("template", ROUTES)
def test_served_for_admins_under_both_prefixes(w, template):
    path = _concrete(w, template)
    plain, prefixed = w.admin.simulate_get(path), w.admin.simulate_get("/api" + path)
    assert plain.status_code == 200, (path, plain.text)
    assert (prefixed.status_code, prefixed.text) == (200, plain.text)


@pytest.mark.parametrize("template", ROUTES)
def test_anonymous_callers_are_401(w, template):
    assert w.client(None).simulate_get(_concrete(w, template)).status_code == 401
