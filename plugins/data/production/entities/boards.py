"""The "with tasks" rows behind Kitsu's production boards: each entity with its tasks inline.

Each kind has its own row shape in Zou (a shot carries its sequence and
episode names and its frame range from ``data``; an asset its type and the
episodes it is cast in…), and its own task keys. A board is a fixed number
of queries whatever its size: the entities, their tasks, the tasks'
assignees, the actor's subscriptions, and one query per name lookup.
Entities and tasks are read through ``common.many`` so a vendor's board only
holds the entities and tasks assigned to them.
"""

from __future__ import annotations

from collections import defaultdict

from ...engine import kind_id, many
from ...models import Entity, EntityLink, EntityType, PreviewFile, Subscription, Task, TaskPersonLink
from .rows import add_project_names, of_kind, parents_of

ASSET_FIELDS = ["id", "name", "preview_file_id", "description", "asset_type_name", "asset_type_id", "canceled",
                "ready_for", "episode_id", "casting_episode_ids", "is_casting_standby", "is_shared", "data", "tasks"]
ASSET_TASK_FIELDS = ["id", "due_date", "done_date", "duration", "entity_id", "estimation", "end_date",
                     "is_subscribed", "last_comment_date", "last_preview_file_id", "priority", "real_start_date",
                     "retake_count", "start_date", "difficulty", "task_status_id", "task_type_id", "assignees", "data"]
SHOT_FIELDS = ["canceled", "data", "description", "entity_type_id", "episode_id", "episode_name", "fps", "frame_in",
               "frame_out", "id", "name", "nb_frames", "parent_id", "preview_file_id", "project_id", "project_name",
               "sequence_id", "sequence_name", "source_id", "nb_entities_out", "is_casting_standby", "type", "tasks"]
SHOT_TASK_FIELDS = ["id", "duration", "due_date", "end_date", "done_date", "entity_id", "estimation", "is_subscribed",
                    "last_comment_date", "last_preview_file_id", "nb_assets_ready", "priority", "real_start_date",
                    "retake_count", "start_date", "difficulty", "nb_drawings", "task_status_id", "task_type_id",
                    "assignees", "data"]
ENTITY_TASK_FIELDS = ["id", "estimation", "entity_id", "end_date", "due_date", "done_date", "duration",
                      "is_subscribed", "last_comment_date", "last_preview_file_id", "priority", "real_start_date",
                      "retake_count", "start_date", "difficulty", "task_status_id", "task_type_id", "assignees", "data"]
EDIT_TASK_FIELDS = ["id", "duration", "due_date", "entity_id", "end_date", "estimation", "is_subscribed",
                    "last_comment_date", "last_preview_file_id", "nb_assets_ready", "priority", "real_start_date",
                    "retake_count", "start_date", "task_status_id", "task_type_id", "assignees", "data"]


def _tasks(ctx, entities, fields: list[str], compact: bool = False) -> dict:
    """``{entity_id: [task, …]}`` for the tasks of ``entities`` (a subquery of ids) the actor reaches."""

    tasks = many(ctx, Task, Task.entity.in_(entities), order_by=(Task.created_at, Task.id))
    if not tasks:
        return {}
    reached = Task.select(Task.id).where(Task.entity.in_(entities), *ctx.app.scope(ctx.actor, Task, "read"))
    assignees = defaultdict(list)
    link = TaskPersonLink
    for task_id, person_id in link.select(link.task, link.person).where(link.task.in_(reached)).tuples():
        assignees[task_id].append(person_id)
    subscribed = set()
    if ctx.actor is not None and ctx.actor.kind in ("person", "bot") and ctx.actor.id:
        query = Subscription.select(Subscription.task).where(Subscription.person == ctx.actor.id,
                                                             Subscription.task.in_(reached))
        subscribed = {task_id for (task_id,) in query.tuples()}
    found = defaultdict(list)
    for task in tasks:
        task["is_subscribed"] = task["id"] in subscribed
        task["assignees"] = assignees.get(task["id"], [])
        task["priority"] = task["priority"] or 0
        found[task["entity_id"]].append([task[key] for key in fields] if compact
                                        else {key: task[key] for key in fields})
    return found


