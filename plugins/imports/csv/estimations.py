"""``POST /import/csv/projects/{id}[/episodes/{id}]/task-types/{id}/estimations``: a task type's planning.

Columns as Zou reads them: Parent and Entity name the task's entity — an
asset type and an asset for an asset task type (assets of the episode, on an
episode's route), a sequence and a shot for a shot task type (sequences of
the episode, on an episode's route) — compared as slugs (``matching``).
Estimation (days, stored in minutes: days × the studio's hours a day × 60),
Drawings, Start date and Due date (YYYY-MM-DD; without a due date, a start
date and an estimation give one, that many business days on, as Zou
computes it), Difficulty (1 to 5), and the columns named like one of the
task type's task descriptors, stored in the task's ``data`` (other keys
kept). Empty cells change nothing.

Each task is written through the data plugin's service (policy, ``data``
checks, ``task:update``), all in the request's one transaction: the first
bad line (an entity or task not found, a bad value, a refused ``data``
value) refuses the file and nothing is written. The answer is Zou's: one
``null`` per line.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import ENTITY_KINDS, kind_id
from clapboard.plugins.data.models import Entity, EntityType, Organisation, Task, TaskType

from .cells import number, whole
from .descriptors import DescriptorColumns
from .lookups import People
from .matching import Index, key
from .project import require_manager, start
from .reader import CsvError

required = ("Parent", "Entity")
KINDS = ("Asset", "Shot")


def _by_id_or_name(model, value: str, kind: str, *where):
    """The row of ``model`` with id or (case aside) name ``value``: 404 when none, 400 when ambiguous."""

    text = str(value or "").strip()
    try:
        found = list(model.select().where(model.id == parse_id(text), *where))
    except BadRequest:
        query = model.select().where(*where) if where else model.select()
        found = [row for row in query if row.name.strip().lower() == text.lower()]
    if not found:
        raise NotFound(f"{kind} {text!r} not found.")
    if len(found) > 1:
        raise BadRequest(f"Several {kind.lower()}s are named {text!r}: give its id.")
    return found[0]


def check(job) -> None:
    """Managers only; the task type (and the episode, on an episode's route) found before the file is read."""

    require_manager(job)
    options = job.options
    wanted = options.get("task_type_id") or options.get("task_type")
    if not wanted:
        raise BadRequest("Name the task type whose estimations the file holds (--task-type, name or id).")
    task_type = _by_id_or_name(TaskType, wanted, "Task type")
    if task_type.for_entity not in KINDS:
        raise BadRequest(f"Estimations are imported for shot and asset task types; {task_type.name} is for "
                         f"{task_type.for_entity}.")
    episode = options.get("episode_id") or options.get("episode")
    if episode and episode not in ("all", "main"):
        episode = _by_id_or_name(Entity, episode, "Episode", Entity.project == job.project_id,
                                 Entity.entity_type == kind_id("Episode")).id
    else:
        episode = None
    options["task_type"], options["episode"] = task_type, episode


def _entities(job) -> Index:
    """The entities of the task type's kind, by (parent, name): asset type and asset, or sequence and shot."""

    task_type, episode = job.options["task_type"], job.options["episode"]
    found = Index()
    if task_type.for_entity == "Asset":
        query = (Entity.select(Entity.id, EntityType.name, Entity.name)
                 .join(EntityType, on=(Entity.entity_type == EntityType.id))
                 .where(Entity.project == job.project_id, EntityType.name.not_in(ENTITY_KINDS)))
        if episode is not None:
            query = query.where(Entity.source == episode)
    else:
        Sequence = Entity.alias("sequence")
        query = (Entity.select(Entity.id, Sequence.name, Entity.name)
                 .join(Sequence, on=(Entity.parent == Sequence.id))
                 .where(Entity.project == job.project_id, Entity.entity_type == kind_id("Shot"),
                        Sequence.entity_type == kind_id("Sequence")))
        if episode is not None:
            query = query.where(Sequence.parent == episode)
    for entity_id, parent, name in query.order_by(Entity.created_at, Entity.id).tuples():
        found.add(key(parent, name), entity_id)
    return found


class TaskDescriptors(DescriptorColumns):
    """The file's columns named like a task descriptor of this task type (or of every task type)."""

    def __init__(self, job, people: People):
        self.people = people
        task_type_id = str(job.options["task_type"].id)
        hook = getattr(job.app.hook, "data_descriptors", None)
        answers = hook(app=job.app, project_ids=[job.project_id]) if hook is not None else []
        self.columns = [d for answer in answers for found in (answer or {}).values() for d in found
                        if d.get("entity_type") == "Task" and str(d.get("task_type_id") or task_type_id)
                        == task_type_id and job.table.has(d["name"])]


def _day(cell: str, line: int, label: str) -> date:
    try:
        return date.fromisoformat(cell) if len(cell) <= 10 else datetime.fromisoformat(cell).date()
    except ValueError:
        raise CsvError(f"A value is invalid: {label}: {cell!r} is not a date (YYYY-MM-DD).", line) from None


def _after_business_days(start: date, days: float) -> date:
    """Zou's ``add_business_days_to_date``: step a day at a time, counting Monday to Friday only."""

    while days > 0:
        start += timedelta(days=1)
        if start.weekday() < 5:
            days -= 1
    return start


def _changes(row, hours_by_day: float) -> dict:
    line, changes = row.line_number, {}
    days = number(row.get("Estimation"), line, "Estimation") if row.get("Estimation") else None
    if days is not None:
        if days < 0:
            raise CsvError(f"A value is invalid: Estimation: {row.get('Estimation')!r} is negative.", line)
        changes["estimation"] = round(days * hours_by_day * 60)
    if row.get("Drawings"):
        changes["nb_drawings"] = whole(row.get("Drawings"), line, "Drawings")
    start = _day(row.get("Start date"), line, "Start date") if row.get("Start date") else None
    due = _day(row.get("Due date"), line, "Due date") if row.get("Due date") else None
    if due is None and start is not None and days:
        due = _after_business_days(start, days - 1)
    for name, day in (("start_date", start), ("due_date", due)):
        if day is not None:
            changes[name] = f"{day.isoformat()}T00:00:00"
    if row.get("Difficulty"):
        difficulty = whole(row.get("Difficulty"), line, "Difficulty")
        if not 1 <= difficulty <= 5:
            raise CsvError(f"A value is invalid: Difficulty: {difficulty} is not between 1 and 5.", line)
        changes["difficulty"] = difficulty
    return changes


def run(job) -> list:
    start(job)
    task_type = job.options["task_type"]
    entities = _entities(job)
    tasks = {entity: (task_id, data) for task_id, entity, data in Task.select(Task.id, Task.entity, Task.data).where(
        Task.project == job.project_id, Task.task_type == task_type.id).order_by(Task.created_at).tuples()}
    hours = Organisation.select(Organisation.hours_by_day).order_by(Organisation.created_at).scalar() or 8.0
    descriptors = TaskDescriptors(job, People())
    written = 0
    for row in job.table.rows:
        line = row.line_number
        found = entities.find(key(row.get("Parent"), row.get("Entity")))
        if not found:
            raise CsvError(f"Entity not found: no {task_type.for_entity.lower()} {row.get('Entity')!r} under "
                           f"{row.get('Parent')!r}.", line)
        if len(found) > 1:
            raise CsvError(f"Several {task_type.for_entity.lower()}s are named {row.get('Entity')!r} under "
                           f"{row.get('Parent')!r}: import the estimations of each episode apart.", line)
        if found[0] not in tasks:
            raise CsvError(f"{row.get('Parent')} / {row.get('Entity')} has no {task_type.name} task.", line)
        task_id, data = tasks[found[0]]
        changes = _changes(row, hours)
        values = descriptors.values(row)
        if values:
            changes["data"] = {**(data or {}), **values}
        if changes:
            after = _write(job, task_id, changes, line)
            tasks[found[0]] = (task_id, after.get("data"))
            written += 1
        job.advance()
    job.stats.update(updated=written, unchanged=len(job.table.rows) - written)
    return [None] * len(job.table.rows)


def _write(job, task_id: uuid.UUID, changes: dict, line: int) -> dict:
    """The task updated through the data plugin's service; a refused value refuses the line."""

    try:
        return service.update_row(job.ctx, info(Task), task_id, changes, event="task:update")
    except CsvError:
        raise
    except BadRequest as exc:
        details = {k: v for k, v in exc.details.items() if k not in ("line_number", "imported_rows")}
        raise CsvError(exc.message, line, **details) from exc
