"""A production's shot quotas: frames, seconds, drawings and shots done per day, week, month and year.

``/data/projects/<id>/quotas/<task_type_id>`` answers one entry per person
(and ``total``); ``/data/projects/<id>/quotas/persons/<person_id>`` one entry
per task type of that person (and ``total``). Each entry holds, for ``day``
("2026-11-28"), ``week`` ("2026-48", ISO), ``month`` ("2026-11") and
``year``: ``frames``, ``seconds`` (frames / project fps), ``drawings``,
``count`` (shots) and, but for years, ``entries`` (how many days with work in
each month, weeks in each year, months in each year).

Weighted modes: a shot with time logged is shared among the time spent rows
(each row's share of the task's duration, on the row's day); without time
logged it is spread evenly over the weekdays from the work start to the end
date, for each assignee. Raw modes count the whole shot on its end date for
each assignee. Two queries whatever the number of shots.
"""

from __future__ import annotations

from datetime import timedelta

from clapboard import Operation, Route

from ..crud.values import parse_id
from ..engine import context, one, require
from ..models import Entity, Project, Task, TaskPersonLink, TimeSpent
from . import periods
from .quota_basis import Mode, business_days, count_mode, fps, local_day, reader_timezone, shot_task_conditions

UNITS = ("day", "week", "month", "year")
COUNTERS = ("frames", "seconds", "count", "drawings")


class Quotas:
    """Accumulates shot shares into Zou's quota entries."""

    def __init__(self, frame_rate: float, zone):
        self.fps, self.zone, self.entries = frame_rate, zone, {}

    def _entry(self, key: str) -> dict:
        if key not in self.entries:
            self.entries[key] = {unit: {name: {} for name in COUNTERS + (("entries",) if unit != "year" else ())}
                                 for unit in UNITS}
        return self.entries[key]

    def add(self, keys, when, frames: int, drawings: int, count) -> None:
        day = local_day(when, self.zone)
        iso_year, iso_week, _ = day.isocalendar()
        labels = {"day": day.isoformat(), "week": f"{iso_year}-{iso_week}", "month": day.strftime("%Y-%m"),
                  "year": str(day.year)}
        # What the ``entries`` counter of a unit counts new buckets under.
        parents = {"day": labels["month"], "week": str(iso_year), "month": labels["year"]}
        for key in keys:
            entry = self._entry(key)
            for unit in UNITS:
                counters, label = entry[unit], labels[unit]
                if label not in counters["frames"]:
                    for name in COUNTERS:
                        counters[name][label] = 0
                    if unit in parents:
                        counters["entries"][parents[unit]] = counters["entries"].get(parents[unit], 0) + 1
                counters["frames"][label] += frames
                counters["seconds"][label] += frames / self.fps
                counters["drawings"][label] += drawings
                counters["count"][label] += count

    def rounded(self) -> dict:
        for entry in self.entries.values():
            for unit in UNITS:
                entry[unit]["count"] = {label: round(value, 2) for label, value in entry[unit]["count"].items()}
        return self.entries


def _logged_shares(quotas: Quotas, conditions: list, person_id) -> None:
    query = (Task.select(Task.task_type, Task.duration, Task.nb_drawings, Entity.nb_frames, TimeSpent.date,
                         TimeSpent.duration, TimeSpent.person)
             .join(Entity, on=(Entity.id == Task.entity))
             .join_from(Task, TimeSpent, on=(TimeSpent.task == Task.id))
             .where(*conditions, *([TimeSpent.person == person_id] if person_id else [])).tuples())
    for task_type, task_minutes, drawings, frames, day, minutes, logger in query:
        if not task_minutes or task_minutes <= 0:
            continue
        share = minutes / task_minutes
        key = str(task_type) if person_id else str(logger)
        quotas.add((key, "total"), day, round((frames or 0) * share), round((drawings or 0) * share), share)


def _spread_shares(quotas: Quotas, conditions: list, person_id, mode: Mode) -> None:
    logged = TimeSpent.select(TimeSpent.task)
    query = (Task.select(Task.task_type, Task.real_start_date, mode.end_column, Task.nb_drawings, Entity.nb_frames,
                         TaskPersonLink.person)
             .join(Entity, on=(Entity.id == Task.entity))
             .join_from(Task, TaskPersonLink, on=(TaskPersonLink.task == Task.id))
             .where(*conditions, Task.real_start_date.is_null(False), Task.id.not_in(logged),
                    *([TaskPersonLink.person == person_id] if person_id else [])).tuples())
    for task_type, start, end, drawings, frames, assignee in query:
        days = business_days(start, end) + 1
        per_day = round(frames / days) if frames else 0
        key = str(task_type) if person_id else str(assignee)
        for n in range(max((end - start).days + 1, 0)):
            day = start + timedelta(days=n)
            if day.weekday() < 5:
                quotas.add((key, "total"), day, per_day, drawings or 0, 1 / days)


def _whole_shots(quotas: Quotas, conditions: list, person_id, mode: Mode) -> None:
    query = (Task.select(Task.task_type, mode.end_column, Task.nb_drawings, Entity.nb_frames, TaskPersonLink.person)
             .join(Entity, on=(Entity.id == Task.entity))
             .join_from(Task, TaskPersonLink, on=(TaskPersonLink.task == Task.id))
             .where(*conditions, *([TaskPersonLink.person == person_id] if person_id else [])).tuples())
    for task_type, end, drawings, frames, assignee in query:
        key = str(task_type) if person_id else str(assignee)
        quotas.add((key, "total"), end, frames or 0, drawings or 0, 1)


def quotas(ctx, project_id, mode: Mode, task_type_id=None, person_id=None, studio_id=None) -> dict:
    found = Quotas(fps(project_id), reader_timezone(ctx))
    conditions = shot_task_conditions(project_id, mode, task_type_id, studio_id)
    if not mode.weighted:
        _whole_shots(found, conditions, person_id, mode)
        return found.entries
    _logged_shares(found, conditions, person_id)
    _spread_shares(found, conditions, person_id, mode)
    return found.rounded()


class TaskTypeQuotas:
    def on_get(self, req, resp, project_id, task_type_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        task_type = parse_id(task_type_id)
        mode = count_mode(ctx.params)
        resp.media = quotas(ctx, project["id"], mode, task_type_id=task_type,
                            studio_id=periods.optional_id(ctx.params, "studio_id"))


class PersonQuotas:
    def on_get(self, req, resp, project_id, person_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        person = parse_id(person_id)
        require(ctx, Project, "read-person-quotas", row=project, changes={"person_id": person})
        mode = count_mode(ctx.params)
        resp.media = quotas(ctx, project["id"], mode, person_id=person,
                            studio_id=periods.optional_id(ctx.params, "studio_id"))


def routes() -> list[Route]:
    base = "/data/projects/{project_id}/quotas"
    note = ("`count_mode`: `weighted` (default), `weighteddone`, `feedback` or `done`; `studio_id` keeps the "
            "shots of that studio's people.")
    schema = "data/people/time#/$defs/quotas"
    return [
        Route(f"{base}/{{task_type_id}}", TaskTypeQuotas(), tags=("data",), operations={"GET": Operation(
            summary="Shots, frames and seconds done per person and period on a task type (team)",
            description=note, response_schema=schema)}),
        Route(f"{base}/persons/{{person_id}}", PersonQuotas(), tags=("data",), operations={"GET": Operation(
            summary="Shots, frames and seconds a person did per task type and period",
            description=note + " Managers and supervisors of the production see anybody's; others their own.",
            response_schema=schema)}),
    ]
