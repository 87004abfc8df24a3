"""GET ``/data/tasks/<id>/full``: a task with everything gazu's ``get_task`` shows about it.

The task is read with ``one()`` (404 when out of reach); the rows around it
(entity, project, type, status, people) are embedded the way Zou embeds them:
plain columns, the entity typed "Entity", persons as the actor may see them.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ...actors import acting_person
from ...crud import rows
from ...crud.meta import info
from ...engine import context, one
from ...models import Entity, EntityType, Project, Subscription, Task, TaskStatus, TaskType
from .rows import kind_of, persons, plain_entity


def _reference(model, row_id) -> dict | None:
    return rows.fetch_one(info(model), row_id, False, derived_mode=None) if row_id else None


def _parents(entity: dict) -> dict:
    """``sequence``/``episode`` of a shot, ``episode`` of a sequence (columns, typed by kind)."""

    found = {}
    kind = kind_of(entity)
    if kind not in ("Shot", "Sequence") or not entity.get("parent_id"):
        return found
    parent = _reference(Entity, entity["parent_id"])
    if parent is None:
        return found
    if kind == "Sequence":
        found["episode"] = parent
        return found
    found["sequence"] = parent
    episode = _reference(Entity, parent.get("parent_id"))
    if episode is not None:
        found["episode"] = episode
    return found


def full_task(ctx, task_id) -> dict:
    task = one(ctx, Task, task_id)
    entity = one(ctx, Entity, task["entity_id"], relations=False) if task.get("entity_id") else None
    me = acting_person(ctx.actor)
    people = persons(ctx, task["assignees"])
    assigner = persons(ctx, [task.get("assigner_id")], departments=True)
    task.update({
        "entity": plain_entity(entity) if entity else None,
        "entity_type": _reference(EntityType, entity["entity_type_id"]) if entity else None,
        "is_subscribed": bool(me) and Subscription.select().where(
            Subscription.person == me, Subscription.task == task["id"]).exists(),
        "persons": [people[p] for p in task["assignees"] if p in people],
        "project": one(ctx, Project, task["project_id"], relations=False) if task.get("project_id") else None,
        "task_status": _reference(TaskStatus, task["task_status_id"]),
        "task_type": _reference(TaskType, task["task_type_id"]),
        "assigner": assigner.get(task.get("assigner_id")),
    })
    if entity:
        task.update(_parents(entity))
    return task


class TaskFull:
    def on_get(self, req, resp, task_id):
        resp.media = full_task(context(req), task_id)


def routes() -> list[Route]:
    return [Route("/data/tasks/{task_id}/full", TaskFull(), tags=("data",), operations={
        "GET": Operation(summary="A task with its entity, project, type, status and people",
                         response_schema="data/production/tasks/answers#/$defs/full_task")})]
