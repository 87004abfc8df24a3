"""A real SAML 2.0 identity provider for the tests: pysaml2's ``Server`` behind a small WSGI app on loopback.

It publishes its metadata, takes AuthnRequests on the HTTP-Redirect binding,
shows a login form, and on a good password answers with a page whose form
posts the signed ``SAMLResponse`` to the SP's assertion consumer (what an
IdP's browser flow is). Keys and certificates are made at start with
``cryptography``. ``fault`` makes the next responses wrong in one way, for the
refusal tests: ``expired``, ``audience``, ``unsigned``, ``foreign-key`` (signed
by a key the metadata does not hold), ``tampered`` (changed after signing),
``unknown-request`` (answers a request id the SP never sent), ``unsolicited``
(no InResponseTo at all: IdP-initiated), ``transient`` (a NameID that changes
at every sign-on, whatever the SP asked), ``destination`` and ``recipient``
(addressed to another service), ``denied`` (the IdP's own refusal: an error status).
"""

from __future__ import annotations

import base64
import html
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT, class_name, samlp
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import rndstr
from saml2.saml import (
    AUTHN_PASSWORD,
    NAME_FORMAT_URI,
    NAMEID_FORMAT_EMAILADDRESS,
    NAMEID_FORMAT_PERSISTENT,
    NAMEID_FORMAT_TRANSIENT,
    NameID,
)
from saml2.server import Server
from saml2.sigver import get_xmlsec_binary, pre_signature_part, signed_instance_factory

FAULTS = ("expired", "audience", "unsigned", "foreign-key", "tampered", "unknown-request", "unsolicited", "transient",
          "destination", "recipient", "denied")
LOGIN_PAGE = """<!doctype html><html><head><title>Test IdP</title></head><body><h1>Test IdP sign-in</h1>{error}
<form method="post" action="{base}/login"><input type="hidden" name="ticket" value="{ticket}">
<input name="username" id="username"> <input name="password" id="password" type="password">
<button type="submit" id="login">Sign in</button></form></body></html>"""
POST_PAGE = """<!doctype html><html><head><title>Signing in</title></head><body>
<form method="post" action="{action}"><input type="hidden" name="SAMLResponse" value="{response}">
<input type="hidden" name="RelayState" value="{relay}"><noscript><button>Continue</button></noscript></form>
<script>document.forms[0].submit()</script></body></html>"""


