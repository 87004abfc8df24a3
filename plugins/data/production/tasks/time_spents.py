"""Time spent on a task, per person and day (minutes), and the task's total duration.

Logging time is the policy's ``data.tasks.time-spent`` action on the task,
with the person in ``changes`` (managers log for anyone, others for
themselves on tasks assigned to them). The task's ``duration`` is kept equal
to the sum of its time spent, as in Zou. Reading goes through ``many()``, so
the time-spent scope applies.

Under concurrent writers: the task row is locked first (its duration is
rewritten from the sum), the person's day is written with one upsert whose
addition happens in the database, so adds from many clients all count.
"""

from __future__ import annotations

import uuid

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud import rows
from ...crud.meta import info
from ...crud.reading import datetime_value
from ...crud.values import BadValue, parse_id, to_date
from ...engine import add, context, emit, lock, many, media, one, put, require
from ...models import Person, Task, TimeSpent
from ...models.base import utcnow

TIME_SPENTS = "data/production/tasks/answers#/$defs/time_spents"


def _day(value: str):
    try:
        if len(value) != 10:
            raise BadValue("a date (YYYY-MM-DD)")
        return to_date(value)
    except BadValue as exc:
        raise BadRequest(f"Wrong date format for {value}: expected YYYY-MM-DD.") from exc


def time_spents(ctx, task_id, day=None) -> dict:
    """``{"total": minutes, <person id>: [time spent rows]}`` for a task (one day when given)."""

    task = one(ctx, Task, task_id, relations=False)
    conditions = [TimeSpent.task == task["id"]] + ([TimeSpent.date == day] if day else [])
    found: dict = {"total": 0}
    for row in many(ctx, TimeSpent, *conditions, order_by=(TimeSpent.date, TimeSpent.created_at)):
        found.setdefault(str(row["person_id"]), []).append(row)
        found["total"] += row["duration"]
    return found


def _refresh_duration(task_id) -> None:
    """The task's duration becomes the sum of its time spent, computed by the database."""

    total = (TimeSpent.select(peewee.fn.COALESCE(peewee.fn.SUM(TimeSpent.duration), 0))
             .where(TimeSpent.task == task_id))
    Task.update(duration=total, updated_at=utcnow()).where(Task.id == task_id).execute()


def log_time(ctx, task_id, day: str, person_id, duration: float, adding: bool) -> dict:
    """Set (or add to) a person's time on a task for a day; the time spent row."""

    task = one(ctx, Task, task_id, relations=False)
    day, person = _day(day), parse_id(person_id)
    if not Person.select().where(Person.id == person).exists():
        raise NotFound(f"Person {person} not found.")
    require(ctx, Task, "time-spent", row=task, changes={"person_id": person, "duration": duration})
    if not adding and duration <= 0:
        raise BadRequest("The time spent must stay above zero minutes.")
    lock(Task, [task["id"]])
    now = utcnow()
    row = {"id": uuid.uuid4(), "task": task["id"], "person": person, "date": day, "duration": duration,
           "created_at": now, "updated_at": now}
    target = (TimeSpent.person, TimeSpent.task, TimeSpent.date)
    returning = (TimeSpent.id, TimeSpent.duration, TimeSpent.created_at)
    if adding:
        time_spent_id, total, created = add(TimeSpent, row, target, TimeSpent.duration, returning,
                                            touch={TimeSpent.updated_at: now})
    else:
        time_spent_id, total, created = put(TimeSpent, row, target, (TimeSpent.duration, TimeSpent.updated_at),
                                            returning)
    if total <= 0:  # rolled back with the answer
        raise BadRequest("The time spent must stay above zero minutes.")
    _refresh_duration(task["id"])
    event = "time-spent:new" if _same_moment(created, now) else "time-spent:update"
    emit(ctx, event, {"time_spent_id": time_spent_id, "task_id": task["id"], "person_id": person},
         task["project_id"])
    return rows.fetch_one(info(TimeSpent), time_spent_id, False, derived_mode=None)


def _same_moment(stored, written) -> bool:
    """Whether the row's ``created_at`` is the one this request wrote (a new row, not an update)."""

    return datetime_value(stored) == written


class TaskTimeSpents:
    """GET ``/actions/tasks/<id>/time-spents`` (and ``/<date>``)."""

    def on_get(self, req, resp, task_id, date=None):
        resp.media = time_spents(context(req), task_id, _day(date) if date else None)


def _post(req, resp, task_id, date, person_id, adding: bool) -> None:
    body = req.context.app.schemas.validate("data/production/tasks/time_spent", media(req, {}))
    resp.media = log_time(context(req), task_id, date, person_id, float(body["duration"]), adding)
    resp.status = falcon.HTTP_201


class PersonTimeSpent:
    """POST sets the minutes a person spent on the task that day; DELETE removes them."""

    def on_post(self, req, resp, task_id, date, person_id):
        _post(req, resp, task_id, date, person_id, adding=False)

    def on_delete(self, req, resp, task_id, date, person_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        day, person = _day(date), parse_id(person_id)
        require(ctx, Task, "time-spent", row=task, changes={"person_id": person})
        lock(Task, [task["id"]])
        current = TimeSpent.get_or_none(TimeSpent.task == task["id"], TimeSpent.person == person,
                                        TimeSpent.date == day)
        if current is None:
            raise NotFound("No time spent for this person on that day.")
        current.delete_instance()
        _refresh_duration(task["id"])
        emit(ctx, "time-spent:delete", {"time_spent_id": current.id, "task_id": task["id"], "person_id": person},
             task["project_id"])
        resp.status = falcon.HTTP_204


class AddPersonTimeSpent:
    """POST ``…/add``: adds the minutes to what the person already logged that day."""

    def on_post(self, req, resp, task_id, date, person_id):
        _post(req, resp, task_id, date, person_id, adding=True)


def routes() -> list[Route]:
    base = "/actions/tasks/{task_id}/time-spents"
    one_entry = Operation(summary="Set a person's time spent on a task for a day (minutes)",
                          request_schema="data/production/tasks/time_spent",
                          response_schema="data/time-spents#/$defs/row", status=201)
    return [
        Route(base, TaskTimeSpents(), tags=("data",), operations={"GET": Operation(
            summary="Time spent on a task, by person", response_schema=TIME_SPENTS)}),
        Route(base + "/{date}", TaskTimeSpents(), tags=("data",), operations={"GET": Operation(
            summary="Time spent on a task for one day, by person", response_schema=TIME_SPENTS)}),
        Route(base + "/{date}/persons/{person_id}", PersonTimeSpent(), tags=("data",), operations={
            "POST": one_entry,
            "DELETE": Operation(summary="Remove a person's time spent on a task for a day", status=204)}),
        Route(base + "/{date}/persons/{person_id}/add", AddPersonTimeSpent(), tags=("data",), operations={
            "POST": Operation(summary="Add minutes to a person's time spent on a task for a day",
                              request_schema="data/production/tasks/time_spent",
                              response_schema="data/time-spents#/$defs/row", status=201)}),
    ]
