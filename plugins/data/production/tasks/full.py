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
from ...engine import context, masked, one, reference
from ...models import Entity, EntityType, Project, Subscription, Task, TaskStatus, TaskType
from .rows import kind_of, persons, plain_entity


def _parents(entity: dict) -> dict:
    """``sequence``/``episode`` of a shot, ``episode`` of a sequence (columns, typed by kind), in one query."""

    found = {}
    kind = kind_of(entity)
    if kind not in ("Shot", "Sequence") or not entity.get("parent_id"):
        return found
    grand = Entity.select(Entity.parent).where(Entity.id == entity["parent_id"])
    model_info = info(Entity)
    near = {row["id"]: row for row in rows.fetch_page(model_info, rows.select(model_info).where(
        (Entity.id == entity["parent_id"]) | Entity.id.in_(grand)), False)}
    parent = near.get(entity["parent_id"])
    if parent is None:
        return found
    if kind == "Sequence":
        found["episode"] = parent
        return found
    found["sequence"] = parent
    episode = near.get(parent.get("parent_id"))
    if episode is not None:
        found["episode"] = episode
    return found


def full_task(ctx, task_id) -> dict:
    task = one(ctx, Task, task_id)
    entity = one(ctx, Entity, task["entity_id"], relations=False) if task.get("entity_id") else None
    me = acting_person(ctx.actor)
    # Departments come with the assigner in Zou's answer; the assignees' are left out.
    people = persons(ctx, [*task["assignees"], task.get("assigner_id")], departments=True)
    assigner = people.get(task.get("assigner_id"))
    people = {key: {k: v for k, v in row.items() if k != "departments"} for key, row in people.items()}
    task.update({
        "entity": plain_entity(entity) if entity else None,
        "entity_type": reference(EntityType, entity["entity_type_id"]) if entity else None,
        "is_subscribed": bool(me) and Subscription.select().where(
            Subscription.person == me, Subscription.task == task["id"]).exists(),
        "persons": [people[p] for p in task["assignees"] if p in people],
        "project": one(ctx, Project, task["project_id"], relations=False) if task.get("project_id") else None,
        "task_status": reference(TaskStatus, task["task_status_id"]),
        "task_type": reference(TaskType, task["task_type_id"]),
        "assigner": assigner,
    })
    if entity:
        parents = _parents(entity)
        masked(ctx, Entity, list(parents.values()))
        task.update(parents)
    return task


class TaskFull:
    def on_get(self, req, resp, task_id):
        resp.media = full_task(context(req), task_id)


def routes() -> list[Route]:
    return [Route("/data/tasks/{task_id}/full", TaskFull(), tags=("data",), operations={
        "GET": Operation(summary="A task with its entity, project, type, status and people",
                         response_schema="data/production/tasks/answers#/$defs/full_task")})]
