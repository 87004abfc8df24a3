"""``GET /admin/config/check``: always served and documented, answering only to the configured admin token."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import make_client

from ...auth.conftest import FAST

TOKEN = "operator-token-0123456789"


@pytest.fixture
def checked(make_app):
    return make_app(config={"plugins": {"data": {"admin_token": TOKEN, "default_locale": "it_IT"},
                                        "auth": dict(FAST)}}, actors=False)


def _get(app, authorization=None, prefix=""):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return make_client(app, role=None).simulate_get(prefix + "/admin/config/check", headers=headers)


@pytest.mark.parametrize("authorization", [None, "Bearer ", f"Bearer {TOKEN}", "Bearer None"])
def test_refused_to_everyone_without_an_admin_token(app, authorization):
    answer = _get(app, authorization)
    assert answer.status_code == 403 and answer.json["error"] is True
    assert "get" in make_client(app, role=None).simulate_get("/openapi.json").json["paths"]["/admin/config/check"]


def test_served_and_documented_with_one(checked):
    paths = make_client(checked, role=None).simulate_get("/openapi.json").json["paths"]
    assert "get" in paths["/admin/config/check"]


@pytest.mark.parametrize("authorization", [None, "", TOKEN, f"Bearer {TOKEN}x", f"bearer {TOKEN}", "Bearer "])
def test_refused_without_the_exact_token(checked, authorization):
    answer = _get(checked, authorization)
    assert answer.status_code == 403 and answer.json["error"] is True


def test_an_admin_login_is_not_the_token(checked):
    with checked.db.connection_context():
        m.Person.create(id=uuid.uuid4(), first_name="Ada", last_name="Admin", email="ada@example.com", role="admin",
                        password=checked.passwords.hash("long enough password"))
    login = make_client(checked, role=None).simulate_post(
        "/auth/login", json={"email": "ada@example.com", "password": "long enough password"})
    assert _get(checked, f"Bearer {login.json['access_token']}").status_code == 403


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_compares_the_source_with_the_running_settings(checked, monkeypatch, prefix):
    monkeypatch.setenv("CLAPBOARD_PLUGINS__DATA__DEFAULT_TIMEZONE", "Pacific/Auckland")
    with checked.db.connection_context():
        for n, (active, bot) in enumerate(((True, False), (True, False), (False, False), (True, True))):
            m.Person.create(id=uuid.uuid4(), first_name=f"P{n}", last_name="X", email=f"p{n}@example.com",
                            active=active, is_bot=bot)
    answer = _get(checked, f"Bearer {TOKEN}", prefix)
    assert answer.status_code == 200, answer.text
    assert answer.json == {
        "user_limit": {"env": None, "redis": None},
        # The timezone changed in the environment after start: the two sides differ.
        "default_timezone": {"env": "Pacific/Auckland", "redis": "Europe/Paris"},
        # Set through the test's overrides, which a fresh read of file and environment does not see.
        "default_locale": {"env": "en_US", "redis": "it_IT"},
        "nomad_host": {"env": None, "redis": None},
        "active_users": 2,
    }


def test_a_broken_source_reads_as_unknown(checked, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_PLUGINS__DATA__MOVIE_LOWDEF_BITRATE", "not a number")
    answer = _get(checked, f"Bearer {TOKEN}")
    assert answer.status_code == 200
    assert answer.json["default_locale"] == {"env": None, "redis": "it_IT"}
