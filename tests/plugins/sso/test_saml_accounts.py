"""SAML sign-on and accounts: provisioning, binding by e-mail then by NameID, the studio's second factor,
the settings (``/config``, start-up checks, metadata from a file, signed requests, SAML off)."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import requests

from clapboard.errors import ConfigError
from clapboard.plugins.data.models import Person
from clapboard.plugins.sso.models import Identity
from clapboard.testing import make_client

from .browser import cookies_of
from .providers import saml_idp as provider
from .providers.saml_idp import FAST, saml_block, self_signed

saml_idp, make_site = provider.saml_idp, provider.make_site  # fixtures, used by name

PASSWORD = "idp password 2"
SECRET = pyotp.random_base32()


def address(stem: str) -> str:
    return f"{stem}-{uuid.uuid4().hex[:6]}@studio.example"


def person(site, **fields) -> Person:
    with site.app.db.connection_context():
        return Person.create(id=uuid.uuid4(), first_name="Old", last_name="Name", role="manager", **fields)


def signed_in(answer, site) -> None:
    assert answer.status_code == 302, answer.text
    assert answer.headers["Location"] == site.proxy.url + "/"
    assert "access_token_cookie=" in answer.headers.get("Set-Cookie", "")


def test_first_sign_on_creates_then_the_name_id_finds_the_account(make_site):
    site = make_site(default_role="supervisor")
    user = site.idp.add_user("nia", PASSWORD, address("nia"), given_name="Nia", surname="Okafor")
    signed_in(site.post(site.sign_on("nia", PASSWORD)), site)
    with site.app.db.connection_context():
        created = Person.get(Person.email == user.email)
    assert (created.role, created.first_name, created.last_name) == ("supervisor", "Nia", "Okafor")
    user.email = address("nia.renamed")  # the directory renames her: the NameID still finds her account
    signed_in(site.post(site.sign_on("nia", PASSWORD)), site)
    with site.app.db.connection_context():
        assert Person.select().where(Person.first_name == "Nia").count() == 1
        assert Identity.get(Identity.subject == user.name_id).person_id == created.id


def test_first_sign_on_binds_an_existing_account_by_email(make_site):
    site = make_site()
    existing = person(site, email=address("kim"))
    user = site.idp.add_user("kim", PASSWORD, existing.email.upper(), given_name="Kim", surname="Park")
    signed_in(site.post(site.sign_on("kim", PASSWORD)), site)
    with site.app.db.connection_context():
        again = Person.get_by_id(existing.id)
        identity = Identity.get(Identity.person_id == existing.id)
        assert Person.select().count() == 1
    assert (again.role, again.first_name, again.last_name) == ("manager", "Kim", "Park")
    assert (identity.method, identity.issuer, identity.subject) == ("saml", site.idp.entity_id, user.name_id)


def test_without_create_accounts_a_stranger_is_refused_and_a_known_person_signs_in(make_site):
    site = make_site(create_accounts=False)
    stranger = site.idp.add_user("zed", PASSWORD, address("zed"))
    answer = site.post(site.sign_on("zed", PASSWORD))
    assert answer.status_code == 400 and "ask an administrator" in answer.json()["message"]
    assert "set-cookie" not in {k.lower() for k in answer.headers}
    with site.app.db.connection_context():
        assert not Person.select().where(Person.email == stranger.email).exists()
    known = person(site, email=address("lee"))
    site.idp.add_user("lee", PASSWORD, known.email)
    signed_in(site.post(site.sign_on("lee", PASSWORD)), site)


def test_a_person_with_totp_gives_a_code_after_the_idp(make_site, browser_page):
    site = make_site()
    known = person(site, email=address("tom"), totp_enabled=True, totp_secret=SECRET)
    site.idp.add_user("tom", PASSWORD, known.email)
    page = browser_page
    page.goto(site.api + "/auth/saml/login")
    page.fill("#username", "tom")
    page.fill("#password", PASSWORD)
    page.click("#login")
    page.wait_for_url(site.api + "/auth/sso/second-factor")
    assert "access_token_cookie" not in cookies_of(page, site.proxy.url + "/")
    page.fill("#code", pyotp.TOTP(SECRET).now())
    page.select_option("#kind", "totp")
    page.click("#submit")
    page.wait_for_url(site.proxy.url + "/")
    status = page.evaluate("async () => (await fetch('/api/data/user/context')).status")
    assert status == 200


def test_skip_2fa_lets_the_idp_mfa_count(make_site):
    site = make_site(saml={"skip_2fa": True})
    known = person(site, email=address("sam"), totp_enabled=True, totp_secret=SECRET)
    site.idp.add_user("sam", PASSWORD, known.email)
    signed_in(site.post(site.sign_on("sam", PASSWORD)), site)


def test_config_reports_saml(make_app, saml_idp):
    on = make_app(config={"plugins": {"sso": {"saml": saml_block(saml_idp, idp_name="Okta")}}}, actors=False)
    body = make_client(on, role=None).simulate_get("/config").json
    assert (body["saml_enabled"], body["saml_idp_name"]) == (True, "Okta")


def test_saml_off_answers_400_and_config_says_so(make_app):
    app = make_app(actors=False)
    client = make_client(app, role=None)
    body = client.simulate_get("/config").json
    assert (body["saml_enabled"], body["saml_idp_name"]) == (False, "")
    for method, path in (("GET", "/auth/saml/login"), ("POST", "/api/auth/saml/sso"), ("GET", "/auth/saml/metadata")):
        answer = client.simulate_request(method, path)
        assert answer.status_code == 400, path
        assert answer.json == {"error": True, "message": "SAML is not enabled.", "login": False}


@pytest.mark.parametrize(("block", "words"), [
    ({"enabled": True}, "metadata_url or metadata_file is required"),
    ({"enabled": True, "metadata_file": "/nonexistent/idp.xml"}, "metadata_file: no file"),
    ({"enabled": True, "metadata_url": "ftp://idp.example/md"}, "metadata_url must be an http(s) URL"),
    ({"enabled": True, "metadata_url": "https://idp.example/md", "sp_key_file": __file__},
     "sp_cert_file and sp_key_file go together"),
])
def test_the_app_refuses_to_start_with_saml_it_cannot_use(make_app, block, words):
    with pytest.raises(ConfigError, match=re.escape(words)):
        make_app(config={"plugins": {"sso": {"saml": block}}}, actors=False)


def test_metadata_from_a_file_and_signed_requests(make_site, saml_idp, tmp_path):
    metadata = tmp_path / "idp.xml"
    metadata.write_text(saml_idp.metadata())
    saml_idp.want_signed_requests = True
    key, cert = self_signed(tmp_path, "sp", "Clapboard SP")
    site = make_site(saml={"metadata_url": "", "metadata_file": str(metadata), "sp_key_file": key,
                           "sp_cert_file": cert})
    ours = requests.get(site.api + "/auth/saml/metadata", timeout=10)
    assert ours.status_code == 200 and ours.headers["Content-Type"].startswith("application/samlmetadata+xml")
    assert f'entityID="{site.api}/auth/saml/metadata"' in ours.text
    assert f'Location="{site.api}/auth/saml/sso"' in ours.text
    assert open(cert).read().split("-----")[2].replace("\n", "")[:60] in ours.text.replace("\n", "")
    start = requests.get(site.api + "/auth/saml/login", allow_redirects=False, timeout=10)
    query = parse_qs(urlsplit(start.headers["Location"]).query)
    assert {"SAMLRequest", "SigAlg", "Signature"} <= set(query)
    forged = start.headers["Location"].replace("Signature=", "Signature=AAAA")
    assert requests.get(forged, timeout=10).status_code == 400  # the IdP does check our signature
    user = site.idp.add_user("fay", PASSWORD, address("fay"))
    signed_in(site.post(site.sign_on("fay", PASSWORD)), site)
    with site.app.db.connection_context():
        assert Person.select().where(Person.email == user.email).exists()


def test_metadata_that_cannot_be_fetched_is_a_clear_400(make_app):
    block = {"enabled": True, "metadata_url": "http://127.0.0.1:9/metadata"}
    app = make_app(config={"plugins": {"auth": dict(FAST), "sso": {"saml": block}}}, actors=False)
    answer = make_client(app, role=None).simulate_get("/api/auth/saml/login")
    assert answer.status_code == 400 and "metadata cannot be fetched" in answer.json["message"]


def test_an_email_name_id_is_the_subject_when_asked(make_site):
    site = make_site(saml={"name_id_format": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"})
    user = site.idp.add_user("eli", PASSWORD, address("eli"))
    signed_in(site.post(site.sign_on("eli", PASSWORD)), site)
    with site.app.db.connection_context():
        assert Identity.get(Identity.issuer == site.idp.entity_id, Identity.subject == user.email)


def test_metadata_held_while_the_idp_cannot_serve_it(make_site):
    from clapboard.plugins.sso.saml import sp

    site = make_site()
    site.idp.add_user("max", PASSWORD, address("max"))
    signed_in(site.post(site.sign_on("max", PASSWORD)), site)
    site.idp.metadata_down = True
    sp._loaded[site.app].due = 0  # the refresh is due now (instead of in metadata_refresh_minutes)
    asked = site.idp.metadata_requests
    signed_in(site.post(site.sign_on("max", PASSWORD)), site)  # the copy held still serves
    assert site.idp.metadata_requests == asked + 1  # one refresh tried (and failed), not one per request
    assert sp._loaded[site.app].due > 0  # and the failed refresh is tried again later


def test_an_idp_without_the_redirect_binding_is_a_clear_400(make_app, saml_idp, tmp_path):
    metadata = tmp_path / "post-only.xml"
    metadata.write_text(saml_idp.metadata().replace("bindings:HTTP-Redirect", "bindings:HTTP-POST"))
    block = saml_block(saml_idp, metadata_url="", metadata_file=str(metadata))
    app = make_app(config={"plugins": {"auth": dict(FAST), "sso": {"saml": block}}}, actors=False)
    answer = make_client(app, role=None).simulate_get("/api/auth/saml/login")
    assert answer.status_code == 400 and "must offer the HTTP-Redirect binding" in answer.json["message"]
