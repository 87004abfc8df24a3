"""``GET /export/csv/tasks.csv``: every task of the open productions, as Zou's ``TasksCsvExport``.

Columns: Project, Task Type, Episode, Sequence (the entity's parent and its
parent), Entity Type, Entity, Assigner, Assignees (full names by name,
``, ``-joined as Zou's ``assignees_as_string``), Duration, Estimation, Start date, Due date,
WIP date (``real_start_date``), Validation date (``end_date``), all dates as
``YYYY-MM-DD``, and Task Status (its name). Rows by project, task type, task
name, episode, sequence, entity type and entity (empty names last, as
PostgreSQL sorts them for Zou). Attachment ``kitsu_tasks_export.csv``;
admins and managers only.
"""

from __future__ import annotations

from collections import defaultdict

from peewee import JOIN

from clapboard.plugins.data.models import (
    Entity,
    EntityType,
    Person,
    Project,
    ProjectStatus,
    Task,
    TaskPersonLink,
    TaskStatus,
    TaskType,
)

from . import csvfile, lookups
from .access import require_studio
from .batches import Among, BatchReader
from .http import route

HEADERS = ["Project", "Task Type", "Episode", "Sequence", "Entity Type", "Entity", "Assigner", "Assignees",
           "Duration", "Estimation", "Start date", "Due date", "WIP date", "Validation date", "Task Status"]


def day(moment) -> str:
    """A date-time as ``YYYY-MM-DD`` (SQLite gives it as ISO text, PostgreSQL as a ``datetime``)."""

    if moment is None:
        return ""
    return moment[:10] if isinstance(moment, str) else moment.strftime("%Y-%m-%d")


def assigner_name(first, last) -> str:
    """As Zou's tasks export: both names joined by a space, or the one there is."""

    if first is not None and last is not None:
        return f"{first} {last}"
    return first if first is not None else last if last is not None else ""


def assignees(db) -> Among:
    link = TaskPersonLink
    return Among(db, lambda batch: (
        link.select(link.task, Person.first_name, Person.last_name).join(Person, on=(link.person == Person.id))
        .where(link.task.in_(batch)).order_by(Person.first_name, Person.last_name, Person.id)))


def names_of(rows) -> dict:
    found = defaultdict(list)
    for task_id, first, last in rows:
        found[task_id].append(lookups.full_name(first, last))
    return found


def query():
    sequence, episode, assigner = Entity.alias("sequence"), Entity.alias("episode"), Person.alias("assigner")
    fields = [Task.id, Project.name, TaskType.name, TaskStatus.name, episode.name, sequence.name, EntityType.name,
              Entity.name, assigner.first_name, assigner.last_name, Task.duration, Task.estimation, Task.start_date,
              Task.due_date, Task.real_start_date, Task.end_date]
    select = (Task.select(*fields)
              .join(Project, on=(Task.project == Project.id))
              .join(ProjectStatus, on=(Project.project_status == ProjectStatus.id))
              .join_from(Task, TaskType, on=(Task.task_type == TaskType.id))
              .join_from(Task, TaskStatus, on=(Task.task_status == TaskStatus.id))
              .join_from(Task, Entity, on=(Task.entity == Entity.id))
              .join_from(Entity, EntityType, on=(Entity.entity_type == EntityType.id))
              .join_from(Task, assigner, JOIN.LEFT_OUTER, on=(Task.assigner == assigner.id))
              .join_from(Entity, sequence, JOIN.LEFT_OUTER, on=(Entity.parent == sequence.id))
              .join_from(sequence, episode, JOIN.LEFT_OUTER, on=(sequence.parent == episode.id))
              .where(ProjectStatus.name == "Open")
              .order_by(*(column.asc(nulls="LAST") for column in (
                  Project.name, TaskType.name, Task.name, episode.name, sequence.name, EntityType.name, Entity.name)),
                  Task.id))
    return select


def export(ctx):
    """Every task of the open productions, as CSV."""

    require_studio(ctx)
    select = query()
    reader = BatchReader(ctx.app.db, select)
    people = assignees(ctx.app.db)

    def batches():
        for batch in reader:
            names = names_of(people.rows([values[0] for values in batch]))
            yield [[project, task_type, episode, sequence, entity_type, entity, assigner_name(first, last),
                    ", ".join(names.get(task_id, ())), duration, estimation, day(start), day(due), day(wip),
                    day(done), status]
                   for task_id, project, task_type, status, episode, sequence, entity_type, entity, first, last,
                   duration, estimation, start, due, wip, done in batch]

    return csvfile.build("tasks_export", csvfile.STUDIO_CSV, [HEADERS], batches(), csvfile.escaping(ctx.app),
                         total=select.count, source=reader)


def routes():
    return [route("/export/csv/tasks.csv", export, "Export the tasks of the open productions as CSV")]
