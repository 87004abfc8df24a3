"""Who a realtime session belongs to, checked again on every poll.

A login is presented as the API takes it — the ``access_token_cookie``
cookie or an ``Authorization: Bearer`` header (the core's ``authenticate``
hook has already judged them: ``req.context.actor``) — or as the Socket.IO
auth payload ``{"token": …}`` of the namespace connect, judged by the same
hook through a request carrying only that token. Browsers send the cookie
with every poll; python-socketio sends extra headers with the handshake only,
and the auth payload once: so a valid token seen at the handshake or in the
auth payload is kept with the session and judged again on every poll that
brings none of its own. A logout or a revoked token thus ends the stream at
the next poll. A poll whose login names another person than the session's is
refused: a session id alone is no credential.
"""

from __future__ import annotations

import uuid

from clapboard.errors import Unauthorized

ACCESS_COOKIE = "access_token_cookie"  # the cookie Zou and Kitsu keep the access token in


class TokenRequest:
    """The parts of a request the ``authenticate`` hook reads, for a token given in the auth payload."""

    def __init__(self, token: str, path: str):
        self._authorization = f"Bearer {token}"
        self.path = path
        self.cookies: dict = {}

    def get_header(self, name: str, default=None, required: bool = False):
        return self._authorization if name.lower() == "authorization" else default


def presented_token(req) -> str | None:
    """The token a request carries (bearer header first, then the access cookie), judged or not."""

    header = req.get_header("Authorization") or ""
    if header[:7].lower() == "bearer " and header[7:].strip():
        return header[7:].strip()
    return req.cookies.get(ACCESS_COOKIE) or None


def by_token(app, token: str, path: str):
    try:
        return app.hook.authenticate(app=app, req=TokenRequest(token, path))
    except Unauthorized:
        return None


def person_of(actor) -> uuid.UUID | None:
    """The person (or bot) id of an actor that may listen; ``None`` for anyone else."""

    if actor is None:
        return None
    try:
        return uuid.UUID(str(actor.id))
    except ValueError:
        return None


def handshake_token(req) -> str | None:
    """The token to keep from a handshake: the one it carries, if it is valid."""

    return presented_token(req) if person_of(req.context.get("actor")) is not None else None


def connecting(app, req, auth, session) -> tuple[object | None, str | None]:
    """The actor a namespace connect presents, and the token to keep for the session's polls."""

    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        return by_token(app, token, req.path), token
    if req.context.get("actor") is not None:
        return req.context.actor, handshake_token(req) or session.token
    if session.token:
        return by_token(app, session.token, req.path), session.token
    return None, None


def current(app, req, session):
    """The session's person as this poll presents them, or ``None`` (the stream ends)."""

    actor = req.context.get("actor")
    if actor is None and presented_token(req) is None and session.token:
        actor = by_token(app, session.token, req.path)
    person = person_of(actor)
    if person is None or person != session.person_id:
        return None
    return actor
