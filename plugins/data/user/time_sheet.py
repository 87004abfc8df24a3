"""The user's own time: time spent (all, a period, a day, one task on a day) and day off on a date.

Only the user's rows, read through the policy's time-spent and day-off scopes.
A period (``start_date`` and ``end_date``, both or neither) and the list of
all rows add the production and task type of each row's task, as Zou does for
periods; the rows of one day are plain. A malformed date is a 400.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..actors import require_person
from ..crud.values import BadValue, parse_id, to_date
from ..engine import context, many
from ..models import DayOff, Task, TimeSpent
from .me import READ

ANSWERS = "data/user/answers#/$defs/"


def _day(value, name: str = "date"):
    if not isinstance(value, str):
        raise BadRequest(f"Parameter '{name}' must be given once, as a date (YYYY-MM-DD).")
    try:
        return to_date(value)
    except BadValue as exc:
        raise BadRequest(f"Wrong date format for {value}: expected YYYY-MM-DD.") from exc


def _with_task_keys(rows: list[dict]) -> list[dict]:
    """Add each row's ``project_id`` and ``task_type_id`` (one query for the list)."""

    task_ids = {row["task_id"] for row in rows}
    tasks = {task_id: (project, task_type) for task_id, project, task_type in
             Task.select(Task.id, Task.project, Task.task_type).where(Task.id.in_(task_ids)).tuples()} \
        if task_ids else {}
    for row in rows:
        row["project_id"], row["task_type_id"] = tasks.get(row["task_id"], (None, None))
    return rows


def time_spents(ctx) -> list[dict]:
    """All the user's time spents, or those of a period (``start_date``..``end_date``, both included)."""

    me = require_person(ctx)
    start, end = ctx.params.get("start_date"), ctx.params.get("end_date")
    conditions = [TimeSpent.person == me]
    if start is not None or end is not None:
        if start is None or end is None:
            raise BadRequest("If querying for a range of dates, both a `start_date` and an `end_date` must be given.")
        conditions.append(TimeSpent.date.between(_day(start, "start_date"), _day(end, "end_date")))
    found = many(ctx, TimeSpent, *conditions, order_by=(TimeSpent.date, TimeSpent.created_at, TimeSpent.id))
    return _with_task_keys(found)


def day_time_spents(ctx, date) -> list[dict]:
    me = require_person(ctx)
    return many(ctx, TimeSpent, TimeSpent.person == me, TimeSpent.date == _day(date),
                order_by=(TimeSpent.created_at, TimeSpent.id))


def task_time_spent(ctx, task_id, date) -> dict | None:
    """The user's time spent on a task that day, ``None`` when they logged none."""

    me = require_person(ctx)
    task, day = parse_id(task_id), _day(date)
    found = many(ctx, TimeSpent, TimeSpent.person == me, TimeSpent.task == task, TimeSpent.date == day)
    return found[0] if found else None


def day_off(ctx, date) -> dict:
    """The user's day off covering that date, ``{}`` when they work that day."""

    me = require_person(ctx)
    day = _day(date)
    found = many(ctx, DayOff, DayOff.person == me, DayOff.date <= day, DayOff.end_date >= day,
                 order_by=(DayOff.date, DayOff.id))
    return found[0] if found else {}


class TimeSpents:
    def on_get(self, req, resp):
        resp.media = time_spents(context(req))


class DayTimeSpents:
    def on_get(self, req, resp, date):
        resp.media = day_time_spents(context(req), date)


class TaskTimeSpent:
    def on_get(self, req, resp, task_id, date):
        resp.media = task_time_spent(context(req), task_id, date)


class DayOffOfDate:
    def on_get(self, req, resp, date):
        resp.media = day_off(context(req), date)


def routes() -> list[Route]:
    def get(path, resource, summary, schema, description=None):
        return Route(path, resource, tags=("data",), operations={"GET": Operation(
            summary=summary, description=description, response_schema=ANSWERS + schema, action=READ)})

    return [
        get("/data/user/time-spents", TimeSpents(), "The user's time spents, all or of a period", "period_time_spents",
            "`start_date` and `end_date` (YYYY-MM-DD, both or neither) limit the list to a period, both days "
            "included. Each row carries the production and task type of its task."),
        get("/data/user/time-spents/{date}", DayTimeSpents(), "The user's time spents of one day", "time_spents"),
        get("/data/user/tasks/{task_id}/time-spents/{date}", TaskTimeSpent(),
            "The user's time spent on a task on one day", "time_spent", "`null` when none was logged."),
        get("/data/user/day-offs/{date}", DayOffOfDate(), "The user's day off on a date", "day_off",
            "The day off covering that date, `{}` when there is none."),
    ]
