"""Schedule items of one task type per asset type, episode, sequence or edit (Kitsu's schedule page).

Expanding a task type on Kitsu's schedule asks for one item per asset type
(or episode, sequence, edit) of the project. As in Zou, a missing item is
created by the read itself, planned for today and tomorrow, with a
``schedule-item:new`` event; an item whose entity is gone stays stored but is
left out. Each item carries the name of what it plans and the list is sorted
by that name. ``episode_id`` narrows the list to one episode (asset types:
those with assets made for or cast in it). The project's team reads, except
vendors (Zou blocks vendors only; clients read their productions' schedule).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ...crud.values import parse_id
from ...engine import asset_type_ids, context, emit, kind_id, many, require
from ...models import Entity, EntityLink, EntityType, ScheduleItem, TaskType
from .access import readable_project
from .planning import SCHEDULE_ITEM_CARD


def _asset_types(project_id, episode_id):
    """(id, name) of the asset types of the project's assets (of one episode when given), as Zou."""

    assets = Entity.select(Entity.entity_type).where(Entity.project == project_id,
                                                     Entity.entity_type.in_(asset_type_ids()))
    if episode_id is not None:
        cast_in = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == episode_id)
        assets = assets.where((Entity.source == episode_id) | Entity.id.in_(cast_in))
    return EntityType.select(EntityType.id, EntityType.name).where(EntityType.id.in_(assets))


def _entities(kind: str, parent_of_episode: bool):
    def query(project_id, episode_id):
        found = Entity.select(Entity.id, Entity.name).where(Entity.project == project_id,
                                                            Entity.entity_type == kind_id(kind))
        if kind == "Edit":  # Zou leaves canceled edits out
            found = found.where(Entity.canceled == False)  # noqa: E712
        if episode_id is not None:
            found = found.where(Entity.parent == episode_id if parent_of_episode else Entity.id == episode_id)
        return found
    return query


PLANNED = {
    "asset-types": _asset_types,
    "episodes": _entities("Episode", parent_of_episode=False),
    "sequences": _entities("Sequence", parent_of_episode=True),
    "edits": _entities("Edit", parent_of_episode=True),
}


def _create_missing(ctx, project_id, task_type_id, names: dict, object_ids) -> None:
    """One item per planned object without one; idempotent when two readers race."""

    item = ScheduleItem
    planned = item.select(item.object_id).where(item.project == project_id, item.task_type == task_type_id,
                                                item.object_id.in_(object_ids))
    missing = set(names) - {str(object_id) for (object_id,) in planned.tuples()}
    if not missing:
        return
    today = date.today()
    fresh = [{"id": uuid.uuid4(), "project": project_id, "task_type": task_type_id, "object_id": uuid.UUID(object_id),
              "start_date": today, "end_date": today + timedelta(days=1)} for object_id in sorted(missing)]
    with ctx.app.transaction():
        item.insert_many(fresh).on_conflict_ignore().execute()
        created = item.select(item.id).where(item.id.in_([row["id"] for row in fresh]))
        for (row_id,) in created.tuples():
            emit(ctx, "schedule-item:new", {"schedule_item_id": row_id}, project_id)


class EntityScheduleItemsResource:
    def __init__(self, planned: str):
        self.objects = PLANNED[planned]

    def on_get(self, req, resp, project_id, task_type_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        require(ctx, ScheduleItem, "read", row={"project_id": project["id"]})
        task_type_id = parse_id(task_type_id)
        if not TaskType.select().where(TaskType.id == task_type_id).exists():
            raise NotFound(f"TaskType {task_type_id} not found.")
        episode_id = req.params.get("episode_id") or None
        episode_id = parse_id(episode_id) if episode_id is not None else None
        objects = self.objects(project["id"], episode_id)
        names = {str(object_id): name for object_id, name in objects.tuples()}
        object_ids = objects.select(objects.selected_columns[0])
        if names:
            _create_missing(ctx, project["id"], task_type_id, names, object_ids)
        item = ScheduleItem
        found = many(ctx, item, item.project == project["id"], item.task_type == task_type_id,
                     item.object_id.in_(object_ids))
        answer = [{**{key: row[key] for key in SCHEDULE_ITEM_CARD}, "name": names[str(row["object_id"])]}
                  for row in found if str(row["object_id"]) in names]
        resp.media = sorted(answer, key=lambda row: (row["name"], row["id"]))


def routes() -> list:
    base = "/data/projects/{project_id}/schedule-items/{task_type_id}"
    return [
        Route(f"{base}/{planned}", EntityScheduleItemsResource(planned), tags=("data",), operations={"GET": Operation(
            summary=f"Schedule items of a task type, one per {planned[:-1].replace('-', ' ')} of the project",
            description="Missing items are created on the read, planned for today and tomorrow "
                        "(`schedule-item:new`), as in Zou. `episode_id` narrows the list to one episode. "
                        "Each item carries the `name` of what it plans; sorted by name. Vendors are refused.",
            response_schema="data/production/projects/schedule#/$defs/entity_items",
            operation_id=f"list_project_{planned.replace('-', '_')}_schedule_items")})
        for planned in PLANNED
    ]
