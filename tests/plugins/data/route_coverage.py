"""What the route coverage tests of the data families share: the routes an app serves and documents,
compared with a family's list, and how an anonymous caller finds one of them."""

from __future__ import annotations

import re

from clapboard.openapi import build_openapi

FIELD = re.compile(r"\{[^}]+\}")
SOME_ID = "00000000-0000-0000-0000-000000000000"


def normal(path: str) -> str:
    """A path with every field named ``{id}``: Zou's names and ours may differ."""

    return FIELD.sub("{id}", path)


def served(app) -> set[tuple[str, str]]:
    return {(method, normal(route.path)) for route in app.routes for method in route.methods()}


def documented(app) -> set[tuple[str, str]]:
    return {(method.upper(), normal(path)) for path, item in build_openapi(app)["paths"].items() for method in item}


def assert_served_and_documented(app, wanted) -> None:
    """Every ``(method, path)`` of ``wanted`` is a route of ``app`` and an operation of its OpenAPI document."""

    wanted = {(method, normal(path)) for method, path in wanted}
    assert not wanted - served(app), sorted(wanted - served(app))
    assert not wanted - documented(app), sorted(wanted - documented(app))


def anonymous_statuses(app, method: str, path: str, some_id: str = SOME_ID) -> dict[str, int]:
    """``{prefix: status}`` of the route asked without a login, at the root and under ``/api``."""

    from falcon.testing import TestClient

    client = TestClient(app)
    concrete = FIELD.sub(some_id, path)
    return {prefix: client.simulate_request(method, prefix + concrete).status_code for prefix in ("", "/api")}
