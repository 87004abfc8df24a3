"""The user's tasks on one asset, shot, scene or sequence, and the task types of those tasks.

As in Zou: the tasks of the entity assigned to the user in an open
production, as plain task rows, and the task types they belong to. The entity
must be of the route's kind and one the user reaches (404 otherwise).
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..engine import context, many
from ..models import Task, TaskType
from ..production.entities.rows import ASSET, read_entity
from .me import READ, my_entity_tasks

ANSWERS = "data/user/answers#/$defs/"
KINDS = (("assets", ASSET), ("shots", "Shot"), ("scenes", "Scene"), ("sequences", "Sequence"))


def _task_conditions(ctx, kind, entity_id) -> list:
    entity = read_entity(ctx, kind, entity_id)
    return [Task.entity == entity["id"], *my_entity_tasks(ctx)]


def entity_tasks(ctx, kind, entity_id) -> list[dict]:
    return many(ctx, Task, *_task_conditions(ctx, kind, entity_id), order_by=(Task.name, Task.created_at, Task.id))


def entity_task_types(ctx, kind, entity_id) -> list[dict]:
    used = Task.select(Task.task_type).where(*_task_conditions(ctx, kind, entity_id))
    return many(ctx, TaskType, TaskType.id.in_(used), order_by=(TaskType.priority, TaskType.name, TaskType.id))


class _EntityView:
    def __init__(self, build, kind):
        self.build, self.kind = build, kind

    def on_get(self, req, resp, **fields):
        (entity_id,) = fields.values()
        resp.media = self.build(context(req), self.kind, entity_id)


def routes() -> list[Route]:
    found = []
    for plural, kind in KINDS:
        label = kind.lower()
        found += [
            Route(f"/data/user/{plural}/{{{label}_id}}/tasks", _EntityView(entity_tasks, kind), tags=("data",),
                  operations={"GET": Operation(
                      summary=f"The user's tasks on a {label}", response_schema=ANSWERS + "tasks", action=READ,
                      description="Tasks of the entity assigned to the user in an open production.")}),
            Route(f"/data/user/{plural}/{{{label}_id}}/task-types", _EntityView(entity_task_types, kind),
                  tags=("data",), operations={"GET": Operation(
                      summary=f"Task types of the user's tasks on a {label}", response_schema=ANSWERS + "task_types",
                      action=READ)}),
        ]
    return found
