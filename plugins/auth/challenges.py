"""One-time secrets in the ``Challenge`` table: FIDO challenges, reset tokens, e-mailed codes.

A row's key is ``<kind>:<sha256 of the name>``: the name (a reset token, a
WebAuthn challenge) never sits in the database in clear, so reading the table
does not let anyone use what it holds. Rows are single-use — ``take`` deletes
the row and only the request whose delete succeeded gets it — and expired
rows are purged whenever a new one is stored.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from .accounts import utcnow
from .models import Challenge


def key(kind: str, name: str | bytes) -> str:
    raw = name if isinstance(name, bytes) else str(name).encode()
    return f"{kind}:{hashlib.sha256(raw).hexdigest()}"


def store(kind: str, name: str | bytes, person_id, minutes: float, value: str | None = None) -> None:
    """Create (or replace) the challenge ``name`` of ``kind`` for a person."""

    now = utcnow()
    Challenge.delete().where(Challenge.expires_at < now).execute()
    row_key = key(kind, name)
    Challenge.delete().where(Challenge.key == row_key).execute()
    Challenge.create(key=row_key, person_id=person_id, kind=kind, value=value,
                     expires_at=now + timedelta(minutes=minutes))


def peek(kind: str, name: str | bytes, person_id=None) -> Challenge | None:
    """The live challenge, left in place (``None`` when missing, expired or someone else's)."""

    query = Challenge.select().where(Challenge.key == key(kind, name), Challenge.kind == kind,
                                     Challenge.expires_at > utcnow())
    if person_id is not None:
        query = query.where(Challenge.person_id == person_id)
    return query.first()


def take(kind: str, name: str | bytes, person_id=None) -> Challenge | None:
    """Consume the live challenge: returned once, to one caller only."""

    row = peek(kind, name, person_id)
    if row is None:
        return None
    deleted = Challenge.delete().where(Challenge.key == row.key).execute()
    return row if deleted else None


def discard(kind: str, person_id) -> None:
    """Forget every challenge of ``kind`` for a person (e.g. older reset links)."""

    Challenge.delete().where(Challenge.kind == kind, Challenge.person_id == person_id).execute()
