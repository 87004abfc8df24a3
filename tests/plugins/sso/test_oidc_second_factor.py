"""Second factors after an OIDC sign-on: the studio's TOTP, the provider's MFA (skip_2fa), enforce_2fa."""

from __future__ import annotations

import re

import pyotp
import requests

from clapboard.plugins.data.models import Person

from .providers.oidc_provider import provider_fixture, studio_fixture  # noqa: F401 - fixtures

SECRET = pyotp.random_base32()


def with_totp(studio, email: str) -> Person:
    with studio.app.db.connection_context():
        return Person.create(first_name="Tom", last_name="T", email=email, role="user", totp_enabled=True,
                             totp_secret=SECRET, preferred_two_factor_authentication="totp")


def test_the_studio_totp_is_asked_then_checked(oidc_studio, oidc_provider):
    studio = oidc_studio()
    with_totp(studio, "tom@example.com")
    oidc_provider.add_user("tom", "tom@example.com")
    session = requests.Session()
    answer = studio.sign_on(session, "tom")
    page = studio.front + "/api/auth/sso/second-factor"
    assert answer.status_code == 302 and answer.headers["Location"] == page
    assert "access_token_cookie" not in answer.cookies
    form = session.get(page)
    assert form.status_code == 200 and re.search(r'id="code"', form.text) and 'value="totp"' in form.text

    wrong = session.post(page, data={"code": "12345x", "kind": "totp"}, allow_redirects=False)
    assert wrong.status_code == 400 and "This code is wrong." in wrong.text
    assert session.get(studio.front + "/api/auth/authenticated").status_code == 401
    right = session.post(page, data={"code": pyotp.TOTP(SECRET).now(), "kind": "totp"}, allow_redirects=False)
    assert right.status_code == 302 and right.headers["Location"] == studio.front + "/"
    assert session.get(studio.front + "/api/auth/authenticated").json()["user"]["email"] == "tom@example.com"


def test_with_skip_2fa_the_providers_mfa_counts(oidc_studio, oidc_provider):
    studio = oidc_studio(oidc={"skip_2fa": True})
    with_totp(studio, "tom@example.com")
    oidc_provider.add_user("tom", "tom@example.com")
    session = requests.Session()
    answer = studio.sign_on(session, "tom")
    assert answer.status_code == 302 and answer.headers["Location"] == studio.front + "/"
    assert session.get(studio.front + "/api/data/user/context").status_code == 200


def test_enforce_2fa_restricts_the_session_as_a_password_login_does(oidc_studio, oidc_provider):
    studio = oidc_studio(auth={"enforce_2fa": True})
    oidc_provider.add_user("new", "new@example.com")
    session = requests.Session()
    assert studio.sign_on(session, "new").status_code == 302
    blocked = session.get(studio.front + "/api/data/user/context")
    assert blocked.status_code == 401 and blocked.json()["requires_2fa_setup"] is True
    enrol = session.put(studio.front + "/api/auth/totp", json={})  # the one thing the session may do
    assert enrol.status_code == 200 and enrol.json()["otp_secret"]


def test_enforce_2fa_does_not_restrict_when_the_providers_mfa_counts(oidc_studio, oidc_provider):
    studio = oidc_studio(auth={"enforce_2fa": True}, oidc={"skip_2fa": True})
    oidc_provider.add_user("new", "new@example.com")
    session = requests.Session()
    assert studio.sign_on(session, "new").status_code == 302
    assert session.get(studio.front + "/api/data/user/context").status_code == 200
