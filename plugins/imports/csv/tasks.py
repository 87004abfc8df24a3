"""The tasks an entity import creates and changes, as Zou's CSV imports do.

- ``ensure``: the "main" task of each (entity, task type) pair, created at
  the default status when missing (new entities get one per task type of
  their workflow), in chunks, each with its ``task:new`` event.
- ``apply``: the task columns' changes, in file order: assignees added (never
  removed; ``task:assign`` and the assignee's notification), then a comment
  when the row has a comment or a status other than the task's, posted by
  the data plugin's comment path (status effects, news, notifications). A
  comment needs a person as author: a caller who is none (the command line
  without ``--as``) is refused at the first such line.
"""

from __future__ import annotations

import uuid

import peewee

from clapboard.plugins.data.engine import many
from clapboard.plugins.data.models import Task, TaskPersonLink
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.data.production.tasks import notify
from clapboard.plugins.data.production.tasks.commenting import post_comment
from clapboard.plugins.data.production.tasks.rows import default_status_id

from .batch import CHUNK, analyze, emit_many, insert
from .reader import CsvError


def ensure(job, pairs: list[tuple], new_entities: set) -> dict:
    """``{(entity id, task type id): task id}`` for ``pairs``, creating the missing tasks."""

    wanted = list(dict.fromkeys(pairs))
    found: dict = {}
    stored = list(dict.fromkeys(entity for entity, _ in wanted if entity not in new_entities))
    for part in peewee.chunked(stored, CHUNK):
        query = Task.select(Task.id, Task.entity, Task.task_type).where(Task.entity.in_(part))
        for task_id, entity, task_type in query.order_by(Task.created_at.desc()).tuples():
            found[(entity, task_type)] = task_id
    missing = [pair for pair in wanted if pair not in found]
    if not missing:
        return found
    now, status = utcnow(), default_status_id()
    new = [{"id": uuid.uuid4(), "name": "main", "project": job.project_id, "entity": entity, "task_type": task_type,
            "task_status": status, "assigner": job.author, "created_at": now, "updated_at": now}
           for entity, task_type in missing]
    insert(Task, new)
    analyze(Task, len(new))
    emit_many(job.ctx, "task:new", [{"task_id": row["id"]} for row in new], job.project_id)
    job.stats.update(tasks_created=len(new))
    found.update({(row["entity"], row["task_type"]): row["id"] for row in new})
    return found


def _assign(job, wanted: list[tuple]) -> None:
    """Add the ``(task id, person id)`` assignments not made yet."""

    tasks = list(dict.fromkeys(task for task, _ in wanted))
    made = set()
    for part in peewee.chunked(tasks, CHUNK):
        made |= set(TaskPersonLink.select(TaskPersonLink.task, TaskPersonLink.person)
                    .where(TaskPersonLink.task.in_(part)).tuples())
    new = [pair for pair in dict.fromkeys(wanted) if pair not in made]
    if not new:
        return
    insert(TaskPersonLink, [{"task": task, "person": person} for task, person in new])
    changed = list(dict.fromkeys(task for task, _ in new))
    for part in peewee.chunked(changed, CHUNK):
        Task.update(assigner=job.author, updated_at=utcnow()).where(Task.id.in_(part)).execute()
    emit_many(job.ctx, "task:assign", [{"task_id": task, "person_id": person} for task, person in new],
              job.project_id)
    by_task: dict = {}
    for task, person in new:
        by_task.setdefault(task, []).append(person)
    for task, people in by_task.items():
        notify.notify(job.ctx, people, "assignation", job.author, job.project_id, task)
    job.stats.update(assignments=len(new))


def _statuses(task_ids: list) -> dict:
    found = {}
    for part in peewee.chunked(list(dict.fromkeys(task_ids)), CHUNK):
        found.update(Task.select(Task.id, Task.task_status).where(Task.id.in_(part)).tuples())
    return found


def _tasks(job, task_ids: list) -> dict:
    found = {}
    for part in peewee.chunked(list(dict.fromkeys(task_ids)), CHUNK):
        found.update({task["id"]: task for task in many(job.ctx, Task, Task.id.in_(part), check=False)})
    return found


def apply(job, changes: list[tuple], task_ids: dict) -> None:
    """Apply ``(entity id, TaskChange)`` pairs to the tasks ``task_ids`` maps (see the module's rules)."""

    if not changes:
        return
    _assign(job, [(task_ids[(entity, change.task_type_id)], person)
                  for entity, change in changes for person in change.assignees])
    asked = [(task_ids[(entity, change.task_type_id)], change) for entity, change in changes
             if change.comment is not None or change.status_id is not None]
    statuses = _statuses([task_id for task_id, _ in asked])
    commented = []  # a status a task has already, without a comment, posts nothing
    for task_id, change in asked:
        if change.comment is not None or change.status_id != statuses[task_id]:
            commented.append((task_id, change))
            statuses[task_id] = change.status_id or statuses[task_id]
    tasks = _tasks(job, [task_id for task_id, _ in commented])
    for task_id, change in commented:
        task = tasks[task_id]
        if change.comment is None and change.status_id == task["task_status_id"]:
            continue
        if job.author is None:
            raise CsvError("A comment or a new task status needs a person as its author; "
                           "the command line names one with --as EMAIL.", change.line)
        post_comment(job.ctx, task, {"task_status_id": str(change.status_id or task["task_status_id"]),
                                     "comment": change.comment or "", "person_id": str(job.author)})
        job.stats.update(comments=1)
