"""The ``authenticate`` hook: who is behind a Bearer token or an access cookie."""

from __future__ import annotations

import time
from datetime import date

import peewee

from clapboard.actors import Actor
from clapboard.errors import Unauthorized
from clapboard.plugins.data.models import Person

from . import tokens
from .models import RevokedToken, SessionFloor

ACCESS_COOKIE = "access_token_cookie"
REFRESH_COOKIE = "refresh_token_cookie"
# Paths a token still waiting for 2FA enrolment may reach.
TWO_FA_SETUP_PATHS = ("/auth/",)


def bearer(req) -> str | None:
    header = req.get_header("Authorization")
    if header and header[:7].lower() == "bearer ":
        return header[7:].strip() or None
    return None


def access_token(req) -> str | None:
    return bearer(req) or req.cookies.get(ACCESS_COOKIE)


def verified_claims(app, token: str) -> dict:
    """The claims of a well-signed, unexpired access token (signatures checked once per process)."""

    known = app.verified_tokens.get(token)
    if known is None:
        claims = tokens.decode(app.secret_key, token, "access")
        app.verified_tokens.put(token, claims, 1)
        return claims
    claims = known[1]
    if claims.get("exp") is not None and claims["exp"] <= time.time():
        raise Unauthorized(tokens.EXPIRED)
    return claims


def _account(subject: str, session: tuple[str, ...]) -> dict | None:
    """The person behind a token, whether the session was revoked, and their session floor."""

    revoked = RevokedToken.select().where(RevokedToken.jti.in_(list(session)))
    floor = SessionFloor.select(SessionFloor.not_before).where(SessionFloor.person_id == Person.id)
    return (Person
            .select(Person.id, Person.role, Person.active, Person.is_bot, Person.is_guest, Person.jti, Person.email,
                    Person.expiration_date, peewee.fn.EXISTS(revoked).alias("revoked"), floor.alias("floor"))
            .where(Person.id == subject)
            .dicts()
            .first())


def authenticate(app, req) -> Actor | None:
    token = access_token(req)
    if not token:
        return None
    claims = verified_claims(app, token)
    # Logging out revokes the session's refresh token: every access token it issued dies with it.
    session = tuple(j for j in (claims["jti"], claims.get("refresh_jti")) if j)
    # Kept per process while person, revoked_token and session_floor are unchanged in the database.
    found = app.memo("auth.account", (claims["sub"], session), lambda: _account(claims["sub"], session))
    if found is None:
        raise Unauthorized("Unknown user.")
    if found["revoked"] or (found["floor"] is not None and claims["iat"] < found["floor"]):
        raise Unauthorized("Token has been revoked")
    if not found["active"]:
        raise Unauthorized("This account is disabled.", unactive=True)
    if found["is_guest"]:  # a share link's reviewer: their link is their only way in
        raise Unauthorized("Unknown user.")
    bot = claims.get("identity_type") == "bot"
    if bot:
        if not found["is_bot"] or found["jti"] != claims["jti"]:
            raise Unauthorized("Token has been revoked")
        expiration = found["expiration_date"]
        if expiration and date.fromisoformat(str(expiration)) < date.today():
            raise Unauthorized(tokens.EXPIRED)
    if claims.get("requires_2fa_setup"):
        path = req.path[4:] if req.path.startswith("/api/") else req.path
        if not path.startswith(TWO_FA_SETUP_PATHS):
            raise Unauthorized("Two-factor authentication must be set up first.", requires_2fa_setup=True)
    return Actor(
        id=str(found["id"]),
        kind="bot" if bot else "person",
        role=found["role"],
        attributes={"email": found["email"], "jti": claims["jti"], "refresh_jti": claims.get("refresh_jti"),
                    "expires_at": claims.get("exp"), "requires_2fa_setup": bool(claims.get("requires_2fa_setup"))},
    )


def require_person(actor) -> str:
    """The person id of a person or bot actor; 401 for any other actor (a token of another plugin)."""

    if actor is None or actor.kind not in ("person", "bot") or not actor.id:
        raise Unauthorized("This route needs a person's token.")
    return actor.id
