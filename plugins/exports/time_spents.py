"""``GET /export/csv/time-spents.csv``: the time logged on open productions, as Zou's ``TimeSpentsCsvExport``.

Columns: Project, Person (full name), Entity Type Name, Entity (a shot by its
full name, "E01 / SQ01 / SH010"; any other entity by its name), Task Type,
Date (``YYYY-MM-DD``), Time spent (minutes, as stored). Rows by date, person
last name, project, entity type and entity. The attachment is dated in the
caller's time zone: ``kitsu_<YYYY_MM_DD>_open_projects_time_spents_export.csv``;
admins and managers only.
"""

from __future__ import annotations

from datetime import datetime, timezone

from peewee import JOIN

from clapboard.plugins.data.models import Entity, EntityType, Person, Project, ProjectStatus, Task, TaskType, TimeSpent

from . import csvfile, lookups
from .access import require_studio
from .batches import BatchReader
from .http import route

HEADERS = ["Project", "Person", "Entity Type Name", "Entity", "Task Type", "Date", "Time spent"]
OPEN_STATUSES = ("Active", "open", "Open")


def entity_name(kind, name, sequence, episode) -> str:
    if kind != "Shot" or sequence is None:
        return name
    return f"{sequence} / {name}" if episode is None else f"{episode} / {sequence} / {name}"


def query():
    sequence, episode = Entity.alias("sequence"), Entity.alias("episode")
    fields = [Project.name, Person.first_name, Person.last_name, EntityType.name, Entity.name, sequence.name,
              episode.name, TaskType.name, TimeSpent.date, TimeSpent.duration]
    select = (TimeSpent.select(*fields)
              .join(Task, on=(TimeSpent.task == Task.id))
              .join(Entity, on=(Task.entity == Entity.id))
              .join(EntityType, on=(Entity.entity_type == EntityType.id))
              .join_from(Task, Project, on=(Task.project == Project.id))
              .join(ProjectStatus, on=(Project.project_status == ProjectStatus.id))
              .join_from(Task, TaskType, on=(Task.task_type == TaskType.id))
              .join_from(TimeSpent, Person, on=(TimeSpent.person == Person.id))
              .join_from(Entity, sequence, JOIN.LEFT_OUTER, on=(Entity.parent == sequence.id))
              .join_from(sequence, episode, JOIN.LEFT_OUTER, on=(sequence.parent == episode.id))
              .where(ProjectStatus.name.in_(OPEN_STATUSES))
              .order_by(TimeSpent.date, Person.last_name, Project.name, EntityType.name, Entity.name, TimeSpent.id))
    return select


def export(ctx):
    """The time spent on the open productions, as CSV."""

    require_studio(ctx)
    select = query()
    reader = BatchReader(ctx.app.db, select)

    def batches():
        for batch in reader:
            yield [[project, f"{first} {last}".strip(), kind, entity_name(kind, name, sequence, episode), task_type,
                    "" if date is None else str(date)[:10], duration]
                   for project, first, last, kind, name, sequence, episode, task_type, date, duration in batch]

    today = datetime.now(timezone.utc).astimezone(lookups.actor_zone(ctx.actor)).strftime("%Y-%m-%d")
    return csvfile.build(f"{today}_open_projects_time_spents_export", csvfile.STUDIO_CSV, [HEADERS], batches(),
                         csvfile.escaping(ctx.app), total=select.count, source=reader)


def routes():
    return [route("/export/csv/time-spents.csv", export, "Export the time spent on the open productions as CSV")]
