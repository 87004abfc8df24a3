"""Zou's two OIDC routes: send the browser to the provider, and take it back signed in.

``/auth/oidc/login`` stores the sign-on (nonce, PKCE verifier, redirect URI,
a hash of this browser's binding cookie) under a random key that travels as
the OAuth ``state``. ``/auth/oidc/callback`` takes that key once, checks the
answer came back to the browser that started it (no one can push their own
sign-on into someone else's browser), exchanges the code, verifies the ID
token and hands the person to ``accounts.sign_in``. The network calls run
outside any database transaction; the sign-in itself is one unit of work, so
a refusal leaves no account or binding behind. Authlib, joserfc and requests
are imported on the first OIDC request, not at start.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from clapboard import Operation, Route
from clapboard.errors import BadRequest, ClapboardError
from clapboard.transactions import in_transaction

from .. import accounts, flows
from ..accounts import SignOn, refused
from ..settings import api_url, settings

log = logging.getLogger("clapboard.sso.oidc")
KIND = "oidc"
BROWSER_COOKIE = "clapboard_oidc_browser"


def _conf(req) -> dict:
    conf = settings(req.context.app)["oidc"]
    if not conf["enabled"]:
        raise BadRequest("OIDC is not enabled.", login=False)
    return conf


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class LoginResource:
    def on_get(self, req, resp):
        app = req.context.app
        conf = _conf(req)
        from . import client, provider

        meta = provider.metadata(conf)
        browser = req.cookies.get(BROWSER_COOKIE) or ""
        if not (20 <= len(browser) <= 100 and browser.replace("-", "").replace("_", "").isalnum()):
            browser = secrets.token_urlsafe(32)
        minutes = settings(app)["flow_minutes"]
        state = secrets.token_urlsafe(32)
        url, checks = client.authorization_url(conf, meta, api_url(app) + "/auth/oidc/callback", state)
        flows.start(KIND, {**checks, "browser": _digest(browser)}, minutes, key=state)
        accounts.set_flow_cookie(app, resp, BROWSER_COOKIE, browser)  # shared by tabs: each finds it on return
        accounts.redirect(resp, url)


class CallbackResource:
    def on_get(self, req, resp):
        conf = _conf(req)
        try:
            self._finish(req, resp, conf)
        except ClapboardError as exc:  # the browser sees the message; the studio's logs say it too
            log.warning("OIDC sign-on refused (%s): %r", exc.status, exc.message)
            raise

    def _finish(self, req, resp, conf: dict) -> None:
        state = req.get_param("state") or ""
        flow = flows.take(KIND, state) if state else None  # taken even when the answer is an error
        if req.get_param("error"):
            detail = req.get_param("error_description") or req.get_param("error")
            raise refused(f"The identity provider refused the sign-on: {detail[:300]}")
        if not state:
            raise refused("The identity provider's answer carries no state; sign in again.")
        if flow is None:
            raise refused("This sign-on is unknown, expired or already used; sign in again.")
        browser = req.cookies.get(BROWSER_COOKIE) or ""
        if not browser or not secrets.compare_digest(_digest(browser), flow["browser"]):
            raise refused("This sign-on was started in another browser; sign in again.")
        from . import client, idtoken, provider

        code = req.get_param("code")
        if not code:
            raise refused("The identity provider's answer carries no code.")
        meta = provider.metadata(conf)
        token = client.exchange(conf, meta, flow, code)
        claims = idtoken.verify(token.get("id_token"), conf, meta, flow["nonce"])
        claims = client.userinfo(conf, meta, claims, token.get("access_token"))
        sign_on = _sign_on(conf, claims)
        in_transaction(req, resp, lambda req, resp: accounts.sign_in(req, resp, sign_on))


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _sign_on(conf: dict, claims: dict) -> SignOn:
    verified = claims.get("email_verified") is True or not conf["require_email_verified"]
    return SignOn(method=KIND, issuer=claims["iss"], subject=claims["sub"],
                  email=_text(claims.get(conf["email_claim"])) or None,
                  first_name=_text(claims.get(conf["given_name_claim"])),
                  last_name=_text(claims.get(conf["family_name_claim"])), email_verified=verified,
                  skip_2fa=conf["skip_2fa"], extra={"amr": claims.get("amr"), "acr": claims.get("acr")})


def routes() -> list[Route]:
    return [
        Route("/auth/oidc/login", LoginResource(), public=True, tags=("sso",), operations={
            "GET": Operation(summary="Start an OpenID Connect sign-on: redirect to the identity provider")}),
        Route("/auth/oidc/callback", CallbackResource(), public=True, tags=("sso",), operations={
            "GET": Operation(summary="Finish an OpenID Connect sign-on: check the provider's answer, set the "
                                     "session cookies and redirect to Kitsu",
                             parameters=tuple({"name": n, "in": "query", "schema": {"type": "string"}}
                                              for n in ("code", "state", "error", "error_description")))}),
    ]
