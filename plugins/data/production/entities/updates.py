"""``PUT /data/shots/{id}``: changing a shot, and keeping the history of its frame range.

The body is any entity column, stored as sent (``data`` replaces the stored
dict; gazu merges on its side). Like Zou, keys the route never writes are
dropped first: identity, timestamps, project, relation lists and the keys a
shot read adds (names, tasks, frame range copies). When the name, the frame
count or ``data.frame_in``/``frame_out`` change, the shot as it was is kept
in ``entity_version`` (``GET /data/shots/{id}/versions``). The answer is the
plain row typed "Entity", as Zou answers this route.
"""

from __future__ import annotations

from ...crud import service
from ...crud.meta import info
from ...models import Entity, EntityVersion
from .http import body, write
from .rows import plain, read_entity

IGNORED = frozenset({
    "id", "created_at", "updated_at", "type", "project_id", "shotgun_id", "created_by", "instance_casting",
    "entities_in", "entities_out", "entity_concept_links", "tasks", "project_name", "sequence_id", "sequence_name",
    "episode_id", "episode_name", "frame_in", "frame_out", "fps",
})
UPDATE = "data/production/entities/bodies#/$defs/update-shot"
ITEM = "data/production/entities/answers#/$defs/entity"


def _frame_range(row: dict) -> tuple:
    data = row.get("data") or {}
    return row["name"], row.get("nb_frames"), data.get("frame_in"), data.get("frame_out")


def _person(ctx):
    actor = ctx.actor
    return actor.id if actor is not None and actor.kind in ("person", "bot") and actor.id else None


def update_shot(ctx, req, shot_id):
    """Update a shot; a new name or frame range keeps the previous one as a version."""

    sent = body(req, "update-shot")
    before = read_entity(ctx, "Shot", shot_id)
    changes = {key: value for key, value in sent.items() if key not in IGNORED}
    after = service.update_row(ctx, info(Entity), before["id"], changes, event="shot:update")
    if _frame_range(after) != _frame_range(before):
        EntityVersion.create(entity=before["id"], name=before["name"], data=before["data"], person=_person(ctx))
    return plain(after, "Entity")


def methods() -> list:
    return [write("PUT", "/data/shots/{shot_id}", update_shot, "Update a shot", UPDATE, ITEM,
                  description="Any entity column; `data` is stored as sent. A new name or frame range keeps the "
                              "previous one in the shot's versions.")]
