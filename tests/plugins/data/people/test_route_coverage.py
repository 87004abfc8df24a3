"""Every route of the family is served, under ``/api`` too, and in the OpenAPI document."""

import re
from pathlib import Path

import pytest

from clapboard.openapi import build_openapi

LISTED = [tuple(line.split()) for line in (Path(__file__).parent / "routes.txt").read_text().splitlines()
          if line.strip() and not line.startswith("#")]
FIELD = re.compile(r"\{[^}]+\}")


def _normal(path: str) -> str:
    return FIELD.sub("{id}", path)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("people-coverage"), [])()
    yield app
    app.db.close_all()


def test_every_route_is_served_and_documented(app):
    served = {(method, _normal(route.path)) for route in app.routes for method in route.methods()}
    documented = {(method.upper(), _normal(path)) for path, item in build_openapi(app)["paths"].items()
                  for method in item}
    assert len(LISTED) == 20
    assert not set(LISTED) - served, sorted(set(LISTED) - served)
    assert not set(LISTED) - documented, sorted(set(LISTED) - documented)


@pytest.mark.parametrize("method,path", LISTED)
def test_every_route_answers_under_api(app, method, path):
    from clapboard.testing import make_client

    client = make_client(app, role=None)  # anonymous: the route exists and asks for a login
    for prefix in ("", "/api"):
        answer = client.simulate_request(method, prefix + path.replace("{id}", "8b1b7e0e-57ad-4a4b-9c11-4f1d0d5fb0a1"))
        assert answer.status_code == 401, (method, prefix + path, answer.status_code)