def _ids(kind: str, conditions: list):
    """Subquery: the ids of the ``kind`` entities matching ``conditions`` (tasks are scoped on their own)."""

    return Entity.select(Entity.id).where(of_kind(kind), *conditions)


def _type_names(rows) -> dict:
    ids = {row["entity_type_id"] for row in rows}
    return dict(EntityType.select(EntityType.id, EntityType.name).where(EntityType.id.in_(ids)).tuples()) if ids else {}


def _casting_episodes(asset_ids) -> dict:
    """``{asset_id: [episode ids]}``: the episodes casting each asset (a subquery of ids), by episode name."""

    episode = Entity.alias()
    query = (EntityLink.select(EntityLink.entity_out, EntityLink.entity_in)
             .join(episode, on=(EntityLink.entity_in == episode.id))
             .where(EntityLink.entity_out.in_(asset_ids), episode.entity_type == kind_id("Episode"))
             .order_by(episode.name).tuples())
    found = defaultdict(list)
    for asset_id, episode_id in query:
        found[asset_id].append(episode_id)
    return found


def _as(fields: list[str], row: dict, compact: bool):
    return [row[key] for key in fields] if compact else row


def asset_rows(ctx, conditions: list, compact: bool = False) -> list:
    """Assets with tasks, by asset type name then name."""

    entities = many(ctx, Entity, of_kind("Asset"), *conditions)
    ids = _ids("Asset", conditions)
    types, tasks, episodes = _type_names(entities), _tasks(ctx, ids, ASSET_TASK_FIELDS, compact), _casting_episodes(ids)
    entities.sort(key=lambda row: (types.get(row["entity_type_id"]) or "", row["name"]))
    return [_as(ASSET_FIELDS, {
        "id": row["id"], "name": row["name"], "preview_file_id": str(row["preview_file_id"] or ""),
        "description": row["description"], "asset_type_name": types.get(row["entity_type_id"]),
        "asset_type_id": row["entity_type_id"], "canceled": row["canceled"], "ready_for": str(row["ready_for"]),
        "episode_id": str(row["source_id"] or ""), "casting_episode_ids": episodes.get(row["id"], []),
        "is_casting_standby": row["is_casting_standby"], "is_shared": row["is_shared"], "data": row["data"] or {},
        "tasks": tasks.get(row["id"], []),
    }, compact) for row in entities]


def shot_rows(ctx, conditions: list, compact: bool = False) -> list:
    """Shots with tasks, their sequence and episode names and their frame range (kept in ``data``)."""

    entities = many(ctx, Entity, of_kind("Shot"), *conditions, order_by=(Entity.name, Entity.id))
    add_project_names(entities)
    sequences = parents_of(entities)
    episodes = parents_of([{"parent_id": parent} for _, parent in sequences.values()])
    tasks = _tasks(ctx, _ids("Shot", conditions), SHOT_TASK_FIELDS, compact)
    answer = []
    for row in entities:
        data = row["data"] or {}
        sequence_name, episode_id = sequences.get(row["parent_id"], (None, None))
        answer.append(_as(SHOT_FIELDS, {
            "canceled": row["canceled"], "data": data, "description": row["description"],
            "entity_type_id": row["entity_type_id"], "episode_id": episode_id,
            "episode_name": episodes.get(episode_id, ("", None))[0] or "", "fps": data.get("fps"),
            "frame_in": data.get("frame_in"), "frame_out": data.get("frame_out"), "id": row["id"],
            "name": row["name"], "nb_frames": row["nb_frames"], "parent_id": row["parent_id"],
            "preview_file_id": row["preview_file_id"], "project_id": row["project_id"],
            "project_name": row["project_name"], "sequence_id": row["parent_id"], "sequence_name": sequence_name,
            "source_id": row["source_id"], "nb_entities_out": row["nb_entities_out"],
            "is_casting_standby": row["is_casting_standby"], "tasks": tasks.get(row["id"], []), "type": "Shot",
        }, compact))
    return answer


