"""The studio's task dates, per active person: the first start and last due date of their tasks.

This feeds the team schedule. Admins see every open production; supervisors
and managers see the open productions whose team holds them, and the tasks
people have elsewhere only as anonymous busy periods (merged date ranges
naming neither production nor task), as in Zou. ``project_id`` narrows the
answer to one production (closed ones included) the asker belongs to.
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..crud.values import BadValue, to_uuid
from ..engine import context, require
from ..models import Person, Project, Task, TaskPersonLink
from ..production.projects import open_project_ids


def _project_param(ctx):
    raw = (ctx.params.get("project_id") or "").strip()
    if not raw:
        return None
    try:
        return to_uuid(raw)
    except BadValue as exc:
        raise BadRequest("Invalid project_id.") from exc


def _assigned(*conditions):
    return (Task.select(TaskPersonLink.person, *conditions)
            .join(TaskPersonLink, on=(TaskPersonLink.task == Task.id))
            .join(Person, on=(Person.id == TaskPersonLink.person))
            .where(Person.active == True))  # noqa: E712


def _merged(intervals: list) -> list[list]:
    merged: list[list] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def _text(value) -> str:
    # Zou prints busy periods with str(), a space between date and time.
    return str(value.replace(microsecond=0))


def task_dates(ctx) -> list[dict]:
    project_id = _project_param(ctx)
    require(ctx, Person, "read-task-dates", changes={"project_id": project_id})
    scope = ctx.app.scope(ctx.actor, Project, "read")
    busy_ids = None
    if project_id is not None:
        shown = [Task.project == project_id]
    elif scope:
        shown = [Task.project.in_(open_project_ids(*scope))]
        busy_ids = open_project_ids(~(Project.id.in_(Project.select(Project.id).where(*scope))))
    else:
        shown = [Task.project.in_(open_project_ids())]
    query = (_assigned(peewee.fn.MIN(Task.start_date), peewee.fn.MAX(Task.due_date))
             .where(*shown).group_by(TaskPersonLink.person).order_by(TaskPersonLink.person).tuples())
    entries = {person_id: {"person_id": person_id, "min_date": first, "max_date": last, "busy_periods": []}
               for person_id, first, last in query}
    if busy_ids is not None:
        intervals: dict = {}
        for person_id, start, due in (_assigned(Task.start_date, Task.due_date)
                                      .where(Task.project.in_(busy_ids), Task.start_date.is_null(False),
                                             Task.due_date.is_null(False)).tuples()):
            intervals.setdefault(person_id, []).append((start, due))
        for person_id, found in sorted(intervals.items()):
            entry = entries.setdefault(person_id, {"person_id": person_id, "min_date": None, "max_date": None,
                                                   "busy_periods": []})
            entry["busy_periods"] = [{"start_date": _text(start), "end_date": _text(end)}
                                     for start, end in _merged(found)]
    return list(entries.values())


class TaskDates:
    def on_get(self, req, resp):
        resp.media = task_dates(context(req))


def routes() -> list[Route]:
    return [Route("/data/persons/task-dates", TaskDates(), tags=("data",), operations={"GET": Operation(
        summary="Per active person, the first start and last due date of their tasks (team schedule)",
        description="`project_id` narrows the answer to one production. Supervisors and managers get the "
                    "tasks of productions outside their teams as anonymous `busy_periods`.",
        response_schema="data/people/answers#/$defs/task_dates")})]
