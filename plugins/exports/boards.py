"""Assets, shots and edits as Zou exports them: the entity's columns, its metadata, then its tasks.

Each row starts with the kind's own columns (a shot's episode, sequence and
frame range…), then one column per metadata descriptor of the kind, then
for every task type holding a task on the exported entities (by task type
priority, then name) the task's status short name and its assignees' full
names (``,``-joined), as Zou's ``export/csv/{assets,shots,edits}.py`` do.
Assignees come by name (Zou leaves their order to the database), so an
export, imported and exported again, gives the same file.
"Time Spent" is the sum of the tasks' durations in days of 8 hours.

The entities are read a batch at a time in the export's order; each batch's
tasks and assignees take two more queries, so memory holds one batch
whatever the production's size. The header needs the task types first: one
``SELECT DISTINCT`` over the same tasks. Rows are those the policy lets the
actor read (``app.scope``), their ``data`` masked as the engine masks it; a
client of the production sees no assignees and no time, as Zou blanks them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from clapboard.db import is_sqlite
from clapboard.plugins.data.models import Entity, Person, Task, TaskPersonLink

from . import csvfile, lookups
from .access import project_role
from .batches import Among, BatchReader, json_decoders, raw


@dataclass
class Board:
    """What differs between the three exports.

    ``base`` selects the kind's entities of the project (joins and filters);
    ``fields`` are its columns, ``id`` and ``data`` first; ``order`` sorts
    them as Zou does; ``cells(values, data, time_spent)`` gives the leading
    cells of a row from the other columns.
    """

    kind: str
    label: str
    headers: list[str]
    base: object
    fields: list
    order: list
    cells: Callable[[tuple, dict, str], list]


def assigned_filter(ctx) -> Callable | None:
    """``?assigned_to``: only the entities and tasks assigned to the caller (Zou's ``build_assignee_filter``)."""

    if "assigned_to" not in ctx.params:
        return None
    person = str(ctx.actor.id) if ctx.actor is not None and ctx.actor.id is not None else None
    link = TaskPersonLink
    return lambda task: task.id.in_(link.select(link.task).where(link.person == person))


def task_conditions(ctx) -> list:
    conditions = list(ctx.app.scope(ctx.actor, Task, "read"))
    assigned = assigned_filter(ctx)
    if assigned is not None:
        conditions.append(assigned(Task))
    return conditions


def entity_conditions(ctx) -> list:
    """The policy's scope on entities, and ``?assigned_to`` (entities holding a task assigned to the caller)."""

    conditions = list(ctx.app.scope(ctx.actor, Entity, "read"))
    assigned = assigned_filter(ctx)
    if assigned is not None:
        task = Task.alias("assigned_task")
        conditions.append(Entity.id.in_(task.select(task.entity).where(assigned(task))))
    return conditions


def code_point_order(db, *expressions) -> list:
    """Ascending, text compared by code point as Python's ``sorted`` (Zou sorts these exports in Python).

    SQLite compares text that way already; PostgreSQL needs the "C" collation,
    whatever the database's own.
    """

    collation = None if is_sqlite(db) else '"C"'
    return [e.asc(collation=collation) for e in expressions]


def time_spent(minutes: float) -> str:
    return f"{minutes / 8.0 / 60.0 if minutes > 0 else 0:.2f}"


def _columns(db, ids_query, conditions: list, types: dict) -> list[str]:
    """Task type names holding a task on the exported entities, by priority then name (Zou dedups by name)."""

    query = Task.select(Task.task_type).distinct().where(Task.entity.in_(ids_query), *conditions)
    found = {}
    for (type_id,) in raw(db, query):
        name, priority = types.get(type_id, (None, 0))
        if name is not None:
            found[name] = priority
    return [name for name, _ in sorted(found.items(), key=lambda item: (item[1], item[0]))]


class _Tasks:
    """A batch's tasks: ``{entity id: ({type name: (status, assignees)}, minutes)}`` in two queries."""

    def __init__(self, ctx, conditions: list, types: dict, statuses: dict, blank: bool):
        self.types, self.statuses, self.blank = types, statuses, blank
        db, link = ctx.app.db, TaskPersonLink
        self.tasks = Among(db, lambda batch: (
            Task.select(Task.entity, Task.id, Task.task_type, Task.task_status, Task.duration)
            .where(Task.entity.in_(batch), *conditions).order_by(Task.created_at, Task.id)))
        self.names = Among(db, lambda batch: (
            link.select(link.task, Person.first_name, Person.last_name)
            .join(Person, on=(link.person == Person.id)).where(link.task.in_(batch))
            .order_by(Person.first_name, Person.last_name, Person.id)))

    def of(self, entity_ids: list) -> dict:
        """Keyed by the entity ids as stored (those of the batch's rows)."""

        rows = self.tasks.rows(entity_ids)
        names = defaultdict(list)
        if rows and not self.blank:
            for task_id, first, last in self.names.rows([row[1] for row in rows]):
                names[task_id].append(lookups.full_name(first, last))
        found: dict = {}
        for entity_id, task_id, type_id, status_id, duration in rows:
            columns, minutes = found.get(entity_id, ({}, 0))
            name = self.types.get(type_id, (None,))[0]
            columns[name] = (self.statuses.get(status_id, ""), ",".join(names.get(task_id, ())))
            found[entity_id] = (columns, minutes + (0 if self.blank or duration is None else duration))
        return found


def export(ctx, project: dict, board: Board) -> csvfile.Export:
    mask = lookups.masker(ctx)
    project_id = project["id"]
    descriptors = lookups.descriptors(ctx.app, mask, project_id, board.kind)
    db = ctx.app.db
    types, statuses = lookups.task_types(db), lookups.status_names(db=db)
    conditions = task_conditions(ctx)
    columns = _columns(db, board.base.select(Entity.id).order_by(), conditions, types)
    blank = project_role(ctx.actor, project_id) == "client" if ctx.actor.id is not None else False
    tasks = _Tasks(ctx, conditions, types, statuses, blank)
    headers = board.headers + [d.name for d in descriptors] + [c for name in columns for c in (name, "Assignations")]
    reader = BatchReader(db, board.base.select(*board.fields).order_by(*board.order), json_decoders(db, board.fields))

    def batches():
        for batch in reader:
            by_entity = tasks.of([values[0] for values in batch])
            rows = []
            for values in batch:
                data = values[1] if isinstance(values[1], dict) else {}
                if mask is not None:
                    data = mask.clean(data, project_id, board.kind)
                found, minutes = by_entity.get(values[0], ({}, 0))
                row = board.cells(values[2:], data, time_spent(minutes))
                row.extend(d.cell(data) for d in descriptors)
                for name in columns:
                    row.extend(found.get(name, ("", "")))
                rows.append(row)
            yield rows

    return csvfile.build(f"{project['name']} {board.label}", csvfile.PROJECT_CSV, [headers], batches(),
                         csvfile.escaping(ctx.app), total=lambda: board.base.select(Entity.id).order_by().count(),
                         source=reader)
