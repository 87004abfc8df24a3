"""OIDC sign-on in a real headless Chromium, through Kitsu's stand-in proxy, to an authenticated session.

The browser starts at Kitsu's ``/api/auth/oidc/login``, types its password in
the provider's own form, comes back through the callback and ends on Kitsu's
page; from then on its cookies alone are its session, as after a password
login. A second test goes through the studio's own TOTP page on the way.
"""

from __future__ import annotations

import pyotp

from clapboard.plugins.data.models import Person

from .browser import cookies_of
from .providers.oidc_provider import provider_fixture, studio_fixture  # noqa: F401 - fixtures


def _log_in_at_provider(page, studio, username: str) -> None:
    page.goto(studio.front + "/api/auth/oidc/login")
    assert page.url.startswith(studio.provider.url + "/authorize")
    page.fill("#username", username)
    page.fill("#password", studio.provider.users[username].password)
    page.click("#login")


def test_a_browser_signs_on_and_lands_on_kitsu_with_a_session(browser_page, oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.add_user("ada", "ada@example.com", given_name="Ada", family_name="Lovelace")
    page = browser_page
    _log_in_at_provider(page, studio, "ada")
    page.wait_for_url(studio.front + "/")
    assert page.title() == "Kitsu"
    cookies = cookies_of(page, studio.front + "/api/auth/refresh-token")
    assert {"access_token_cookie", "refresh_token_cookie"} <= set(cookies)

    context = page.request.get(studio.front + "/api/data/user/context")
    assert context.status == 200, context.text()
    assert [p["email"] for p in context.json()["persons"]] == ["ada@example.com"]  # the new account sees itself
    authenticated = page.request.get(studio.front + "/api/auth/authenticated")
    assert authenticated.status == 200 and authenticated.json()["user"]["email"] == "ada@example.com"
    assert authenticated.json()["user"]["first_name"] == "Ada"
    navigated = page.goto(studio.front + "/api/data/user/context")  # a top-level navigation: cookies too
    assert navigated.status == 200 and "ada@example.com" in navigated.text()

    asked = oidc_provider.authorization_requests[0]
    assert asked["code_challenge_method"] == "S256" and asked["nonce"] and asked["state"]
    assert asked["redirect_uri"] == studio.front + "/api/auth/oidc/callback"
    assert oidc_provider.token_requests[0]["code_verifier"]
    assert all("Authorization" not in f.headers for f in studio.proxy.forwarded)


def test_a_browser_gives_the_studio_totp_after_the_provider(browser_page, oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.add_user("tom", "tom@example.com")
    secret = pyotp.random_base32()
    with studio.app.db.connection_context():
        Person.create(first_name="Tom", last_name="T", email="tom@example.com", role="user", totp_enabled=True,
                      totp_secret=secret, preferred_two_factor_authentication="totp")
    page = browser_page
    _log_in_at_provider(page, studio, "tom")
    page.wait_for_url(studio.front + "/api/auth/sso/second-factor")
    assert "access_token_cookie" not in cookies_of(page, studio.front)
    page.fill("#code", "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.select_option("#kind", "totp")
    page.click("#submit")
    assert page.locator("#error").inner_text() == "This code is wrong."
    assert page.request.get(studio.front + "/api/data/user/context").status == 401

    page.fill("#code", pyotp.TOTP(secret).now())
    page.select_option("#kind", "totp")
    page.click("#submit")
    page.wait_for_url(studio.front + "/")
    authenticated = page.request.get(studio.front + "/api/auth/authenticated")
    assert authenticated.status == 200 and authenticated.json()["user"]["email"] == "tom@example.com"
