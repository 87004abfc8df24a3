"""The entities breakdown routes act on, fetched through the policy and checked for their kind.

An id naming an entity of another kind (a sequence where a shot is expected)
is answered like an unknown one, a 404, as Zou's ``get_shot``/``get_scene`` do.
"""

from __future__ import annotations

from clapboard.errors import NotFound

from ... import engine
from ...models import Entity


def entity(ctx, entity_id, kind: str | None = None, project_id=None) -> dict:
    """The entity (Zou-serialized, without relation lists) the actor may read.

    ``kind`` is the ``type`` it must have ("Shot", "Scene", "Asset"…);
    ``project_id`` the production it must belong to.
    """

    row = engine.one(ctx, Entity, entity_id, relations=False)
    if kind is not None and row["type"] != kind:
        raise NotFound(f"{kind} {row['id']} not found.")
    if project_id is not None and str(row["project_id"]) != str(project_id):
        raise NotFound(f"Entity {row['id']} not found in this production.")
    return row


def as_plain_entity(row: dict) -> dict:
    """Zou answers some writes with the raw entity, typed "Entity" whatever its kind."""

    return {**row, "type": "Entity"}
