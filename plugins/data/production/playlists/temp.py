"""A temporary playlist: the entries a playlist would show for some tasks, stored nowhere.

Kitsu plays one from a task list (or from entities, each giving its most
recently reviewed task that has a preview). Each entry names its entity with
Zou's whole key set (parent, episode, sequence, asset type; empty when they do
not apply), the entity's previews by task type and, pinned, the newest
revision of the task's type, else of the first task type of the production
that has one. ``?sort=true`` orders entries by episode, sequence, asset type
and name. Every task must be readable by the actor (a vendor: their own).
"""

from __future__ import annotations

from clapboard import Operation, Route

from ...engine import context, one, validated
from ...models import Entity, EntityType, ProjectTaskTypeLink, Task, TaskType
from ..projects.access import readable_project
from ..tasks.preview_lists import previews_by_task_type

SCHEMA = "data/production/playlists/requests#/$defs/temp"
KEYS = ("episode_id", "episode_name", "sequence_id", "sequence_name", "asset_type_id", "asset_type_name")
PINNED = ("extension", "width", "height", "duration", "revision", "status")


def _entity(entity_id) -> dict | None:
    row = (Entity.select(Entity.id, Entity.name, Entity.parent, EntityType.name.alias("kind"),
                         EntityType.id.alias("kind_id"))
           .join(EntityType, on=(Entity.entity_type == EntityType.id)).where(Entity.id == entity_id).dicts().first())
    return row


def _base(entity: dict, task_id) -> dict:
    """The entry's names: a shot under its sequence, a sequence or an edit under its episode, an asset
    under its type."""

    entry = {"id": str(entity["id"]), "name": entity["name"], "preview_file_task_id": str(task_id),
             "parent_name": "", **{key: "" for key in KEYS}}
    kind = entity["kind"]
    parent = _entity(entity["parent"]) if entity["parent"] else None
    if kind == "Shot" and parent is not None:
        entry.update(parent_name=parent["name"], sequence_id=str(parent["id"]), sequence_name=parent["name"])
    elif kind in ("Sequence", "Edit") and parent is not None and parent["kind"] == "Episode":
        entry.update(parent_name=parent["name"], episode_id=str(parent["id"]), episode_name=parent["name"])
    elif kind not in ("Shot", "Sequence", "Edit", "Episode"):
        entry.update(parent_name=kind, asset_type_id=str(entity["kind_id"]), asset_type_name=kind)
    return entry


def _task_type_order(project_id, for_entity: str) -> list[str]:
    query = (ProjectTaskTypeLink.select(ProjectTaskTypeLink.task_type)
             .join(TaskType, on=(TaskType.id == ProjectTaskTypeLink.task_type))
             .where(ProjectTaskTypeLink.project == project_id, TaskType.for_entity == for_entity)
             .order_by(ProjectTaskTypeLink.priority, TaskType.priority, TaskType.name))
    return [str(task_type) for (task_type,) in query.tuples()]


def entry_for_task(ctx, task: dict, order: list[str]) -> dict:
    entity = _entity(task["entity_id"])
    entry = _base(entity, task["id"])
    previews = previews_by_task_type(ctx, entity["id"])
    task_type = str(task["task_type_id"])
    if not previews.get(task_type):
        task_type = next((candidate for candidate in order if previews.get(candidate)), task_type)
    if previews.get(task_type):
        pinned = previews[task_type][0]
        entry["preview_file_id"] = pinned["id"]
        entry.update({f"preview_file_{key}": pinned[key] for key in PINNED})
        entry["preview_file_annotations"] = pinned["annotations"] or []
        entry["preview_file_previews"] = pinned["previews"]
    entry["preview_files"] = previews
    return entry


def _for_entity(entity_id) -> str:
    kind = _entity(entity_id)["kind"]
    return kind if kind in ("Shot", "Sequence", "Edit", "Episode") else "Asset"


def reviewed_task(entity_id):
    """The task an entity contributes: its most recently reviewed one holding a preview (or none)."""

    return (Task.select(Task.id).where(Task.entity == entity_id, Task.last_preview_file_id.is_null(False))
            .order_by(Task.last_comment_date.desc(nulls="LAST"), Task.id).scalar())


def temp_playlist(ctx, project_id, body: dict, sort: bool) -> list[dict]:
    readable_project(ctx, project_id)
    task_ids = list(body.get("task_ids") or [])
    for entity_id in body.get("entity_ids") or []:
        entity = one(ctx, Entity, entity_id, relations=False)
        found = reviewed_task(entity["id"])
        if found is not None:
            task_ids.append(str(found))
    tasks = [one(ctx, Task, task_id, relations=False) for task_id in task_ids]
    if not tasks:
        return []
    order = _task_type_order(tasks[0]["project_id"], _for_entity(tasks[0]["entity_id"]))
    entries = [entry_for_task(ctx, task, order) for task in tasks]
    if sort:
        entries.sort(key=lambda e: (e["episode_name"], e["sequence_name"], e["asset_type_name"], e["name"]))
    return entries


class TempPlaylistResource:
    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, SCHEMA)
        resp.media = temp_playlist(ctx, project_id, body, (req.get_param("sort") or "").lower() == "true")


def routes() -> list[Route]:
    return [Route("/data/projects/{project_id}/playlists/temp", TempPlaylistResource(), tags=("data",),
                  operations={"POST": Operation(
                      summary="The entries of a playlist of some tasks (or entities), stored nowhere",
                      description="Each task must be readable; `?sort=true` orders the entries by episode, "
                                  "sequence, asset type and name. Answers 200.",
                      request_schema=SCHEMA, response_schema="data/production/playlists/answers#/$defs/temp",
                      status=200, operation_id="generate_temp_playlist",
                      parameters=({"name": "sort", "in": "query", "schema": {"type": "boolean"},
                                   "description": "Order the entries by episode, sequence, asset type and name."},
                                  ))})]
