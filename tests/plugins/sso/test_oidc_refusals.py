"""What an OIDC callback refuses: bad ID tokens, bad or replayed state, the provider's own refusals.

Each refusal is a 400 in Zou's JSON shape, sets no session cookie and
leaves no account or binding behind; a provider that cannot be reached is a
502, never a 500.
"""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.models import Identity

from .providers.oidc_provider import provider_fixture, studio_fixture  # noqa: F401 - fixtures


def assert_refused(studio, session, answer, status: int, message: str) -> None:
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["error"] is True and message in body["message"], body
    assert not {"access_token_cookie", "refresh_token_cookie"} & set(answer.cookies.keys())
    assert session.get(studio.front + "/api/auth/authenticated").status_code == 401
    with studio.app.db.connection_context():
        assert Person.select().count() == 0 and Identity.select().count() == 0


@pytest.fixture
def studio(oidc_studio, oidc_provider):
    oidc_provider.add_user("ada", "ada@example.com")
    return oidc_studio()


BAD_TOKENS = [
    ("tampered", "signature is not valid"),
    ("forged_signature", "signature is not valid"),
    ("foreign_key", "key the identity provider does not publish"),
    ("audience", "audience is not valid"),
    ("several_audiences", "authorized party (azp)"),
    ("expired", "has expired"),
    ("nonce", "nonce does not match"),
    ("issuer", "issuer is not valid"),
    ("unverified", "has not verified this e-mail"),
    ("no_id_token", "sent no ID token"),
]


def test_a_bad_id_token_is_refused(studio, oidc_provider):
    """One studio for every fault (a studio takes a second to build); each fault alone, then a clean sign-on."""

    for fault, message in BAD_TOKENS:
        oidc_provider.faults = {fault}
        session = requests.Session()
        answer = studio.sign_on(session, "ada")
        assert answer.status_code == 400 and message in answer.json()["message"], (fault, answer.text)
        assert_refused(studio, session, answer, 400, message)
    oidc_provider.faults = set()
    assert studio.sign_on(requests.Session(), "ada").status_code == 302  # the same set-up, without a fault


def test_an_unverified_email_is_accepted_when_the_studio_says_so(oidc_studio, oidc_provider):
    studio = oidc_studio(oidc={"require_email_verified": False})
    oidc_provider.add_user("ada", "ada@example.com", email_verified=False)
    assert studio.sign_on(requests.Session(), "ada").status_code == 302


def _with_state(url: str, state: str | None) -> str:
    parts = urlsplit(url)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items() if k != "state"}
    if state is not None:
        query["state"] = state
    return parts._replace(query=urlencode(query)).geturl()


def test_a_state_that_does_not_match_is_refused(studio):
    session = requests.Session()
    callback = studio.begin(session, "ada")
    answer = session.get(_with_state(callback, "x" + parse_qs(urlsplit(callback).query)["state"][0]),
                         allow_redirects=False)
    assert_refused(studio, session, answer, 400, "unknown, expired or already used")


def test_an_answer_without_state_is_refused(studio):
    session = requests.Session()
    answer = session.get(_with_state(studio.begin(session, "ada"), None), allow_redirects=False)
    assert_refused(studio, session, answer, 400, "carries no state")


def test_an_answer_brought_to_another_browser_is_refused(studio):
    callback = studio.begin(requests.Session(), "ada")
    other = requests.Session()  # without the binding cookie of the browser that started the sign-on
    assert_refused(studio, other, other.get(callback, allow_redirects=False), 400, "started in another browser")


def test_a_replayed_answer_is_refused(studio):
    session = requests.Session()
    callback = studio.begin(session, "ada")
    assert session.get(callback, allow_redirects=False).status_code == 302
    replay = requests.Session()
    replay.cookies.update({k: v for k, v in session.cookies.items() if k == "clapboard_oidc_browser"})
    answer = replay.get(callback, allow_redirects=False)
    assert answer.status_code == 400 and "already used" in answer.json()["message"]
    assert "access_token_cookie" not in answer.cookies
    assert replay.get(studio.front + "/api/auth/authenticated").status_code == 401


def test_the_providers_error_answer_is_refused_with_its_description(studio, oidc_provider):
    oidc_provider.error_answer = ("access_denied", "The user declined to share their profile.")
    session = requests.Session()
    answer = session.get(studio.begin(session, "ada"), allow_redirects=False)
    assert_refused(studio, session, answer, 400, "The user declined to share their profile.")


def test_a_code_the_token_endpoint_refuses_is_a_400(oidc_studio, oidc_provider):
    studio = oidc_studio(oidc={"client_secret": "not-the-secret"})
    oidc_provider.add_user("ada", "ada@example.com")
    session = requests.Session()
    assert_refused(studio, session, studio.sign_on(session, "ada"), 400, "Client authentication failed")


def test_a_provider_that_cannot_be_reached_is_a_502(oidc_studio, oidc_provider):
    studio = oidc_studio()
    oidc_provider.add_user("ada", "ada@example.com")
    session = requests.Session()
    callback = studio.begin(session, "ada")
    oidc_provider.stop()
    answer = session.get(callback, allow_redirects=False)
    assert_refused(studio, session, answer, 502, "token endpoint cannot be reached")
    assert answer.json()["login"] is False


def test_a_provider_down_at_login_is_a_502(oidc_studio, oidc_provider):
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    studio = oidc_studio(oidc={"discovery_url": closed})
    answer = requests.get(studio.front + "/api/auth/oidc/login", allow_redirects=False)
    assert answer.status_code == 502 and "discovery document cannot be read" in answer.json()["message"]
    assert oidc_provider.authorization_requests == []


@pytest.mark.parametrize("path", ["/auth/oidc/login", "/auth/oidc/callback?code=x&state=y"])
def test_the_routes_answer_400_when_oidc_is_disabled(make_app, path):
    from clapboard.testing import make_client

    client = make_client(make_app(actors=False), role=None)
    for prefix in ("", "/api"):
        answer = client.simulate_get(prefix + path)
        assert answer.status_code == 400
        assert answer.json == {"error": True, "message": "OIDC is not enabled.", "login": False}


def test_two_sign_ons_started_in_one_browser_both_finish(studio):
    """Two tabs share the browser's binding cookie: neither sign-on spoils the other."""

    session = requests.Session()
    first, second = studio.begin(session, "ada"), studio.begin(session, "ada")
    assert session.get(second, allow_redirects=False).status_code == 302
    assert session.get(first, allow_redirects=False).status_code == 302


def test_an_error_answer_uses_up_its_state(studio, oidc_provider):
    oidc_provider.error_answer = ("login_required", "Sign in first.")
    session = requests.Session()
    callback = studio.begin(session, "ada")
    assert "Sign in first." in session.get(callback).json()["message"]
    state = parse_qs(urlsplit(callback).query)["state"][0]
    forged = callback.split("?")[0] + "?" + urlencode({"code": "anything", "state": state})
    answer = session.get(forged, allow_redirects=False)
    assert answer.status_code == 400 and "already used" in answer.json()["message"]
