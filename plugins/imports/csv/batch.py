"""Writing many rows and their events in a few statements.

An import of 50,000 shots writes its rows with ``insert_many`` in chunks
(within every database's limit on statement parameters) and records the
events Zou sends for each row (``shot:new``, ``task:new``…) the same way:
``api_event`` rows in chunks, then each event queued for ``on_event`` after
commit, exactly as the data plugin's ``emit`` would have, one by one.
"""

from __future__ import annotations

import uuid
from typing import Iterable

import peewee

import clapboard
from clapboard.plugins.data.actors import acting_person
from clapboard.plugins.data.models import ApiEvent
from clapboard.plugins.data.models.base import utcnow

CHUNK = 500


def insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field names) in chunks."""

    for part in peewee.chunked(rows, CHUNK):
        model.insert_many(part).execute()


def _text(value):
    return str(value) if isinstance(value, uuid.UUID) else value


def emit_many(ctx, name: str, payloads: Iterable[dict], project_id=None) -> int:
    """Record and queue one ``name`` event per payload (delivered after commit); how many."""

    user = acting_person(ctx.actor)
    actor_id = str(ctx.actor.id) if ctx.actor is not None and ctx.actor.id else None
    now = utcnow()
    events = []
    for data in payloads:
        payload = {key: _text(value) for key, value in data.items()}
        if project_id is not None:
            payload["project_id"] = str(project_id)
        events.append({"id": uuid.uuid4(), "name": name, "user_id": user, "project_id": project_id,
                       "data": payload, "created_at": now, "updated_at": now})
    insert(ApiEvent, events)
    for event in events:
        clapboard.emit(name, {**event["data"], "id": str(event["id"])}, actor_id=actor_id)
    return len(events)
