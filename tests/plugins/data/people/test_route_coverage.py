"""Every route of the family is served, under ``/api`` too, and in the OpenAPI document."""

from pathlib import Path

import pytest

from ..route_coverage import anonymous_statuses, assert_served_and_documented

LISTED = [tuple(line.split()) for line in (Path(__file__).parent / "routes.txt").read_text().splitlines()
          if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("people-coverage"), [])()
    yield app
    app.close()


def test_every_route_is_served_and_documented(app):
    assert len(LISTED) == 20
    assert_served_and_documented(app, LISTED)


@pytest.mark.parametrize("method,path", LISTED)
def test_every_route_answers_under_api(app, method, path):
    # Anonymous: the route exists and asks for a login.
    statuses = anonymous_statuses(app, method, path, "8b1b7e0e-57ad-4a4b-9c11-4f1d0d5fb0a1")
    assert statuses == {"": 401, "/api": 401}, (method, path, statuses)
