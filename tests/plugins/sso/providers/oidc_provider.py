"""A real OpenID provider on loopback for the OIDC tests: discovery, JWKS, login form, tokens, userinfo.

Its ID tokens are RS256 JWTs made with joserfc (Authlib's JOSE library) with
keys generated at start; it answers over real HTTP (``http.server`` in a
thread). The authorization endpoint shows an HTML form where a test user
types a username and password, exactly what a browser does at Keycloak or
Entra; the token endpoint checks what a real provider checks (the client's
secret, a code used once, the same redirect URI, the PKCE verifier against
its S256 challenge). ``faults`` makes it misbehave the ways the refusal tests
need: a key it does not publish, a payload altered after signing, another
audience, an expired token, a wrong nonce or issuer, an e-mail not verified.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.server
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

FAULTS = {"foreign_key", "forged_signature", "tampered", "audience", "several_audiences", "expired", "nonce",
          "issuer", "unverified", "no_id_token"}


@dataclass
class User:
    username: str
    password: str
    email: str
    given_name: str = "Ada"
    family_name: str = "Lovelace"
    sub: str = field(default_factory=lambda: "sub-" + secrets.token_hex(8))
    email_verified: bool = True

    def claims(self) -> dict:
        return {"sub": self.sub, "email": self.email, "email_verified": self.email_verified,
                "given_name": self.given_name, "family_name": self.family_name}


def _new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class OpenIDProvider:
    """Start with ``start()`` (or ``with``); ``url`` is its issuer."""

    def __init__(self):
        self.key = _new_key("key-1")
        self.published = [self.key]
        self.users: dict[str, User] = {}
        self.clients: dict[str, tuple[str, set]] = {}  # client id -> (secret, redirect URIs)
        self.pending: dict[str, dict] = {}  # authorization requests waiting for the login form
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, str] = {}  # access token -> username
        self.faults: set[str] = set()
        self.error_answer: tuple[str, str] | None = None  # (error, error_description) instead of a code
        self.names_in_id_token = True  # False: only sub and e-mail claims; names come from userinfo
        self.authorization_requests: list[dict] = []
        self.token_requests: list[dict] = []
        self.jwks_fetches = 0
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), name="oidc-provider",
                                       daemon=True)

    # -- set-up by the tests
    def add_user(self, username: str, email: str, password: str = "provider-password", **fields) -> User:
        self.users[username] = User(username=username, password=password, email=email, **fields)
        return self.users[username]

    def add_client(self, client_id: str, secret: str, redirect_uri: str) -> None:
        self.clients[client_id] = (secret, {redirect_uri})

    def rotate_key(self) -> None:
        """Sign with a new key published alongside the old one (a relying party must fetch the JWKS again)."""

        self.key = _new_key(f"key-{len(self.published) + 1}")
        self.published.append(self.key)

    def start(self) -> "OpenIDProvider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- what it serves
    def discovery(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": self.url + "/authorize",
                "token_endpoint": self.url + "/token", "userinfo_endpoint": self.url + "/userinfo",
                "jwks_uri": self.url + "/jwks", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"], "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def jwks(self) -> dict:
        self.jwks_fetches += 1
        return {"keys": [k.as_dict(private=False) for k in self.published]}

    def id_token(self, grant: dict, user: User) -> str:
        now = int(time.time())
        claims = {"iss": self.url, "aud": grant["client_id"], "iat": now, "exp": now + 300, "auth_time": now,
                  "nonce": grant["nonce"], **user.claims()}
        if not self.names_in_id_token:
            claims = {k: v for k, v in claims.items() if k not in ("given_name", "family_name", "email",
                                                                   "email_verified")}
        faults = self.faults
        claims.update({"aud": "another-client"} if "audience" in faults else {},
                      **({"iat": now - 7200, "exp": now - 3600} if "expired" in faults else {}),
                      **({"nonce": "not-the-nonce"} if "nonce" in faults else {}),
                      **({"iss": "http://127.0.0.1:1/another-issuer"} if "issuer" in faults else {}),
                      **({"email_verified": False} if "unverified" in faults else {}))
        if "several_audiences" in faults:
            claims["aud"] = [grant["client_id"], "another-client"]
        key = self.key
        if "foreign_key" in faults:
            key = _new_key("key-nobody-publishes")
        elif "forged_signature" in faults:
            key = _new_key(self.key.kid)  # the published kid, but another private key
        token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        if "tampered" in faults:  # someone else's e-mail in a payload signed for this user
            header, _payload, signature = token.split(".")
            payload = _b64(json.dumps({**claims, "email": "intruder@example.com"}).encode())
            token = ".".join((header, payload, signature))
        return token

    # -- the two steps of a browser's visit
    def authorize(self, query: dict) -> tuple[int, dict, str]:
        self.authorization_requests.append(query)
        client = self.clients.get(query.get("client_id", ""))
        if client is None or query.get("redirect_uri") not in client[1]:
            return 400, {}, "<p>Unknown client or redirect URI.</p>"
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {}, "<p>Only the code flow with PKCE S256 is offered.</p>"
        request_id = secrets.token_urlsafe(16)
        self.pending[request_id] = query
        return 200, {}, self.form(request_id)

    def form(self, request_id: str, error: str = "") -> str:
        return ("<!doctype html><html><head><title>Test provider</title></head><body><h1>Test provider</h1>"
                + (f'<p id="error">{html.escape(error)}</p>' if error else "")
                + '<form method="post" action="/authorize">'
                f'<input type="hidden" name="request" value="{request_id}">'
                '<input id="username" name="username"><input id="password" name="password" type="password">'
                '<button id="login" type="submit">Sign in</button></form></body></html>')

    def log_in(self, form: dict) -> tuple[int, dict, str]:
        query = self.pending.get(form.get("request", ""))
        if query is None:
            return 400, {}, "<p>Unknown request.</p>"
        user = self.users.get(form.get("username", ""))
        if user is None or not secrets.compare_digest(user.password, form.get("password", "")):
            return 200, {}, self.form(form["request"], "Wrong username or password.")
        del self.pending[form["request"]]
        if self.error_answer:
            answer = {"error": self.error_answer[0], "error_description": self.error_answer[1]}
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {**query, "username": user.username}
            answer = {"code": code}
        if "state" in query:
            answer["state"] = query["state"]
        return 302, {"Location": query["redirect_uri"] + "?" + urlencode(answer)}, ""

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        self.token_requests.append(dict(form))
        client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        if authorization.startswith("Basic "):
            client_id, _, secret = base64.b64decode(authorization[6:]).decode().partition(":")
        client = self.clients.get(client_id)
        if client is None or not secrets.compare_digest(client[0], secret):
            return 401, {"error": "invalid_client", "error_description": "Client authentication failed."}
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if form.get("grant_type") != "authorization_code" or grant is None or grant["client_id"] != client_id:
            return 400, {"error": "invalid_grant", "error_description": "Unknown or used code."}
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant", "error_description": "The redirect URI differs."}
        challenge = _b64(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
        if not secrets.compare_digest(challenge, grant.get("code_challenge", "")):
            return 400, {"error": "invalid_grant", "error_description": "The PKCE verifier does not match."}
        user = self.users[grant["username"]]
        access = secrets.token_urlsafe(24)
        self.access_tokens[access] = user.username
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": 300, "scope": grant.get("scope")}
        if "no_id_token" not in self.faults:
            answer["id_token"] = self.id_token(grant, user)
        return 200, answer

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        username = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if username is None:
            return 401, {"error": "invalid_token"}
        user = self.users[username]
        claims = user.claims()
        if "unverified" in self.faults:
            claims["email_verified"] = False
        return 200, claims


def _handler(provider: OpenIDProvider):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif parts.path == "/jwks":
                self._json(200, provider.jwks())
            elif parts.path == "/authorize":
                self._html(*provider.authorize(query))
            elif parts.path == "/userinfo":
                self._json(*provider.userinfo(self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            path = urlsplit(self.path).path
            if path == "/authorize":
                self._html(*provider.log_in(form))
            elif path == "/token":
                self._json(*provider.token(form, self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

        def _json(self, status: int, body: dict):
            self._send(status, {"Content-Type": "application/json", "Cache-Control": "no-store"},
                       json.dumps(body).encode())

        def _html(self, status: int, headers: dict, body: str):
            self._send(status, {"Content-Type": "text/html; charset=utf-8", **headers}, body.encode())

        def _send(self, status: int, headers: dict, payload: bytes):
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


# -- a studio in front of it, for the tests (import these fixtures into a test module) --------------------------

CLIENT_ID, CLIENT_SECRET = "clapboard-studio", "client-secret-for-tests"


@dataclass
class Studio:
    """Clapboard served by waitress, Kitsu's stand-in proxy in front, and the provider; ``front`` is Kitsu's URL."""

    app: object
    server: object
    proxy: object
    provider: OpenIDProvider

    @property
    def front(self) -> str:
        return self.proxy.url

    def begin(self, session, username: str, password: str | None = None) -> str:
        """Log in at the provider's form without a browser; returns the callback URL it redirects to."""

        import re

        started = session.get(self.front + "/api/auth/oidc/login", allow_redirects=False)
        assert started.status_code == 302, started.text
        form = session.get(started.headers["Location"])
        assert form.status_code == 200, form.text
        request_id = re.search(r'name="request" value="([^"]+)"', form.text).group(1)
        user = self.provider.users[username]
        done = session.post(self.provider.url + "/authorize", allow_redirects=False,
                            data={"request": request_id, "username": username, "password": password or user.password})
        assert done.status_code == 302, done.text
        return done.headers["Location"]

    def sign_on(self, session, username: str):
        """The whole sign-on without a browser; returns the callback's answer (not followed)."""

        return session.get(self.begin(session, username), allow_redirects=False)


