"""Session routes: login, logout, refresh, who-am-I, change password."""

from __future__ import annotations

from datetime import timedelta

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, Unauthorized
from clapboard.plugins.data.models import Person

from . import accounts, tokens
from .identity import ACCESS_COOKIE, REFRESH_COOKIE, bearer, require_person
from .login import LoginRefused, log_in
from .settings import settings


def _body(req, schema: str) -> dict:
    return req.context.app.schemas.validate(schema, req.get_media(default_when_empty=None) or {})


def from_browser(req) -> bool:
    return "mozilla" in (req.user_agent or "").lower()


def _prefix(req) -> str:
    return "/api" if req.path.startswith("/api/") else ""


def set_token_cookies(req, resp, access: str | None, refresh: str | None = None) -> None:
    app = req.context.app
    conf = settings(app)
    common = {"http_only": True, "same_site": "Lax", "secure": conf["cookie_secure"]}
    if access:
        resp.set_cookie(ACCESS_COOKIE, access, path="/", max_age=conf["access_token_minutes"] * 60, **common)
    if refresh:
        resp.set_cookie(REFRESH_COOKIE, refresh, path=_prefix(req) + "/auth/refresh-token",
                        max_age=conf["refresh_token_days"] * 86400, **common)


class LoginResource:
    def on_post(self, req, resp):
        app = req.context.app
        body = _body(req, "auth/login")
        req.context.commit_on_error = True  # failed-attempt counters must persist
        try:
            result = log_in(app, body, req.remote_addr, from_browser(req))
        except LoginRefused as refused:
            resp.status = refused.status
            resp.media = refused.body
            return
        if from_browser(req):
            set_token_cookies(req, resp, result["access_token"], result["refresh_token"])
        resp.media = result


class LogoutResource:
    def on_get(self, req, resp):
        actor = req.context.actor
        # Kept until the refresh token would have expired anyway, then purgeable.
        until = accounts.utcnow() + timedelta(days=settings(req.context.app)["refresh_token_days"])
        accounts.revoke(actor.attributes.get("jti"), actor.attributes.get("refresh_jti"), expires_at=until)
        for name, path in ((ACCESS_COOKIE, "/"), (REFRESH_COOKIE, _prefix(req) + "/auth/refresh-token")):
            resp.unset_cookie(name, path=path)
        resp.media = {"logout": True}


class AuthenticatedResource:
    def on_get(self, req, resp):
        person_id = require_person(req.context.actor)
        resp.media = {
            "authenticated": True,
            "user": accounts.person_view(person_id, with_fido_devices=True),
            "organisation": accounts.organisation_view(),
        }


class RefreshResource:
    def on_get(self, req, resp):
        app = req.context.app
        token = bearer(req) or req.cookies.get(REFRESH_COOKIE)
        if not token:
            raise Unauthorized("A refresh token is required.")
        claims = tokens.decode(app.secret_key, token, "refresh")
        if accounts.is_revoked(claims["jti"]) or accounts.before_floor(claims):
            raise Unauthorized("Token has been revoked")
        active = Person.select(Person.active).where(Person.id == claims["sub"]).scalar()
        if not active:
            raise Unauthorized("This account is disabled.")
        access = accounts.issue_access(app, claims["sub"], claims["jti"], browser=from_browser(req))
        if from_browser(req):
            set_token_cookies(req, resp, access)
        resp.media = {"access_token": access}


class ChangePasswordResource:
    def on_post(self, req, resp):
        app = req.context.app
        body = _body(req, "auth/change-password")
        person = Person.get_by_id(require_person(req.context.actor))
        ok, _ = app.passwords.verify(person.password, body["old_password"])
        if not ok:
            raise BadRequest("The current password is wrong.", errors=[{"path": "old_password", "message": "wrong"}])
        password = app.passwords.check_new(body["password"], body.get("password_2"))
        # The person is in their own session: other sessions stay, as in Zou (a reset ends them all).
        accounts.set_password(app, person.id, password, end_sessions=False)
        resp.media = {"success": True}


def routes() -> list[Route]:
    public = {"public": True}
    return [
        Route("/auth/login", LoginResource(), **public, tags=("auth",), operations={"POST": Operation(
            summary="Log in with e-mail (or desktop login) and password, plus a second factor when enabled",
            request_schema="auth/login", response_schema="auth/login-success")}),
        Route("/auth/logout", LogoutResource(), tags=("auth",), operations={"GET": Operation(
            summary="Log out: revoke the access and refresh tokens")}),
        Route("/auth/authenticated", AuthenticatedResource(), tags=("auth",), operations={"GET": Operation(
            summary="The logged-in user and the organisation")}),
        Route("/auth/refresh-token", RefreshResource(), **public, tags=("auth",), operations={"GET": Operation(
            summary="A new access token, from the refresh token (Bearer header or cookie)")}),
        Route("/auth/change-password", ChangePasswordResource(), tags=("auth",), operations={"POST": Operation(
            summary="Change one's own password", request_schema="auth/change-password")}),
    ]


__all__ = ["falcon", "routes", "set_token_cookies"]
