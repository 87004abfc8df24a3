"""Who a realtime session belongs to, checked again on every poll.

The namespace connect presents a login as the API takes it — the
``access_token_cookie`` cookie or an ``Authorization: Bearer`` header (the
core's ``authenticate`` hook has already judged them: ``req.context.actor``) —
or as the Socket.IO auth payload ``{"token": …}``, judged by the same hook
through a request carrying only that token. A token from the auth payload is
kept with the session (the client never sends it again) and judged again on
every poll, as cookies and headers are, so a logout or a revoked token ends
the stream at the next poll. A poll whose login names another person than the
session's is refused: a session id alone is no credential.
"""

from __future__ import annotations

import uuid

from clapboard.errors import Unauthorized


class TokenRequest:
    """The parts of a request the ``authenticate`` hook reads, for a token given in the auth payload."""

    def __init__(self, token: str, path: str):
        self._authorization = f"Bearer {token}"
        self.path = path
        self.cookies: dict = {}

    def get_header(self, name: str, default=None, required: bool = False):
        return self._authorization if name.lower() == "authorization" else default


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


def connecting(app, req, auth) -> tuple[object | None, str | None]:
    """The actor a namespace connect presents and the token to keep (from the auth payload only)."""

    token = auth.get("token") if isinstance(auth, dict) else None
    if isinstance(token, str) and token:
        return by_token(app, token, req.path), token
    return req.context.get("actor"), None


def current(app, req, session):
    """The session's person as this poll presents them, or ``None`` (the stream ends)."""

    actor = by_token(app, session.token, req.path) if session.token else req.context.get("actor")
    person = person_of(actor)
    if person is None or person != session.person_id:
        return None
    return actor