def make_studio(make_app, provider: OpenIDProvider, sso: dict | None = None, oidc: dict | None = None,
                auth: dict | None = None) -> Studio:
    from clapboard.testing import LiveServer

    from ....e2e.kitsu_proxy import KitsuProxy
    from ...auth.conftest import FAST

    oidc_block = {"enabled": True, "idp_name": "Test provider", "discovery_url": provider.url,
                  "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **(oidc or {})}
    app = make_app(config={"plugins": {"auth": {**FAST, **(auth or {})},
                                       "sso": {**(sso or {}), "oidc": oidc_block}}}, actors=False)
    server = LiveServer(app).start()
    proxy = KitsuProxy(server.url).start()
    # Kitsu's URL is known once its port is: the settings are read per request, so it is set now.
    app.config.plugin("sso")["front_url"] = proxy.url
    provider.add_client(CLIENT_ID, CLIENT_SECRET, proxy.url + "/api/auth/oidc/callback")
    return Studio(app, server, proxy, provider)


@pytest.fixture(name="oidc_provider")
def provider_fixture():
    from clapboard.plugins.sso.oidc import provider as cache

    with OpenIDProvider() as provider:
        yield provider
    cache.forget()


@pytest.fixture(name="oidc_studio")
def studio_fixture(make_app, oidc_provider):
    """``oidc_studio(sso=…, oidc=…, auth=…)``: a studio on this test's provider (stopped after the test)."""

    made: list[Studio] = []

    def make(**blocks) -> Studio:
        made.append(make_studio(make_app, oidc_provider, **blocks))
        return made[-1]

    yield make
    for studio in made:
        studio.proxy.stop()
        studio.server.stop()
