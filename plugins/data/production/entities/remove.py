"""Removing entities the way Zou does, one by one or in a batch.

- An asset, shot, edit or concept that still has tasks is only marked
  ``canceled`` (``<kind>:update``); without tasks, or with ``force=true``, it
  is deleted with everything hanging from it (tasks, versions, casting…,
  ``<kind>:delete``). The batch route deletes for real the entities already
  canceled, and concepts always.
- A sequence or an episode is deleted when nothing refers to it (a 400
  otherwise); ``force=true`` deletes everything below it as well (an
  episode's sequences, shots, scenes, edits and the assets created for it),
  with a ``<kind>:delete`` for each.
- A scene is deleted, or canceled when something still refers to it.

Writes go through ``service.update_row``/``delete_row`` (policy checks,
events); a real deletion always uses the engine's force delete, which
removes the dependent rows first in the request's transaction.
"""

from __future__ import annotations

from clapboard.errors import IntegrityViolation

from ...crud import service
from ...crud.meta import info
from ...engine import ENTITY_KINDS, Context, emit, many, require
from ...models import Entity, EntityLink, EntityType, Task
from ..breakdown.casting_counts import recount
from .http import body, write
from .rows import read_entity, read_project

CANCELABLE = ("Asset", "Shot", "Edit", "Concept")
IDS = "data/production/entities/answers#/$defs/ids"


def _force(ctx) -> bool:
    return str(ctx.params.get("force", "false")).lower() in ("true", "1")


def _forced(ctx) -> Context:
    return Context(app=ctx.app, actor=ctx.actor, params={**ctx.params, "force": "true"})


def _holding_tasks(entity_ids) -> set:
    return {entity_id for (entity_id,) in Task.select(Task.entity).where(Task.entity.in_(entity_ids)).tuples()}


def remove(ctx, row: dict, force: bool, has_tasks: bool) -> None:
    """Cancel or delete one asset, shot, edit or concept (``row`` is its plain row)."""

    prefix = row["type"].lower()
    if has_tasks and not force:
        service.update_row(ctx, info(Entity), row["id"], {"canceled": True}, event=f"{prefix}:update")
        return
    require(ctx, Entity, "delete", row=row)
    casting = [entity_id for (entity_id,) in
               EntityLink.select(EntityLink.entity_in).where(EntityLink.entity_out == row["id"]).tuples()]
    if row["type"] == "Asset":  # Zou keeps what hangs below an asset, unparented
        Entity.update(parent=None).where(Entity.parent == row["id"]).execute()
    service.delete_row(_forced(ctx), info(Entity), row["id"], event=f"{prefix}:delete")
    recount(casting)


def _descendants(entity_id) -> list[tuple]:
    """``(id, kind, project_id)`` of the entities a forced removal takes along (two levels below, and sourced)."""

    children = Entity.select(Entity.id).where((Entity.parent == entity_id) | (Entity.source == entity_id))
    query = (Entity.select(Entity.id, EntityType.name, Entity.project)
             .join(EntityType, on=(Entity.entity_type == EntityType.id))
             .where(Entity.id.in_(children) | Entity.parent.in_(children)).tuples())
    return [(found, name if name in ENTITY_KINDS else "Asset", project) for found, name, project in query]


def _remove_tree(kind: str):
    def delete(ctx, req, **path):
        (entity_id,) = path.values()
        row = read_entity(ctx, kind, entity_id)
        if not _force(ctx):
            service.delete_row(ctx, info(Entity), row["id"], event=f"{kind.lower()}:delete")
            return None
        taken = _descendants(row["id"])
        service.delete_row(_forced(ctx), info(Entity), row["id"], event=f"{kind.lower()}:delete")
        for found, found_kind, project in taken:
            emit(ctx, f"{found_kind.lower()}:delete", {f"{found_kind.lower()}_id": found}, project)
        return None

    delete.__doc__ = (f"Delete a {kind.lower()}: refused while anything refers to it, unless `force=true` "
                      "removes everything below it too.")
    return delete


def delete_scene(ctx, req, scene_id):
    """Delete a scene, or cancel it while something still refers to it."""

    row = read_entity(ctx, "Scene", scene_id)
    try:
        service.delete_row(ctx, info(Entity), row["id"], event="scene:delete")
    except IntegrityViolation:
        service.update_row(ctx, info(Entity), row["id"], {"canceled": True}, event="scene:delete")


def _remove_one(kind: str):
    def delete(ctx, req, **path):
        (entity_id,) = path.values()
        row = read_entity(ctx, kind, entity_id)
        remove(ctx, row, _force(ctx), bool(_holding_tasks([row["id"]])))

    delete.__doc__ = (f"Delete a {kind.lower()}; one that still has tasks is only canceled, unless `force=true`.")
    return delete


def delete_entities(ctx, req, project_id):
    """Remove several assets, shots, edits and concepts of a project; answers the ids processed.

    Ids of other projects, of other kinds or out of reach are skipped.
    """

    wanted = list(dict.fromkeys(body(req, "entity-ids", default=[])))
    project = read_project(ctx, project_id)
    require(ctx, Entity, "delete", row={"project_id": project["id"]})
    if not wanted:
        return []
    found = {str(row["id"]): row for row in many(ctx, Entity, Entity.id.in_(wanted), Entity.project == project["id"])
             if row["type"] in CANCELABLE}
    with_tasks = _holding_tasks([row["id"] for row in found.values()])
    processed = []
    for entity_id in wanted:
        row = found.get(entity_id)
        if row is None:
            continue
        forced = _force(ctx) or row["canceled"] or row["type"] == "Concept"
        remove(ctx, row, forced, row["id"] in with_tasks)
        processed.append(entity_id)
    return processed


def methods() -> list:
    def deletion(path, handler, summary, description=None):
        return write("DELETE", path, handler, summary, status=204, description=description)

    cancel = "An entity that still has tasks is only canceled; `force=true` deletes it with them."
    tree = "Refused while anything refers to it; `force=true` deletes everything below it too."
    return [
        deletion("/data/assets/{asset_id}", _remove_one("Asset"), "Delete an asset", cancel),
        deletion("/data/shots/{shot_id}", _remove_one("Shot"), "Delete a shot", cancel),
        deletion("/data/edits/{edit_id}", _remove_one("Edit"), "Delete an edit", cancel),
        deletion("/data/concepts/{concept_id}", _remove_one("Concept"), "Delete a concept", cancel),
        deletion("/data/sequences/{sequence_id}", _remove_tree("Sequence"), "Delete a sequence", tree),
        deletion("/data/episodes/{episode_id}", _remove_tree("Episode"), "Delete an episode", tree),
        deletion("/data/scenes/{scene_id}", delete_scene, "Delete a scene",
                 "Canceled instead while something (a task) still refers to it."),
        write("POST", "/actions/projects/{project_id}/delete-entities", delete_entities,
              "Delete several entities of a project", "data/production/entities/bodies#/$defs/entity-ids", IDS,
              description="Assets, shots, edits and concepts; those with tasks are canceled first, deleted when "
                          "already canceled (concepts always); `force=true` deletes them all."),
    ]
