"""Sign-ons in progress, each taken at most once, and ids that may be seen only once.

``start`` stores what the provider's answer is checked against (state, nonce,
PKCE verifier, request id) under a random key; ``take`` hands it back once,
before it expires, and never again, whichever process asks; ``seen_once``
records an id (a SAML assertion's) and says whether it was new.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import orjson
import peewee

from clapboard import database
from clapboard.plugins.auth.accounts import utcnow

from .models import Flow


def start(kind: str, data: dict, minutes: int, key: str | None = None) -> str:
    """Store ``data`` for ``minutes`` under a new random key (or ``key``) and return the key."""

    now = utcnow()
    Flow.delete().where(Flow.expires_at < now).execute()  # indexed: cheap, and keeps the table small
    key = key or secrets.token_urlsafe(32)
    Flow.create(key=key, kind=kind, data=orjson.dumps(data).decode(), expires_at=now + timedelta(minutes=minutes))
    return key


def peek(kind: str, key: str) -> dict | None:
    """The data of an unexpired flow, without taking it."""

    if not isinstance(key, str) or not key or len(key) > 200:
        return None
    row = Flow.select().where(Flow.key == key, Flow.kind == kind, Flow.expires_at >= utcnow()).first()
    return None if row is None else orjson.loads(row.data)


def take(kind: str, key: str) -> dict | None:
    """The data of an unexpired flow, removed so no one takes it again; ``None`` when unknown, taken or
    expired."""

    data = peek(kind, key)
    if data is None:
        return None
    # Two answers racing for one flow: only the one whose delete removed the row goes on.
    if Flow.delete().where(Flow.key == key, Flow.kind == kind).execute() != 1:
        return None
    return data


def seen_once(kind: str, key: str, until: datetime) -> bool:
    """Record ``key`` until ``until``; ``True`` the first time, ``False`` on every later try."""

    key = f"{kind}:{key}"[:200]
    if Flow.select().where(Flow.key == key, Flow.expires_at >= utcnow()).exists():
        return False
    Flow.delete().where(Flow.key == key).execute()  # an expired record of the same id
    try:
        with database.atomic():  # a savepoint: PostgreSQL's transaction survives a duplicate
            Flow.create(key=key, kind=kind, data="{}", expires_at=until.replace(tzinfo=None))
    except peewee.IntegrityError:
        return False
    return True