@dataclass
class User:
    password: str
    name_id: str
    email: str
    given_name: str = "Ana"
    surname: str = "Lopez"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _Threading(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _when(seconds: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def self_signed(folder: Path, stem: str, name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, as PEM files in ``folder``."""

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=30)).sign(key, hashes.SHA256()))
    key_path, cert_path = folder / f"{stem}.key", folder / f"{stem}.crt"
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(key_path), str(cert_path)


class SamlIdP:
    def __init__(self, folder: Path):
        self.server_http = make_server("127.0.0.1", 0, self.wsgi, server_class=_Threading, handler_class=_Quiet)
        self.url = f"http://127.0.0.1:{self.server_http.server_port}"
        self.entity_id = self.url + "/metadata"
        self.key, self.cert = self_signed(folder, "idp", "Test IdP")
        rogue_key, rogue_cert = self_signed(folder, "rogue", "Test IdP")  # same name, another key
        self.users: dict[str, User] = {}
        self.sp_metadata: list[str] = []
        self.fault: str | None = None
        self.want_signed_requests = False  # read when an SP is registered
        self.metadata_down = False  # /metadata answers 503
        self.metadata_requests = 0
        self.pending: dict[str, dict] = {}
        self.issued: list[str] = []  # every SAMLResponse sent (base64), for replay tests
        self.server = self._server(self.key, self.cert)
        self.rogue = self._server(rogue_key, rogue_cert)
        self.thread = threading.Thread(target=self.server_http.serve_forever, name="saml-idp", daemon=True)

    def _config(self, key: str, cert: str) -> IdPConfig:
        policy = {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None,
                              "name_form": NAME_FORMAT_URI}}
        config = IdPConfig()
        config.load({
            "entityid": self.entity_id, "xmlsec_binary": get_xmlsec_binary(), "key_file": key, "cert_file": cert,
            "metadata": {"inline": list(self.sp_metadata)} if self.sp_metadata else {},
            "service": {"idp": {
                "name": "Test IdP", "policy": policy, "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": self.want_signed_requests,
                "endpoints": {"single_sign_on_service": [(self.url + "/sso", BINDING_HTTP_REDIRECT)]}}},
        })
        return config

    def _server(self, key: str, cert: str) -> Server:
        return Server(config=self._config(key, cert))

    # -- set-up -------------------------------------------------------------------------------

    def start(self) -> "SamlIdP":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server_http.shutdown()
        self.server_http.server_close()
        self.thread.join(timeout=10)

    def metadata(self) -> str:
        return create_metadata_string(None, config=self._config(self.key, self.cert), sign=False).decode()

    def register_sp(self, metadata_url: str) -> None:
        """Read an SP's metadata from its URL, as an IdP administrator does, and trust it from then on."""

        answer = requests.get(metadata_url, timeout=10)
        answer.raise_for_status()
        self.sp_metadata.append(answer.text)
        self.server = self._server(self.key, self.cert)
        self.rogue.metadata = self.server.metadata

    def add_user(self, username: str, password: str, email: str, **names) -> User:
        user = self.users[username] = User(password, "uid-" + secrets.token_hex(6), email, **names)
        return user

    # -- HTTP ---------------------------------------------------------------------------------

    def wsgi(self, environ, start_response):
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        status, kind, body = "404 Not Found", "text/plain", "not found"
        self.metadata_requests += path == "/metadata"
        if path == "/metadata" and self.metadata_down:
            status, kind, body = "503 Service Unavailable", "text/plain", "down for maintenance"
        elif path == "/metadata":
            status, kind, body = "200 OK", "application/samlmetadata+xml", self.metadata()
        elif path == "/sso" and method == "GET":
            status, kind, body = self._sso(parse_qs(environ.get("QUERY_STRING", "")))
        elif path == "/login" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            status, kind, body = self._login(parse_qs(environ["wsgi.input"].read(length).decode()))
        start_response(status, [("Content-Type", kind + "; charset=utf-8"), ("Cache-Control", "no-store")])
        return [body.encode()]

    def _sso(self, query: dict):
        try:
            one = {k: v[0] for k, v in query.items()}  # a signed request's signature is checked with the
            request = self.server.parse_authn_request(  # certificate of the SP's metadata
                one["SAMLRequest"], BINDING_HTTP_REDIRECT, relay_state=one.get("RelayState"),
                sigalg=one.get("SigAlg"), signature=one.get("Signature"))
        except Exception as exc:  # a test IdP: say what was wrong with the request
            return "400 Bad Request", "text/plain", f"bad AuthnRequest: {exc!r}"
        ticket = secrets.token_urlsafe(16)
        self.pending[ticket] = {"request": request.message, "relay": query.get("RelayState", [""])[0]}
        return "200 OK", "text/html", LOGIN_PAGE.format(base=self.url, ticket=ticket, error="")

    def _login(self, form: dict):
        ticket = form.get("ticket", [""])[0]
        user = self.users.get(form.get("username", [""])[0])
        if ticket not in self.pending:
            return "400 Bad Request", "text/plain", "unknown ticket"
        if user is None or user.password != form.get("password", [""])[0]:
            page = LOGIN_PAGE.format(base=self.url, ticket=ticket, error='<p id="error">Wrong password.</p>')
            return "401 Unauthorized", "text/html", page
        pending = self.pending.pop(ticket)
        request = pending["request"]
        acs = self.server.response_args(request)["destination"]
        policy = request.name_id_policy
        response = self.respond(request.id, request.issuer.text, acs, user, policy.format if policy else None)
        return "200 OK", "text/html", POST_PAGE.format(action=html.escape(acs), response=response,
                                                      relay=html.escape(pending["relay"]))

    # -- responses ----------------------------------------------------------------------------

    def respond(self, request_id: str | None, sp_entity_id: str, acs: str, user: User,
                name_id_format: str | None = None) -> str:
        """A base64 SAMLResponse for ``user``, signed (or broken as ``fault`` says), with a NameID in the
        format asked (persistent by default)."""

        fault = self.fault
        name_id_format = NAMEID_FORMAT_TRANSIENT if fault == "transient" else name_id_format
        name_id = {NAMEID_FORMAT_EMAILADDRESS: NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=user.email),
                   NAMEID_FORMAT_TRANSIENT: NameID(format=NAMEID_FORMAT_TRANSIENT, text="t-" + rndstr(16))}.get(
            name_id_format, NameID(format=NAMEID_FORMAT_PERSISTENT, text=user.name_id))
        if fault == "unknown-request":
            request_id = "id-" + rndstr(24)
        elif fault == "unsolicited":
            request_id = None
        if fault == "denied":  # an IdP's refusal: a status, no assertion, unsigned
            made = self.server.create_error_response(request_id, acs, (samlp.STATUS_REQUEST_DENIED, "Denied"),
                                                     sign=False)
            return self._issue(str(made))
        identity = {"mail": [user.email], "givenName": [user.given_name], "sn": [user.surname]}
        made = self.server.create_authn_response(
            identity, in_response_to=request_id, destination=acs, sp_entity_id=sp_entity_id,
            name_id=name_id,
            authn={"class_ref": AUTHN_PASSWORD, "authn_auth": self.entity_id},
            sign_assertion=False, sign_response=False)
        response = made if isinstance(made, samlp.Response) else samlp.response_from_string(str(made))
        assertion = response.assertion if not isinstance(response.assertion, list) else response.assertion[0]
        if fault == "expired":
            assertion.conditions.not_before = _when(-7200)
            assertion.conditions.not_on_or_after = _when(-3600)
            for confirmation in assertion.subject.subject_confirmation:
                confirmation.subject_confirmation_data.not_on_or_after = _when(-3600)
        if fault == "destination":
            response.destination = "https://elsewhere.example/acs"
        if fault == "recipient":
            for confirmation in assertion.subject.subject_confirmation:
                confirmation.subject_confirmation_data.recipient = "https://elsewhere.example/acs"
        if fault == "audience":
            assertion.conditions.audience_restriction[0].audience[0].text = "https://someone-else.example/sp"
        if fault == "unsigned":
            xml = str(response)
        else:
            signer = self.rogue if fault == "foreign-key" else self.server
            assertion.signature = pre_signature_part(assertion.id, signer.sec.my_cert, 1)
            xml = signed_instance_factory(response, signer.sec, [(class_name(assertion), assertion.id)])
            if isinstance(xml, bytes):
                xml = xml.decode()
        if fault == "tampered":
            domain = user.email.split("@")[1]
            xml, count = re.subn(re.escape(user.email), f"mallory@{domain}", xml)
            assert count, "the e-mail must be in the signed assertion"
        return self._issue(xml)

    def _issue(self, xml: str) -> str:
        encoded = base64.b64encode(xml.encode()).decode()
        self.issued.append(encoded)
        return encoded


# -- fixtures: the IdP for a module, and a served Clapboard (behind Kitsu's stand-in) per test --------

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
FORM = re.compile(r'<form method="post" action="([^"]+)">.*?name="SAMLResponse" value="([^"]*)"', re.S)
TICKET = re.compile(r'name="ticket" value="([^"]+)"')


@dataclass
class Site:
    """Clapboard served by waitress, Kitsu's front (proxy) before it, and the IdP knowing it."""

    app: object
    server: object
    proxy: object
    idp: SamlIdP

    @property
    def api(self) -> str:
        return self.proxy.url + "/api"

    def sign_on(self, username: str, password: str) -> dict:
        """The browser's path without a browser: login redirect, IdP form, and the form the IdP answers."""

        http = requests.Session()
        start = http.get(self.api + "/auth/saml/login", allow_redirects=False)
        assert start.status_code == 302, start.text
        form = http.get(start.headers["Location"])
        ticket = TICKET.search(form.text).group(1)
        answer = http.post(self.idp.url + "/login", data={"ticket": ticket, "username": username,
                                                          "password": password})
        assert answer.status_code == 200, answer.text
        action, response = FORM.search(answer.text).groups()
        return {"action": html.unescape(action), "SAMLResponse": response}

    def post(self, posted: dict) -> requests.Response:
        return requests.post(posted["action"], data={"SAMLResponse": posted["SAMLResponse"]},
                             allow_redirects=False, timeout=30)


def saml_block(idp: SamlIdP, **saml) -> dict:
    return {"enabled": True, "idp_name": "Studio IdP", "metadata_url": idp.url + "/metadata", **saml}


@pytest.fixture(scope="module")
def saml_idp(tmp_path_factory):
    import os
    import shutil

    if shutil.which("xmlsec1") is None:  # pysaml2 signs and verifies with it
        if os.environ.get("CLAPBOARD_REQUIRE_XMLSEC") == "1":
            pytest.fail("CLAPBOARD_REQUIRE_XMLSEC=1 but xmlsec1 is not installed")
        pytest.skip("xmlsec1 is not installed (apt-get install xmlsec1)")
    idp = SamlIdP(tmp_path_factory.mktemp("saml-idp")).start()
    yield idp
    idp.stop()


@pytest.fixture
def make_site(make_app, saml_idp):
    """``make_site(saml={...}, sso={...})``: one served site per test, registered at the IdP."""

    from clapboard.testing import LiveServer
    from tests.e2e.kitsu_proxy import KitsuProxy

    running = []

    def build(saml: dict | None = None, **sso) -> Site:
        block = saml_block(saml_idp, **(saml or {}))
        app = make_app(config={"plugins": {"auth": dict(FAST), "sso": {"saml": block, **sso}}}, actors=False)
        server = LiveServer(app).start()
        proxy = KitsuProxy(server.url).start()
        running.append((server, proxy))
        # Kitsu's front is only known once the proxy listens: the front URL is set now (read per request).
        app.config.plugin("sso")["front_url"] = proxy.url
        saml_idp.register_sp(proxy.url + "/api/auth/saml/metadata")
        return Site(app, server, proxy, saml_idp)

    saml_idp.fault, saml_idp.want_signed_requests, saml_idp.metadata_down = None, False, False
    yield build
    saml_idp.fault, saml_idp.want_signed_requests, saml_idp.metadata_down = None, False, False
    for server, proxy in running:
        proxy.stop()
        server.stop()
