"""Assigning people to tasks and clearing assignments (``data.tasks.assign``).

Each task is read with ``many()`` (tasks out of reach are a 404) and checked
with the policy's assign action, whose ``changes`` name the person assigned
or unassigned: a supervisor may only move people of their departments, an
artist only themselves. Events are Zou's ``task:assign`` / ``task:unassign``.
"""

from __future__ import annotations

import uuid

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ...actors import acting_person
from ...crud.values import parse_id
from ...engine import context, emit, ids_param, insert_missing, lock, many, require, validated
from ...models import Person, Task, TaskPersonLink
from ...models.base import utcnow
from . import notify

TASK_ROWS = "data/production/tasks/answers#/$defs/tasks"


def _tasks(ctx, task_ids) -> list[dict]:
    """The asked tasks, in the asked order; 404 naming those the actor does not reach."""

    found = {t["id"]: t for t in many(ctx, Task, Task.id.in_(task_ids), relations=True)}
    missing = [str(i) for i in task_ids if i not in found]
    if missing:
        raise NotFound(f"Task(s) not found: {', '.join(missing)}.")
    return [found[i] for i in dict.fromkeys(task_ids)]


def _person(person_id) -> uuid.UUID:
    person_id = person_id if isinstance(person_id, uuid.UUID) else parse_id(person_id)
    if not Person.select().where(Person.id == person_id).exists():
        raise NotFound(f"Person {person_id} not found.")
    return person_id


def assign(ctx, person_id, task_ids) -> list[dict]:
    """Add ``person_id`` to each task's assignees (already assigned: unchanged); answer the tasks."""

    person_id = _person(person_id)
    tasks = _tasks(ctx, task_ids)
    for task in tasks:
        require(ctx, Task, "assign", row=task, changes={"person_id": person_id})
    author = acting_person(ctx.actor)
    by_id = {task["id"]: task for task in tasks}
    lock(Task, by_id)  # in id order: requests assigning overlapping sets queue, never cross
    added = insert_missing(TaskPersonLink, [{"task": task_id, "person": person_id} for task_id in by_id],
                           (TaskPersonLink.task, TaskPersonLink.person), returning=(TaskPersonLink.task,))
    added_ids = sorted((task_id for (task_id,) in added), key=str)
    if added_ids:
        Task.update(assigner=author, updated_at=utcnow()).where(Task.id.in_(added_ids)).execute()
    for task_id in added_ids:
        task = by_id[task_id]
        task["assignees"].append(person_id)
        emit(ctx, "task:assign", {"task_id": task["id"], "person_id": person_id}, task["project_id"])
        notify.assigned(ctx, task, person_id, author)
    refreshed = {t["id"]: t for t in many(ctx, Task, Task.id.in_([t["id"] for t in tasks]), relations=True)}
    return [refreshed[t["id"]] for t in tasks]


class AssignTasksToPerson:
    """PUT ``/actions/persons/<id>/assign`` ``{"task_ids": [...]}``."""

    def on_put(self, req, resp, person_id):
        ctx = context(req)
        body = validated(req, "data/production/tasks/assign")
        resp.media = assign(ctx, person_id, ids_param(body["task_ids"], "task_ids"))


class AssignTask:
    """PUT ``/actions/tasks/<id>/assign`` ``{"person_id": ...}``: one task, answered alone."""

    def on_put(self, req, resp, task_id):
        ctx = context(req)
        body = validated(req, "data/production/tasks/assign_one")
        resp.media = assign(ctx, body["person_id"], [parse_id(task_id)])[0]


class ClearAssignation:
    """PUT ``/actions/tasks/clear-assignation`` ``{"task_ids", "person_id"?}``: answers the task ids."""

    def on_put(self, req, resp):
        ctx = context(req)
        body = validated(req, "data/production/tasks/clear_assignation")
        tasks = _tasks(ctx, ids_param(body["task_ids"], "task_ids"))
        only = _person(body["person_id"]) if body.get("person_id") else None
        removals = [(task, person) for task in tasks for person in task["assignees"] if only in (None, person)]
        for task, person in removals:
            require(ctx, Task, "assign", row=task, changes={"person_id": person})
        for task, person in removals:
            TaskPersonLink.delete().where(TaskPersonLink.task == task["id"], TaskPersonLink.person == person).execute()
            emit(ctx, "task:unassign", {"task_id": task["id"], "person_id": person}, task["project_id"])
        resp.media = [str(task["id"]) for task in tasks]


def routes() -> list[Route]:
    return [
        Route("/actions/persons/{person_id}/assign", AssignTasksToPerson(), tags=("data",), operations={
            "PUT": Operation(summary="Assign tasks to a person", request_schema="data/production/tasks/assign",
                             response_schema=TASK_ROWS)}),
        Route("/actions/tasks/{task_id}/assign", AssignTask(), tags=("data",), operations={
            "PUT": Operation(summary="Assign a task to a person", request_schema="data/production/tasks/assign_one",
                             response_schema="data/tasks#/$defs/row")}),
        Route("/actions/tasks/clear-assignation", ClearAssignation(), tags=("data",), operations={
            "PUT": Operation(summary="Unassign a person (default: everybody) from tasks",
                             request_schema="data/production/tasks/clear_assignation",
                             response_schema="data/production/tasks/answers#/$defs/ids")}),
    ]
