"""The shots behind a person's quota over a month, an ISO week or a day, each with its weight.

``project_id`` and ``task_type_id`` (query) name the production and task type;
without them the list is empty, as in Zou. Weighted modes: a shot the person
logged time on weighs the sum, over the period's rows, of each row's share of
the task's duration (each share rounded to 2 decimals); a shot without time
logged weighs the part of its working days (start to end date) inside the
period. Raw modes list, with weight 1, the shots assigned to the person whose
end date falls in the period. Sorted by full name ("EP / SQ / SH").
"""

from __future__ import annotations

from datetime import datetime, time

from clapboard import Operation, Route

from ..crud import rows
from ..crud.meta import info
from ..engine import context
from ..models import Entity, Task, TaskPersonLink, TimeSpent
from ..production.entities.names import full_names
from . import periods, subjects
from .quota_basis import Mode, business_days, count_mode, reader_timezone, shot_task_conditions, to_utc


def _shots(weights: dict) -> list[dict]:
    if not weights:
        return []
    found = rows.fetch_page(info(Entity), rows.select(info(Entity)).where(Entity.id.in_(list(weights))), False)
    names = full_names(weights)
    for shot in found:
        shot["full_name"] = names[shot["id"]][0] if shot["id"] in names else shot["name"]
        shot["weight"] = weights[shot["id"]]
    return sorted(found, key=lambda shot: shot["full_name"])


def weighted_shots(person_id, start, end, conditions, mode: Mode, zone) -> list[dict]:
    weights: dict = {}
    logged = (Task.select(Task.entity, Task.duration, TimeSpent.duration)
              .join(Entity, on=(Entity.id == Task.entity))
              .join_from(Task, TimeSpent, on=(TimeSpent.task == Task.id))
              .where(*conditions, TimeSpent.person == person_id, TimeSpent.date >= start.date(),
                     TimeSpent.date < end.date()).tuples())
    for shot_id, task_minutes, minutes in logged:
        share = round(minutes / task_minutes, 2) if task_minutes else 0
        weights[shot_id] = weights.get(shot_id, 0) + share
    utc_start, utc_end = to_utc(start, zone), to_utc(end, zone)
    spread = (Task.select(Task.entity, Task.real_start_date, mode.end_column)
              .join(Entity, on=(Entity.id == Task.entity))
              .join_from(Task, TaskPersonLink, on=(TaskPersonLink.task == Task.id))
              .where(*conditions, TaskPersonLink.person == person_id, Task.real_start_date.is_null(False),
                     Task.id.not_in(TimeSpent.select(TimeSpent.task)), Task.real_start_date <= utc_end,
                     mode.end_column >= utc_start).tuples())
    for shot_id, task_start, task_end in spread:
        if shot_id in weights:
            continue
        days = business_days(task_start, task_end) + 1
        if task_start >= start and task_end <= end:
            inside = days
        elif task_start >= start:
            inside = business_days(task_start, end) + 1
        elif task_end <= end:
            inside = business_days(start, task_end) + 1
        else:
            inside = 1
        weights[shot_id] = round(inside / days, 2)
    return _shots(weights)


def raw_shots(person_id, start, end, conditions, mode: Mode, zone) -> list[dict]:
    utc_start, utc_end = to_utc(start, zone), to_utc(end, zone)
    query = (Task.select(Task.entity)
             .join(Entity, on=(Entity.id == Task.entity))
             .join_from(Task, TaskPersonLink, on=(TaskPersonLink.task == Task.id))
             .where(*conditions, TaskPersonLink.person == person_id, mode.end_column >= utc_start,
                    mode.end_column <= utc_end).tuples())
    return _shots({shot_id: 1 for (shot_id,) in query})


class PersonQuotaShots:
    def __init__(self, bounds):
        self.bounds = bounds

    def on_get(self, req, resp, person_id, **period):
        ctx = context(req)
        person = subjects.person(ctx, person_id)
        project_id = periods.optional_id(ctx.params, "project_id")
        task_type_id = periods.optional_id(ctx.params, "task_type_id")
        mode = count_mode(ctx.params)
        subjects.require_on(ctx, "read-quota-shots", person, project_id=project_id)
        start, end = (datetime.combine(day, time()) for day in self.bounds(**period))
        if project_id is None or task_type_id is None:
            resp.media = []
            return
        conditions = shot_task_conditions(project_id, mode, task_type_id)
        pick = weighted_shots if mode.weighted else raw_shots
        resp.media = pick(person["id"], start, end, conditions, mode, reader_timezone(ctx))


def routes() -> list[Route]:
    base = "/data/persons/{person_id}/quota-shots"
    note = ("Query: `project_id`, `task_type_id`, `count_mode` (`weighted` default, `weighteddone`, "
            "`feedback`, `done`). Oneself, or a manager of the production.")

    def get(summary):
        return {"GET": Operation(summary=summary, description=note,
                                 response_schema="data/people/time#/$defs/quota_shots")}

    return [
        Route(base + "/month/{year}/{month}", PersonQuotaShots(periods.month_bounds), tags=("data",),
              operations=get("Shots counted in a person's quota for a month")),
        Route(base + "/week/{year}/{week}", PersonQuotaShots(periods.week_bounds), tags=("data",),
              operations=get("Shots counted in a person's quota for an ISO week")),
        Route(base + "/day/{year}/{month}/{day}", PersonQuotaShots(periods.day_bounds), tags=("data",),
              operations=get("Shots counted in a person's quota for a day")),
    ]
