"""SAML sign-on against a real IdP (pysaml2's) on loopback: the browser's path, and every refusal.

Each refusal is a response the IdP really produced and signed (or failed to
sign) and that went through the same HTTP path as a good one; the test checks
the 400, that no cookie was set and that no account appeared.
"""

from __future__ import annotations

import base64
import re
import uuid
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.models import Identity

from .browser import cookies_of
from .providers import saml_idp as provider

saml_idp, make_site = provider.saml_idp, provider.make_site  # fixtures, used by name

PASSWORD = "idp password 1"


def people(site, email: str) -> int:
    with site.app.db.connection_context():
        return Person.select().where(Person.email == email).count()


def refused(site, answer, email: str, words: str) -> None:
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["error"] is True and body["login"] is False and words in body["message"], body
    assert "set-cookie" not in {k.lower() for k in answer.headers}
    assert people(site, email) == 0


def test_browser_signs_in_through_the_idp_and_lands_on_kitsu(make_site, browser_page):
    site = make_site()
    email = f"ana-{uuid.uuid4().hex[:6]}@studio.example"
    site.idp.add_user("ana", PASSWORD, email, given_name="Ana", surname="Lopez")
    page = browser_page
    page.goto(site.api + "/auth/saml/login")
    assert page.url.startswith(site.idp.url + "/sso?SAMLRequest=")
    page.fill("#username", "ana")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(site.proxy.url + "/")
    assert page.title() == "Kitsu"
    assert "access_token_cookie" in cookies_of(page, site.proxy.url + "/")
    context, me = page.evaluate("""async () => Promise.all(['/api/data/user/context', '/api/auth/authenticated']
        .map(async (path) => {
            const answer = await fetch(path, {credentials: 'same-origin'});
            return {status: answer.status, body: await answer.json()};
        }))""")
    assert context["status"] == 200 and "persons" in context["body"]
    assert me["status"] == 200 and me["body"]["user"]["email"] == email
    with site.app.db.connection_context():
        person = Person.get(Person.email == email)
        identity = Identity.get(Identity.person_id == person.id)
    assert (person.first_name, person.last_name, person.role) == ("Ana", "Lopez", "user")
    assert (identity.method, identity.issuer) == ("saml", site.idp.entity_id)
    assert identity.subject == site.idp.users["ana"].name_id
    assert me["body"]["user"]["id"] == str(person.id)
    posted = [f for f in site.proxy.forwarded if f.path == "/api/auth/saml/sso"]
    assert [f.status for f in posted] == [302]


@pytest.mark.parametrize(("fault", "words"), [
    ("expired", "expired"),
    ("audience", "audience"),
    ("unsigned", "signature"),
    ("foreign-key", "signature"),
    ("tampered", "signature"),
    ("unknown-request", "answers no sign-on started here"),
    ("unsolicited", "answers no sign-on started here"),
    ("transient", "transient NameID"),
    ("destination", "was sent to https://elsewhere.example/acs"),
    ("recipient", "not addressed to this service"),
    ("denied", "The identity provider refused the sign-on (RequestDenied)."),
])
def test_a_bad_response_is_refused(make_site, fault, words):
    site = make_site()
    email = f"eve-{uuid.uuid4().hex[:6]}@studio.example"
    site.idp.add_user("eve", PASSWORD, email)
    site.idp.fault = fault
    posted = site.sign_on("eve", PASSWORD)
    refused(site, site.post(posted), email, words)
    if fault == "tampered":
        assert people(site, email.replace("eve-", "mallory-")) == 0


def test_a_replayed_response_is_refused(make_site):
    site = make_site()
    email = f"rea-{uuid.uuid4().hex[:6]}@studio.example"
    site.idp.add_user("rea", PASSWORD, email)
    posted = site.sign_on("rea", PASSWORD)
    first = site.post(posted)
    assert first.status_code == 302 and first.headers["Location"] == site.proxy.url + "/"
    assert "access_token_cookie" in first.headers.get("Set-Cookie", "")
    again = site.post(posted)
    assert again.status_code == 400 and "set-cookie" not in {k.lower() for k in again.headers}
    assert "answers no sign-on started here" in again.json()["message"]


def test_an_idp_initiated_response_is_accepted_once_when_allowed(make_site):
    site = make_site(saml={"allow_unsolicited": True})
    email = f"uni-{uuid.uuid4().hex[:6]}@studio.example"
    site.idp.add_user("uni", PASSWORD, email)
    site.idp.fault = "unsolicited"
    posted = site.sign_on("uni", PASSWORD)
    assert site.post(posted).status_code == 302
    again = site.post(posted)
    assert again.status_code == 400 and again.json()["message"] == "This SAML assertion was already used."


def test_a_response_that_is_not_saml_is_refused(make_site):
    site = make_site()
    action = site.api + "/auth/saml/sso"
    for data, words in (({}, "SAMLResponse"), ({"SAMLResponse": "%%%"}, "base64"),
                        ({"SAMLResponse": "PGE+PC9hPg=="}, "not a SAML 2.0 Response")):
        answer = requests.post(action, data=data, allow_redirects=False, timeout=10)
        assert answer.status_code == 400 and words in answer.json()["message"], answer.text


NS = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"'
MALFORMED = [
    (f'<samlp:Response {NS} InResponseTo="{{irt}}"/>', "malformed"),
    (f'<samlp:Response {NS} ID="r1" Version="1.0" IssueInstant="2026-01-01T00:00:00Z" InResponseTo="{{irt}}"/>',
     "not of version 2.0"),
    (f'<samlp:Response {NS} ID="r1" Version="2.0" IssueInstant="{{now}}" InResponseTo="{{irt}}"><samlp:Status>'
     '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>',
     "exactly one assertion"),
]


def started_request(site) -> str:
    """Start a sign-on and read the id of the AuthnRequest the browser would carry to the IdP."""

    start = requests.get(site.api + "/auth/saml/login", allow_redirects=False, timeout=10)
    encoded = parse_qs(urlsplit(start.headers["Location"]).query)["SAMLRequest"][0]
    return re.search(r' ID="([^"]+)"', zlib.decompress(base64.b64decode(encoded), -15).decode()).group(1)


def test_malformed_answers_to_a_started_request_are_400s(make_site):
    site = make_site()
    for template, words in MALFORMED:
        xml = template.replace("{irt}", started_request(site)).replace("{now}", "2026-12-06T17:00:00Z")
        answer = requests.post(site.api + "/auth/saml/sso", allow_redirects=False, timeout=10,
                               data={"SAMLResponse": base64.b64encode(xml.encode()).decode()})
        assert answer.status_code == 400 and words in answer.json()["message"], answer.text


def test_a_second_assertion_slipped_into_a_signed_response_is_refused(make_site):
    site = make_site()
    site.idp.add_user("two", PASSWORD, f"two-{uuid.uuid4().hex[:6]}@studio.example")
    first = base64.b64decode(site.sign_on("two", PASSWORD)["SAMLResponse"]).decode()
    second = base64.b64decode(site.sign_on("two", PASSWORD)["SAMLResponse"]).decode()
    assertion = re.compile(r"<(\w+):Assertion.*</\1:Assertion>", re.S)
    doubled = second.replace(assertion.search(second).group(0),
                             assertion.search(second).group(0) + assertion.search(first).group(0))
    answer = site.post({"action": site.api + "/auth/saml/sso",
                        "SAMLResponse": base64.b64encode(doubled.encode()).decode()})
    assert answer.status_code == 400 and "set-cookie" not in {k.lower() for k in answer.headers}
