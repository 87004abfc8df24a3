"""Every Zou route of issue 8's blueprints is served, answers under ``/api`` too, and is in ``/openapi.json``.

The routes are Zou's own list (``zou_routes_issue8.tsv``, rows of the
``index``, ``user``, ``persons``, ``departments``, ``news``, ``events``,
``chats``, ``search`` and ``admin`` blueprints). The app is built with an admin
token so that ``/admin/config/check`` answers (without one it is served but refuses everybody).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clapboard.testing import make_client

ROWS = [line.split("\t") for line in (Path(__file__).parent / "zou_routes_issue8.tsv").read_text().splitlines()
        if line.strip() and not line.startswith("#")]
BLUEPRINTS = ("index", "user", "persons", "departments", "news", "events", "chats", "search", "admin")
FIELD = re.compile(r"<[^>]+>|\{[^}]+\}")
SOME_ID = "8b1b7e0e-57ad-4a4b-9c11-4f1d0d5fb0a1"


def _normal(path: str) -> str:
    return FIELD.sub("{id}", path)


def _concrete(path: str) -> str:
    """A requestable path: ids for id fields, numbers for years, months, weeks, days; a date for dates."""

    def value(match):
        name = match.group(0).strip("<>{}")
        if name in ("year", "month", "week", "day"):
            return {"year": "2026", "month": "11", "week": "47", "day": "27"}[name]
        if name in ("date", "month_date"):
            return "2026-11" if name == "month_date" else "2026-11-27"
        return SOME_ID
    return FIELD.sub(value, path)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    built = AppFactory(tmp_path_factory.mktemp("issue8-coverage"), [])(
        config={"plugins": {"data": {"admin_token": "coverage-token"}}})
    yield built
    built.close()


def test_the_list_is_zous_for_these_blueprints():
    assert {blueprint for blueprint, _, _ in ROWS} == set(BLUEPRINTS)
    assert len(ROWS) == 111 and len({(method, path) for _, method, path in ROWS}) == 111


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_every_route_of_the_blueprint_is_served_and_documented(app, blueprint):
    served = {(method, _normal(route.path)) for route in app.routes for method in route.methods()}
    document = make_client(app, role=None).simulate_get("/openapi.json").json
    documented = {(method.upper(), _normal(path)) for path, item in document["paths"].items() for method in item}
    wanted = {(method, _normal(path)) for bp, method, path in ROWS if bp == blueprint}
    assert not wanted - served, sorted(wanted - served)
    assert not wanted - documented, sorted(wanted - documented)


@pytest.mark.parametrize("method,path", [(method, path) for _, method, path in ROWS])
def test_every_route_answers_the_same_under_api(app, method, path):
    # Anonymous: a protected route asks for a login (401), a public one answers; neither is unknown.
    client = make_client(app, role=None)
    concrete = _concrete(path)
    plain = client.simulate_request(method, concrete)
    under_api = client.simulate_request(method, "/api" + concrete)
    assert plain.status_code not in (404, 405), (method, concrete, plain.status_code, plain.text)
    assert under_api.status_code == plain.status_code, (method, "/api" + concrete, under_api.status_code)
