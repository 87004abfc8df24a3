"""A person's tasks: open ones, done ones, and the tasks of one type on the entities they work on.

As in Zou, anybody may ask (a vendor only for their own), for a person who is
not a bot; the lists hold the tasks of open productions the asker belongs to
(every open production for admins), and clients and vendors find them empty.
Every list is also cut to the tasks the asker may read, so it never shows a
task whose own route would refuse them.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..engine import context, many, mask_joined_task_rows, one
from ..models import Entity, Project, Task, TaskPersonLink, TaskStatus, TaskType
from ..production.projects import open_project_ids
from ..production.tasks.todo_rows import by_end_date, todo_rows
from . import subjects

TODO_ROWS = "data/production/tasks/answers#/$defs/todo_rows"


def asked_person(ctx, person_id) -> dict:
    """The person whose tasks are asked for: 404 when unknown, 403 for a bot or when refused."""

    person = subjects.person(ctx, person_id)
    subjects.require_on(ctx, "read-tasks", person)
    return person


def assigned_tasks(ctx, person_id, done: bool) -> list[dict]:
    person = asked_person(ctx, person_id)
    if not ctx.app.allowed(ctx.actor, "data.persons.see-tasks"):
        return []
    assigned = TaskPersonLink.select(TaskPersonLink.task).where(TaskPersonLink.person == person["id"])
    reached = open_project_ids(*ctx.app.scope(ctx.actor, Project, "read"))
    conditions = [Task.id.in_(assigned), Task.project.in_(reached), TaskStatus.is_done == done,
                  *ctx.app.scope(ctx.actor, Task, "read")]
    found = todo_rows(conditions, by_end_date() if done else (Task.created_at,))
    return mask_joined_task_rows(ctx.app, ctx.actor, found)


def related_tasks(ctx, person_id, task_type_id) -> list[dict]:
    """Tasks of ``task_type_id`` on the entities of open productions where the person holds a task."""

    person = asked_person(ctx, person_id)
    task_type = one(ctx, TaskType, task_type_id, relations=False)
    entities = (Entity.select(Entity.id).join(Task, on=(Task.entity == Entity.id))
                .join(TaskPersonLink, on=(TaskPersonLink.task == Task.id))
                .where(TaskPersonLink.person == person["id"], Entity.project.in_(open_project_ids())))
    return many(ctx, Task, Task.entity.in_(entities), Task.task_type == task_type["id"],
                order_by=(Task.created_at, Task.id))


class PersonTasks:
    def on_get(self, req, resp, person_id):
        resp.media = assigned_tasks(context(req), person_id, done=False)


class PersonDoneTasks:
    def on_get(self, req, resp, person_id):
        resp.media = assigned_tasks(context(req), person_id, done=True)


class PersonRelatedTasks:
    def on_get(self, req, resp, person_id, task_type_id):
        resp.media = related_tasks(context(req), person_id, task_type_id)


def routes() -> list[Route]:
    base = "/data/persons/{person_id}"
    return [
        Route(base + "/tasks", PersonTasks(), tags=("data",), operations={"GET": Operation(
            summary="A person's not-done tasks in open productions, with their names and last comment",
            response_schema=TODO_ROWS)}),
        Route(base + "/done-tasks", PersonDoneTasks(), tags=("data",), operations={"GET": Operation(
            summary="A person's done tasks in open productions, latest end first",
            response_schema=TODO_ROWS)}),
        Route(base + "/related-tasks/{task_type_id}", PersonRelatedTasks(), tags=("data",), operations={
            "GET": Operation(summary="Tasks of a type on the entities where a person holds a task",
                             response_schema="data/production/tasks/answers#/$defs/tasks")}),
    ]