def entity_rows(ctx, kind: str, conditions: list) -> list:
    """Sequences, episodes or scenes with tasks (Zou's generic board row)."""

    entities = many(ctx, Entity, of_kind(kind), *conditions, order_by=(Entity.name, Entity.id))
    tasks = _tasks(ctx, _ids(kind, conditions), ENTITY_TASK_FIELDS)
    answer = []
    for row in entities:
        data = row["data"] or {}
        answer.append({
            "id": row["id"], "name": row["name"], "status": row["status"] or "running",
            "episode_id": str(row["parent_id"]), "description": row["description"], "frame_in": data.get("frame_in"),
            "frame_out": data.get("frame_out"), "fps": data.get("fps"),
            "preview_file_id": str(row["preview_file_id"] or ""), "canceled": row["canceled"], "data": data,
            "tasks": tasks.get(row["id"], []),
        })
    return answer


def edit_rows(ctx, conditions: list) -> list:
    """Edits with tasks, their project and episode names."""

    entities = add_project_names(many(ctx, Entity, of_kind("Edit"), *conditions, order_by=(Entity.name, Entity.id)))
    episodes = parents_of(entities)
    tasks = _tasks(ctx, _ids("Edit", conditions), EDIT_TASK_FIELDS)
    return [{
        "canceled": row["canceled"], "data": row["data"] or {}, "description": row["description"],
        "entity_type_id": row["entity_type_id"],
        "episode_id": row["parent_id"] if row["parent_id"] in episodes else None,
        "episode_name": episodes.get(row["parent_id"], ("", None))[0] or "", "id": row["id"], "name": row["name"],
        "parent_id": row["parent_id"], "preview_file_id": row["preview_file_id"], "project_id": row["project_id"],
        "project_name": row["project_name"], "source_id": row["source_id"], "nb_entities_out": row["nb_entities_out"],
        "tasks": tasks.get(row["id"], []), "type": "Edit",
    } for row in entities]


def concept_rows(ctx, conditions: list) -> list:
    """Concepts with tasks, the entities they illustrate and the status of their preview."""

    entities = add_project_names(many(ctx, Entity, of_kind("Concept"), *conditions,
                                      order_by=(Entity.name, Entity.id), relations=True))
    tasks = _tasks(ctx, _ids("Concept", conditions), EDIT_TASK_FIELDS)
    previews = {row["preview_file_id"] for row in entities if row["preview_file_id"]}
    statuses = dict(PreviewFile.select(PreviewFile.id, PreviewFile.status)
                    .where(PreviewFile.id.in_(previews)).tuples()) if previews else {}
    answer = []
    for row in entities:
        data = row["data"] or {}
        answer.append({
            "canceled": row["canceled"], "data": data, "description": row["description"],
            "entity_type_id": row["entity_type_id"], "fps": data.get("fps"), "frame_in": data.get("frame_in"),
            "frame_out": data.get("frame_out"), "id": row["id"], "name": row["name"], "nb_frames": row["nb_frames"],
            "parent_id": row["parent_id"], "preview_file_id": row["preview_file_id"],
            "preview_file_status": statuses.get(row["preview_file_id"]),
            "project_id": row["project_id"], "project_name": row["project_name"], "source_id": row["source_id"],
            "nb_entities_out": row["nb_entities_out"], "is_casting_standby": row["is_casting_standby"],
            "tasks": tasks.get(row["id"], []), "entity_concept_links": row["entity_concept_links"],
            "type": "Concept", "updated_at": row["updated_at"], "created_at": row["created_at"],
            "created_by": row["created_by"],
        })
    return answer
