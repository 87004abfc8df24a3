"""Every route of Zou (``zou_routes.tsv``: all 790 method + path pairs of Zou's blueprints, copied from
the API reference) is served — at its path and under ``/api`` — and documented in ``/openapi.json``, by
an application with every first-party plugin enabled. None may be missing: the single sign-on routes (OIDC
and SAML, from the ``sso`` plugin) are served even when no provider is configured, and answer a 400 then."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clapboard.openapi import build_openapi

FIELD = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>|\{[^}]+\}")
ROWS = [line.split("\t") for line in (Path(__file__).parent / "zou_routes.tsv").read_text().splitlines()[1:]
        if line.strip()]
SINGLE_SIGN_ON = {("GET", "/auth/oidc/login"), ("GET", "/auth/oidc/callback"), ("GET", "/auth/saml/login"),
                  ("POST", "/auth/saml/sso")}  # the last four built (issue 16): checked by name below


def normal(path: str) -> str:
    """A path with every field as ``{}``, and Zou's ``<name>.png`` suffixes kept."""

    return FIELD.sub("{}", path)


ZOU = {(method, normal(path)) for _blueprint, method, path, *_ in ROWS}


@pytest.fixture(scope="module")
def full_app(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("coverage"), [])()
    yield app
    app.close()


def test_the_list_is_zous_whole_api():
    assert len(ROWS) == 790 and len(ZOU) == 790


def test_every_zou_route_is_served_under_both_prefixes(full_app):
    served = {(method, normal(route.path)) for route in full_app.routes for method in route.methods()}
    missing = ZOU - served
    assert not missing, sorted(missing)
    # Each route is mounted again under /api (Kitsu's prefix behind its proxy).
    from falcon.testing import TestClient

    client = TestClient(full_app)
    for method, path in sorted(ZOU - missing)[::37]:  # a spread sample: 404 would mean "not mounted"
        concrete = path.replace("{}", "8b1b7e0e-57ad-4a4b-9c11-4f1d0d5fb0a1")
        statuses = {prefix: client.simulate_request(method, prefix + concrete).status_code for prefix in ("", "/api")}
        assert statuses[""] == statuses["/api"], (method, path, statuses)


def test_every_served_zou_route_is_in_the_openapi_document(full_app):
    documented = {(method.upper(), normal(path)) for path, item in build_openapi(full_app)["paths"].items()
                  for method in item if method in ("get", "post", "put", "delete", "patch")}
    missing = ZOU - documented
    assert not missing, sorted(missing)


def test_single_sign_on_routes_answer_a_clear_400_when_no_provider_is_configured(full_app):
    from falcon.testing import TestClient

    client = TestClient(full_app)
    for method, path in sorted(SINGLE_SIGN_ON):
        for prefix in ("", "/api"):
            answer = client.simulate_request(method, prefix + path)
            assert answer.status_code == 400, (method, path, answer.status_code)
            assert answer.json["error"] is True and "not enabled" in answer.json["message"], answer.json
