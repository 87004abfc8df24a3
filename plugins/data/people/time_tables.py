"""Studio time tables: minutes per person, by year, month, ISO week or day of a period.

``{unit: {person_id: minutes}}`` where the unit is a year ("2026"), a month
number ("11"), an ISO week number ("48") or a day of the month ("28"), as Zou
builds them. Admins see everybody; managers and supervisors the time logged
on their productions (supervisors: on their departments' task types); anybody
else their own time only. ``project_id``, ``department_id`` and ``studio_id``
narrow the table. The database sums minutes per person and day (one grouped
query); days are then put in their unit.
"""

from __future__ import annotations

from collections import defaultdict

import peewee

from clapboard import Operation, Route

from ..engine import context, require
from ..models import Person, Task, TaskType, TimeSpent
from . import periods

TABLE = "data/people/time#/$defs/table"

UNITS = {
    "year": lambda day: str(day.year),
    "month": lambda day: str(day.month),
    "week": lambda day: str(day.isocalendar()[1]),
    "day": lambda day: str(day.day),
}


def _filters(ctx) -> list:
    params = ctx.params
    project_id = periods.optional_id(params, "project_id")
    department_id = periods.optional_id(params, "department_id")
    studio_id = periods.optional_id(params, "studio_id")
    require(ctx, TimeSpent, "read-table", changes={"project_id": project_id, "department_id": department_id})
    found = list(ctx.app.scope(ctx.actor, TimeSpent, "read-table"))
    if project_id is not None:
        found.append(TimeSpent.task.in_(Task.select(Task.id).where(Task.project == project_id)))
    if department_id is not None:
        types = TaskType.select(TaskType.id).where(TaskType.department == department_id)
        found.append(TimeSpent.task.in_(Task.select(Task.id).where(Task.task_type.in_(types))))
    if studio_id is not None:
        found.append(TimeSpent.person.in_(Person.select(Person.id).where(Person.studio == studio_id)))
    return found


def table(ctx, unit: str, bounds=None) -> dict:
    conditions = _filters(ctx)
    if bounds is not None:
        conditions += [TimeSpent.date >= bounds[0], TimeSpent.date < bounds[1]]
    query = TimeSpent.select(TimeSpent.person, TimeSpent.date, peewee.fn.SUM(TimeSpent.duration))
    if conditions:
        query = query.where(*conditions)
    query = query.group_by(TimeSpent.person, TimeSpent.date).order_by(TimeSpent.date, TimeSpent.person)
    found: dict = defaultdict(lambda: defaultdict(float))
    key = UNITS[unit]
    for person_id, day, minutes in query.tuples():
        found[key(day)][str(person_id)] += float(minutes or 0)
    return {name: dict(by_person) for name, by_person in found.items()}


class YearTable:
    def on_get(self, req, resp):
        resp.media = table(context(req), "year")


class MonthTable:
    def on_get(self, req, resp, year):
        resp.media = table(context(req), "month", periods.year_bounds(year))


class WeekTable:
    def on_get(self, req, resp, year):
        resp.media = table(context(req), "week", periods.year_bounds(year))


class DayTable:
    def on_get(self, req, resp, year, month):
        resp.media = table(context(req), "day", periods.month_bounds(year, month))


def routes() -> list[Route]:
    base = "/data/persons/time-spents"
    note = ("Admins see everybody; managers and supervisors the time logged on their productions "
            "(supervisors: their departments); others their own. `project_id`, `department_id` and "
            "`studio_id` narrow the table.")

    def get(summary):
        return {"GET": Operation(summary=summary, description=note, response_schema=TABLE)}

    return [
        Route(f"{base}/year-table", YearTable(), tags=("data",), operations=get("Minutes per person and year")),
        Route(f"{base}/month-table/{{year}}", MonthTable(), tags=("data",),
              operations=get("Minutes per person and month of a year")),
        Route(f"{base}/week-table/{{year}}", WeekTable(), tags=("data",),
              operations=get("Minutes per person and ISO week number over a calendar year")),
        Route(f"{base}/day-table/{{year}}/{{month}}", DayTable(), tags=("data",),
              operations=get("Minutes per person and day of a month")),
    ]
