"""The event journal: each committed event once, in commit order, for every process to tail.

``record`` runs in ``before_commit``, inside the transaction of the change, so
a rolled-back change leaves no row and a committed one's rows are there for
every process. Clients are served by cursor (``id > last sent``), which is
only safe if id order is commit order — otherwise a poll could see id 11
committed, move its cursor past 10, and never send 10 when its transaction
commits a moment later:

* SQLite has one writer at a time: ids are handed out and committed in turn.
* PostgreSQL hands out sequence values to concurrent transactions that commit
  in any order, so the insert first takes a transaction-scoped advisory lock
  (``pg_advisory_xact_lock``). A second writer waits there until the first has
  committed — its commit is visible before its locks are released — so its
  ids come later and commit later. The lock is held only from the insert to the
  commit (``before_commit`` is the last step of a unit of work). LISTEN/NOTIFY
  would wake processes sooner but does not order anything, and a missed
  notification (a reconnect) would lose events; the tail query is what makes
  delivery certain, the process's own commits wake its polls at once.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import orjson
import peewee

from clapboard.db import is_sqlite

from .models import RealtimeEvent, utcnow

LOCK_KEY = 0x5EA17E  # the advisory lock serialising journal writers (an arbitrary constant of this plugin)


def _excluded(name: str, patterns) -> bool:
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)


def row_of(event) -> dict:
    """The journal row of an event: its payload as sent, and the keys that decide who gets it."""

    data = dict(event.data)
    name = event.name
    return {
        "name": name[:120],
        "data": orjson.dumps(data, default=str).decode(),
        "project_id": _uuid(data.get("project_id")),
        "person_id": _uuid(data.get("person_id")) if name.startswith("notification:") else None,
        "chat_id": _uuid(data.get("chat_id")) if name.startswith("chat:") else None,
        "created_at": utcnow(),
    }


def _uuid(value):
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def record(app, events) -> int:
    """Journal ``events`` inside the caller's transaction; answers how many rows were written."""

    excluded = app.config.plugin("realtime")["excluded_events"]
    rows = [row_of(event) for event in events if not _excluded(event.name, excluded)]
    if not rows:
        return 0
    _lock(app)
    for start in range(0, len(rows), 200):
        RealtimeEvent.insert_many(rows[start:start + 200]).execute()
    return len(rows)


def append(app, name: str, data: dict, room_id=None) -> None:
    """Journal one message that is no change's event (a preview-room relay), in the caller's transaction."""

    row = row_of(_Message(name, data))
    row["room_id"] = room_id
    _lock(app)
    RealtimeEvent.insert(**row).execute()


class _Message:
    def __init__(self, name: str, data: dict):
        self.name, self.data = name, data


def _lock(app) -> None:
    if not is_sqlite(app.db):
        app.db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))


def latest_id() -> int:
    return RealtimeEvent.select(peewee.fn.MAX(RealtimeEvent.id)).scalar() or 0


PAGE = 500  # journal rows read by one poll at most


def after(cursor: int, limit: int = PAGE) -> list[RealtimeEvent]:
    """Journal rows past ``cursor``, oldest first."""

    e = RealtimeEvent
    return list(e.select().where(e.id > cursor).order_by(e.id).limit(limit))


def prune(keep_seconds: float) -> int:
    return RealtimeEvent.delete().where(RealtimeEvent.created_at < utcnow() - timedelta(seconds=keep_seconds)).execute()
