"""A person's time spent: raw rows (a range, a date, a month) and per-task totals by period.

The per-period routes answer one line per task the person logged time on in
the period, with the names a timesheet shows (project, entity, entity type,
sequence, episode) and the summed minutes: one grouped query whatever the
number of rows. A ``project_id`` query parameter narrows everything to one
production. Permissions: see the policy's ``people_time`` module.
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..crud import rows
from ..crud.meta import info
from ..engine import context
from ..models import Entity, EntityType, Project, Task, TimeSpent
from . import periods, subjects

ROWS = "data/time-spents#/$defs/list"
TOTALS = "data/people/time#/$defs/task_totals"


def _rows(*conditions) -> list[dict]:
    query = rows.select(info(TimeSpent)).where(*conditions).order_by(TimeSpent.date, TimeSpent.created_at)
    return rows.fetch_page(info(TimeSpent), query, False)


def _narrowing(ctx, person: dict, project_id=None) -> list:
    """Project filter and the actor's scope on someone else's time (their productions, departments)."""

    found = subjects.others_time_scope(ctx, person)
    if project_id is not None:
        found.append(TimeSpent.task.in_(Task.select(Task.id).where(Task.project == project_id)))
    return found


def task_totals(person_id, start, end, narrowing) -> list[dict]:
    """Minutes per task the person logged between ``start`` (included) and ``end`` (excluded)."""

    sequence, episode = Entity.alias("sequence"), Entity.alias("episode")
    columns = (Task.id, Task.task_type, Project.id, Project.name, Entity.name, EntityType.name,
               sequence.name, episode.name)
    query = (Task.select(*columns, peewee.fn.SUM(TimeSpent.duration))
             .join_from(Task, TimeSpent, on=(TimeSpent.task == Task.id))
             .join_from(Task, Project, on=(Project.id == Task.project))
             .join_from(Task, Entity, on=(Entity.id == Task.entity))
             .join_from(Entity, EntityType, on=(EntityType.id == Entity.entity_type))
             .join_from(Entity, sequence, peewee.JOIN.LEFT_OUTER, on=(sequence.id == Entity.parent))
             .join_from(sequence, episode, peewee.JOIN.LEFT_OUTER, on=(episode.id == sequence.parent))
             .where(TimeSpent.person == person_id, TimeSpent.date >= start, TimeSpent.date < end, *narrowing)
             .group_by(*columns)
             .order_by(Project.name, Entity.name, Task.id)
             .tuples())
    keys = ("task_id", "task_type_id", "project_id", "project_name", "entity_name", "entity_type_name",
            "sequence_name", "episode_name", "duration")
    return [dict(zip(keys, (str(v[0]), str(v[1]), str(v[2]), *v[3:8], float(v[8] or 0)))) for v in query]


class PersonTimeLog:
    """GET ``/data/persons/<id>/time-spents``: all of it, or ``start_date``..``end_date`` (admins)."""

    def on_get(self, req, resp, person_id):
        ctx = context(req)
        person = subjects.person(ctx, person_id)
        subjects.require_on(ctx, "read-time-log", person)
        start, end = ctx.params.get("start_date"), ctx.params.get("end_date")
        if not start and not end:
            resp.media = _rows(TimeSpent.person == person["id"])
            return
        if not start or not end:
            raise BadRequest("If querying for a range of dates, both a `start_date` and an `end_date` "
                             "must be given.")
        message = f"Wrong date format for {start} and/or {end}"
        first, last = periods.parse_day(start, message), periods.parse_day(end, message)
        resp.media = _rows(TimeSpent.person == person["id"], TimeSpent.date >= first, TimeSpent.date <= last)


class PersonDateTimeSpents:
    """GET ``/data/persons/<id>/time-spents/<date>``: the rows of one day."""

    def on_get(self, req, resp, person_id, date):
        ctx = context(req)
        person = subjects.person(ctx, person_id)
        subjects.require_on(ctx, "read-time", person)
        day = periods.parse_day(date, periods.BAD_PERIOD)
        resp.media = _rows(TimeSpent.person == person["id"], TimeSpent.date == day, *_narrowing(ctx, person))


class PersonMonthTimeSpents:
    """GET ``/data/persons/<id>/time-spents/month/all/<year>/<month>``: the month's rows (oneself, admins)."""

    def on_get(self, req, resp, person_id, year, month):
        ctx = context(req)
        person = subjects.person(ctx, person_id)
        subjects.require_on(ctx, "read-month-time", person)
        start, end = periods.month_bounds(year, month)
        resp.media = _rows(TimeSpent.person == person["id"], TimeSpent.date >= start, TimeSpent.date < end)


class PersonPeriodTotals:
    """GET a period's per-task totals; ``bounds`` turns the path values into dates."""

    def __init__(self, bounds):
        self.bounds = bounds

    def on_get(self, req, resp, person_id, **period):
        ctx = context(req)
        person = subjects.person(ctx, person_id)
        project_id = periods.optional_id(ctx.params, "project_id")
        subjects.require_on(ctx, "read-time", person, project_id=project_id)
        start, end = self.bounds(**period)
        resp.media = task_totals(person["id"], start, end, _narrowing(ctx, person, project_id))


def routes() -> list[Route]:
    base = "/data/persons/{person_id}/time-spents"

    def get(summary, schema, description=None):
        return {"GET": Operation(summary=summary, response_schema=schema, description=description)}

    totals = ("Managers and supervisors see the part of someone else's time logged on their productions "
              "(and their departments' task types); `project_id` narrows to one production.")
    return [
        Route(base, PersonTimeLog(), tags=("data",), operations=get(
            "A person's time spent, all of it or between `start_date` and `end_date` (admins)", ROWS)),
        Route(base + "/{date}", PersonDateTimeSpents(), tags=("data",), operations=get(
            "A person's time spent rows of one day", ROWS, totals)),
        Route(base + "/month/all/{year}/{month}", PersonMonthTimeSpents(), tags=("data",), operations=get(
            "A person's time spent rows of one month (oneself or admins)", ROWS)),
        Route(base + "/year/{year}", PersonPeriodTotals(periods.year_bounds),
              tags=("data",), operations=get("A person's minutes per task over a year", TOTALS, totals)),
        Route(base + "/month/{year}/{month}", PersonPeriodTotals(periods.month_bounds),
              tags=("data",), operations=get("A person's minutes per task over a month", TOTALS, totals)),
        Route(base + "/week/{year}/{week}", PersonPeriodTotals(periods.week_bounds),
              tags=("data",), operations=get("A person's minutes per task over an ISO week", TOTALS, totals)),
        Route(base + "/day/{year}/{month}/{day}", PersonPeriodTotals(periods.day_bounds),
              tags=("data",), operations=get("A person's minutes per task over a day", TOTALS, totals)),
    ]

