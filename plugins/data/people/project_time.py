"""Time and day offs seen from a production or an entity.

- ``/data/projects/<id>/day-offs``: the team's day offs by person (optionally
  overlapping ``start_date``..``end_date``); its managers see the
  descriptions, the rest of the team (clients and vendors excepted) their
  own in full and the others' dates.
- ``/data/projects/<id>/task-types/<id>/time-spents``: the rows of one task
  type by person, latest first (managers of the production).
- ``/data/projects/<id>/budgets/time-spents``: minutes by department (of the
  task type), person and month, with totals (admins), for budget follow-up.
- ``/data/entities/<id>/time-spents``: every row logged on the entity's tasks,
  latest first (the production's team; vendors on entities they work on).
"""

from __future__ import annotations

from collections import defaultdict

import peewee

from clapboard import Operation, Route

from ..crud import rows
from ..crud.meta import info
from ..crud.service import Target
from ..crud.values import parse_id
from ..engine import context, one, require
from ..models import DayOff, Entity, Project, ProjectPersonLink, Task, TaskType, TimeSpent
from . import day_offs, periods


def _range(params: dict, start_column, end_column) -> list:
    start, end = periods.optional_day(params, "start_date"), periods.optional_day(params, "end_date")
    return ([end_column >= start] if start else []) + ([start_column <= end] if end else [])


def _time_rows(*conditions) -> list[dict]:
    query = rows.select(info(TimeSpent)).where(*conditions).order_by(TimeSpent.date.desc(), TimeSpent.created_at)
    return rows.fetch_page(info(TimeSpent), query, False)


def _by_person(found: list[dict]) -> dict:
    grouped: dict = defaultdict(list)
    for row in found:
        grouped[str(row["person_id"])].append(row)
    return dict(grouped)


class ProjectDayOffs:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, Project, "read-day-offs", row=project)
        team = ProjectPersonLink.select(ProjectPersonLink.person).where(ProjectPersonLink.project == project["id"])
        found = day_offs.fetch(DayOff.person.in_(team), *_range(ctx.params, DayOff.date, DayOff.end_date))
        detailed = ctx.app.allowed(ctx.actor, "data.projects.read-day-off-details", Target(Project, row=project))
        me = ctx.actor.id
        resp.media = _by_person([row if detailed or str(row["person_id"]) == me else day_offs.dates_only(row)
                                 for row in found])


class TaskTypeTimeSpents:
    def on_get(self, req, resp, project_id, task_type_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, Project, "read-task-type-time", row=project)
        tasks = Task.select(Task.id).where(Task.project == project["id"], Task.task_type == parse_id(task_type_id))
        found = _time_rows(TimeSpent.task.in_(tasks), *_range(ctx.params, TimeSpent.date, TimeSpent.date))
        resp.media = _by_person(found)


def budget_time(project_id) -> dict:
    """``{department_id: {"total": m, person_id: {"total": m, "YYYY-MM": m}}}`` for a production."""

    query = (TimeSpent.select(TaskType.department, TimeSpent.person, TimeSpent.date,
                              peewee.fn.SUM(TimeSpent.duration))
             .join(Task, on=(Task.id == TimeSpent.task))
             .join(TaskType, on=(TaskType.id == Task.task_type))
             .where(Task.project == project_id, TaskType.department.is_null(False))
             .group_by(TaskType.department, TimeSpent.person, TimeSpent.date)
             .order_by(TimeSpent.date).tuples())
    found: dict = {}
    for department_id, person_id, day, minutes in query:
        minutes = float(minutes or 0)
        department = found.setdefault(str(department_id), {"total": 0})
        person = department.setdefault(str(person_id), {"total": 0})
        month = day.strftime("%Y-%m")
        person[month] = person.get(month, 0) + minutes
        person["total"] += minutes
        department["total"] += minutes
    return found


class BudgetTimeSpents:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, Project, "read-budget-time", row=project)
        resp.media = budget_time(project["id"])


class EntityTimeSpents:
    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        require(ctx, Entity, "read-time", row=entity)
        resp.media = _time_rows(TimeSpent.task.in_(Task.select(Task.id).where(Task.entity == entity["id"])))


def routes() -> list[Route]:
    base = "/data/projects/{project_id}"
    by_person = "data/people/time#/$defs/time_spents_by_person"
    return [
        Route(f"{base}/day-offs", ProjectDayOffs(), tags=("data",), operations={"GET": Operation(
            summary="Day offs of the production's team, by person",
            description="`start_date`/`end_date` keep the day offs overlapping that range. Managers of the "
                        "production see every description; other team members (not clients or vendors) "
                        "their own in full and the others' dates.",
            response_schema="data/people/time#/$defs/day_offs_by_person")}),
        Route(f"{base}/task-types/{{task_type_id}}/time-spents", TaskTypeTimeSpents(), tags=("data",),
              operations={"GET": Operation(
                  summary="Time spent on one task type of the production, by person (managers)",
                  description="`start_date`/`end_date` (both included) narrow the dates; latest first.",
                  response_schema=by_person)}),
        Route(f"{base}/budgets/time-spents", BudgetTimeSpents(), tags=("data",), operations={"GET": Operation(
            summary="Minutes by department, person and month on the production (admins)",
            response_schema="data/people/time#/$defs/budget_time")}),
        Route("/data/entities/{entity_id}/time-spents", EntityTimeSpents(), tags=("data",), operations={
            "GET": Operation(summary="Every time spent row logged on the entity's tasks, latest first",
                             response_schema="data/time-spents#/$defs/list")}),
    ]
