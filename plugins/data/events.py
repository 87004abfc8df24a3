"""Events of the data plugin: a row in ``api_event``, then delivery through ``on_event``.

The row is written in the same transaction as the change it describes, so an
event is never recorded for a change that rolled back, nor lost for one that
committed; listeners are called after commit by the core.
"""

from __future__ import annotations

import uuid

import clapboard

from .actors import acting_person


def emit_event(app, actor, name: str, data: dict, project_id=None):
    from .models import ApiEvent

    payload = {k: (str(v) if isinstance(v, uuid.UUID) else v) for k, v in data.items()}
    if project_id is not None:
        payload["project_id"] = str(project_id)
    event = ApiEvent.create(name=name, user_id=acting_person(actor), project_id=project_id, data=payload)
    payload["id"] = str(event.id)
    return clapboard.emit(name, payload, actor_id=str(actor.id) if actor and actor.id else None)


def record_event(ctx, name: str, info, row: dict):
    """Emit ``<kind>:<verb>`` for a row, carrying ``<kind>_id`` like Zou (``shot:new`` -> ``shot_id``)."""

    key = name.split(":", 1)[0].replace("-", "_") + "_id"
    return emit_event(ctx.app, ctx.actor, name, {key: row["id"]}, row.get("project_id"))
