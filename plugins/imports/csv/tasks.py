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
from clapboard.plugins.data.models import Notification, Task, TaskPersonLink
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.data.production.tasks.commenting import post_comment
from clapboard.plugins.data.production.tasks.rows import default_status_id

from .batch import CHUNK, analyze, emit_many, insert, update_each
from .reader import CsvError


def _read(job, query, column, ids: list):
    """The rows of ``query`` whose ``column`` is one of ``ids``: by lists of ids when they are few, else
    the project's rows in one statement (many ``IN`` lists of 500 ids are slower, and PostgreSQL may
    plan them once for a table it saw small)."""

    if len(ids) <= CHUNK:
        return list(query.where(column.in_(ids)).tuples()) if ids else []
    wanted = set(ids)
    return [row for row in query.where(Task.project == job.project_id).tuples() if row[0] in wanted]


class TaskIds(dict):
    """``{(entity id, task type id): task id}``; ``created`` holds the ids of the tasks made here."""

    created: frozenset = frozenset()


def ensure(job, pairs: list[tuple], new_entities: set) -> TaskIds:
    """The tasks of ``pairs``, creating the missing ones."""

    wanted = list(dict.fromkeys(pairs))
    found = TaskIds()
    stored = list(dict.fromkeys(entity for entity, _ in wanted if entity not in new_entities))
    query = Task.select(Task.entity, Task.task_type, Task.id).order_by(Task.created_at.desc())
    for entity, task_type, task_id in _read(job, query, Task.entity, stored):
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
    found.created = frozenset(row["id"] for row in new)
    return found


def _assign(job, wanted: list[tuple], created: frozenset) -> None:
    """Add the ``(task id, person id)`` assignments not made yet; the tasks not ``created`` here
    (whose assigner is the author already) name the author as their assigner."""

    tasks = list(dict.fromkeys(task for task, _ in wanted))
    query = (TaskPersonLink.select(TaskPersonLink.task, TaskPersonLink.person)
             .join(Task, on=(Task.id == TaskPersonLink.task)))
    made = set(_read(job, query, TaskPersonLink.task, tasks))
    new = [pair for pair in dict.fromkeys(wanted) if pair not in made]
    if not new:
        return
    insert(TaskPersonLink, [{"task": task, "person": person} for task, person in new])
    now = utcnow()
    update_each(Task, [{"id": task, "assigner": job.author, "updated_at": now}
                       for task in dict.fromkeys(task for task, _ in new) if task not in created])
    emit_many(job.ctx, "task:assign", [{"task_id": task, "person_id": person} for task, person in new],
              job.project_id)
    _notify(job, new)
    job.stats.update(assignments=len(new))


def _notify(job, assigned: list[tuple]) -> None:
    """The assignees' "assignation" notifications, as the data plugin's ``notify`` writes them (never the
    author's own, none without an author), in one go."""

    if job.author is None:
        return
    now = utcnow()
    new = [{"id": uuid.uuid4(), "person": person, "author": job.author, "notification_type": "assignation",
            "task": task, "comment": None, "reply_id": None, "change": False, "read": False,
            "created_at": now, "updated_at": now} for task, person in assigned if person != job.author]
    insert(Notification, new)
    emit_many(job.ctx, "notification:new", [{"notification_id": row["id"], "person_id": row["person"]}
                                            for row in new], job.project_id)


def _statuses(job, task_ids: list) -> dict:
    query = Task.select(Task.id, Task.task_status)
    return dict(_read(job, query, Task.id, list(dict.fromkeys(task_ids))))


def _tasks(job, task_ids: list) -> dict:
    found = {}
    for part in peewee.chunked(list(dict.fromkeys(task_ids)), CHUNK):
        found.update({task["id"]: task for task in many(job.ctx, Task, Task.id.in_(part), check=False)})
    return found


def apply(job, changes: list[tuple], task_ids: TaskIds) -> None:
    """Apply ``(entity id, TaskChange)`` pairs to the tasks ``task_ids`` maps (see the module's rules)."""

    if not changes:
        return
    _assign(job, [(task_ids[(entity, change.task_type_id)], person)
                  for entity, change in changes for person in change.assignees], task_ids.created)
    asked = [(task_ids[(entity, change.task_type_id)], change) for entity, change in changes
             if change.comment is not None or change.status_id is not None]
    statuses = _statuses(job, [task_id for task_id, _ in asked])
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
