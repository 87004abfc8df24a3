"""Time spent on a task, per person and day (minutes), and the task's total duration.

Logging time is the policy's ``data.tasks.time-spent`` action on the task,
with the person in ``changes`` (managers log for anyone, others for
themselves on tasks assigned to them). The task's ``duration`` is kept equal
to the sum of its time spent, as in Zou. Reading goes through ``many()``, so
the time-spent scope applies.
"""

from __future__ import annotations

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud import rows
from ...crud.meta import info
from ...crud.values import BadValue, parse_id, to_date
from ...engine import context, emit, many, media, one, require
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
    total = TimeSpent.select(peewee.fn.SUM(TimeSpent.duration)).where(TimeSpent.task == task_id).scalar()
    Task.update(duration=float(total or 0), updated_at=utcnow()).where(Task.id == task_id).execute()


def log_time(ctx, task_id, day: str, person_id, duration: float, add: bool) -> dict:
    """Set (or add to) a person's time on a task for a day; the time spent row."""

    task = one(ctx, Task, task_id, relations=False)
    day, person = _day(day), parse_id(person_id)
    if not Person.select().where(Person.id == person).exists():
        raise NotFound(f"Person {person} not found.")
    require(ctx, Task, "time-spent", row=task, changes={"person_id": person, "duration": duration})
    current = TimeSpent.get_or_none(TimeSpent.task == task["id"], TimeSpent.person == person, TimeSpent.date == day)
    total = duration + (current.duration if add and current else 0)
    if total <= 0:
        raise BadRequest("The time spent must stay above zero minutes.")
    now = utcnow()
    if current is None:
        current = TimeSpent.create(task=task["id"], person=person, date=day, duration=total,
                                   created_at=now, updated_at=now)
        event = "time-spent:new"
    else:
        TimeSpent.update(duration=total, updated_at=now).where(TimeSpent.id == current.id).execute()
        event = "time-spent:update"
    _refresh_duration(task["id"])
    emit(ctx, event, {"time_spent_id": current.id, "task_id": task["id"], "person_id": person},
         task["project_id"])
    return rows.fetch_one(info(TimeSpent), current.id, False, derived_mode=None)


class TaskTimeSpents:
    """GET ``/actions/tasks/<id>/time-spents`` (and ``/<date>``)."""

    def on_get(self, req, resp, task_id, date=None):
        resp.media = time_spents(context(req), task_id, _day(date) if date else None)


def _post(req, resp, task_id, date, person_id, add: bool) -> None:
    body = req.context.app.schemas.validate("data/production/tasks/time_spent", media(req, {}))
    resp.media = log_time(context(req), task_id, date, person_id, float(body["duration"]), add)
    resp.status = falcon.HTTP_201


class PersonTimeSpent:
    """POST sets the minutes a person spent on the task that day; DELETE removes them."""

    def on_post(self, req, resp, task_id, date, person_id):
        _post(req, resp, task_id, date, person_id, add=False)

    def on_delete(self, req, resp, task_id, date, person_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        day, person = _day(date), parse_id(person_id)
        require(ctx, Task, "time-spent", row=task, changes={"person_id": person})
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
        _post(req, resp, task_id, date, person_id, add=True)


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
