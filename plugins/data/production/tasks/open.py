"""Open tasks: the tasks of open productions, studio-wide (``/data/tasks/open-tasks`` and its stats).

The list is a page of not-done tasks, each joined in one query to the names
Kitsu's task board shows; stats are computed by the database over the whole
filtered set. The policy's task scope applies to both (a vendor counts only
the tasks assigned to them).
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route

from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import context, mask_joined_task_rows, require
from ...models import Entity, EntityType, Project, Task, TaskPersonLink, TaskStatus, TaskType
from ...paging import positive
from ..projects import open_project_ids
from .todo_rows import assignees

DEFAULT_LIMIT = 100


def _int(ctx, name: str, default: int) -> int:
    """A whole number from 1 (400 otherwise); ``default`` when absent or empty."""

    value = positive(ctx.params, name) if ctx.params.get(name) != "" else None
    return default if value is None else value


def open_task_conditions(ctx) -> list:
    """Tasks of open productions the actor reaches, narrowed by the query filters."""

    require(ctx, Task, "read")
    conditions = [Task.project.in_(open_project_ids()), *ctx.app.scope(ctx.actor, Task, "read")]
    for param, column in (("project_id", Task.project), ("task_type_id", Task.task_type),
                          ("task_status_id", Task.task_status)):
        if ctx.params.get(param):
            conditions.append(column == parse_id(ctx.params[param]))
    if ctx.params.get("person_id"):
        assigned = TaskPersonLink.select(TaskPersonLink.task).where(
            TaskPersonLink.person == parse_id(ctx.params["person_id"]))
        conditions.append(Task.id.in_(assigned))
    if ctx.params.get("department_id"):
        types = TaskType.select(TaskType.id).where(TaskType.department == parse_id(ctx.params["department_id"]))
        conditions.append(Task.task_type.in_(types))
    return conditions


def _page_query(conditions):
    sequence, episode = Entity.alias(), Entity.alias()
    shot_type = EntityType.select(EntityType.id).where(EntityType.name == "Shot")
    columns = info(Task).select_fields + [
        Project.name.alias("project_name"), Project.has_avatar.alias("project_has_avatar"),
        Entity.name.alias("entity_name"), Entity.description.alias("entity_description"),
        Entity.data.alias("entity_data"), Entity.preview_file_id.alias("entity_preview_file_id"),
        Entity.source.alias("entity_source_id"), EntityType.name.alias("entity_type_name"),
        Entity.canceled.alias("entity_canceled"), sequence.name.alias("sequence_name"),
        episode.id.alias("episode_id"), episode.name.alias("episode_name"),
        TaskType.for_entity.alias("task_type_for_entity"), TaskType.name.alias("type_name"),
        TaskStatus.name.alias("status_name"), TaskType.color.alias("type_color"),
        TaskStatus.color.alias("status_color"), TaskStatus.short_name.alias("status_short_name"),
    ]
    left = peewee.JOIN.LEFT_OUTER
    return (Task.select(*columns)
            .join(Project, on=(Task.project == Project.id))
            .switch(Task).join(TaskType, on=(Task.task_type == TaskType.id))
            .switch(Task).join(TaskStatus, on=(Task.task_status == TaskStatus.id))
            .switch(Task).join(Entity, left, on=(Task.entity == Entity.id))
            .join(EntityType, left, on=(Entity.entity_type == EntityType.id))
            .join(sequence, left, on=((Entity.parent == sequence.id) & Entity.entity_type.in_(shot_type)))
            .join(episode, left, on=(sequence.parent == episode.id))
            .where(*conditions, TaskStatus.is_done == False))  # noqa: E712


def _stats(conditions) -> dict:
    query = (Task.select(Task.task_status, peewee.fn.COUNT(Task.id), peewee.fn.SUM(Task.duration),
                         peewee.fn.SUM(Task.estimation))
             .join(TaskStatus, on=(Task.task_status == TaskStatus.id))
             .where(*conditions, TaskStatus.is_done == False)  # noqa: E712
             .group_by(Task.task_status).tuples())
    stats = {"total_duration": 0.0, "total_estimation": 0.0, "total": 0, "status": []}
    for status_id, amount, duration, estimation in query:
        stats["total"] += amount
        stats["total_duration"] += float(duration or 0)
        stats["total_estimation"] += float(estimation or 0)
        stats["status"].append({"task_status_id": status_id, "amount": amount})
    return stats


def open_tasks(ctx) -> dict:
    limit, page = _int(ctx, "limit", DEFAULT_LIMIT), _int(ctx, "page", 1)
    conditions = open_task_conditions(ctx)
    query = _page_query(conditions).order_by(Task.updated_at.desc(), Task.id).paginate(page, limit)
    tasks = mask_joined_task_rows(ctx.app, ctx.actor, list(query.dicts()))
    assigned = assignees([t["id"] for t in tasks])
    for task in tasks:
        task["type"] = "Task"
        task["entity_preview_file_id"] = str(task["entity_preview_file_id"] or "")
        task["entity_source_id"] = str(task["entity_source_id"] or "")
        task["assignees"] = assigned.get(task["id"], [])
    stats = _stats(conditions)
    return {"data": tasks, "stats": stats, "limit": limit, "is_more": stats["total"] > page * limit, "page": page}


def open_tasks_stats(ctx) -> dict:
    """Per open project: task counts, done counts and summed duration/estimation, by task type and status."""

    conditions = open_task_conditions(ctx)
    query = (Task.select(Task.project, Task.task_type, Task.task_status, TaskStatus.is_done,
                         peewee.fn.COUNT(Task.id), peewee.fn.SUM(Task.duration), peewee.fn.SUM(Task.estimation))
             .join(TaskStatus, on=(Task.task_status == TaskStatus.id))
             .where(*conditions)
             .group_by(Task.project, Task.task_type, Task.task_status, TaskStatus.is_done)
             .order_by(Task.project, Task.task_type, Task.task_status).tuples())
    found: dict = {}
    for project_id, type_id, status_id, is_done, amount, duration, estimation in query:
        done = amount if is_done else 0
        project = found.setdefault(str(project_id), {"amount": 0, "amount_done": 0, "total_duration": 0.0,
                                                     "total_estimation": 0.0, "task_types": []})
        project["amount"] += amount
        project["amount_done"] += done
        project["total_duration"] += float(duration or 0)
        project["total_estimation"] += float(estimation or 0)
        project["task_types"].append({
            "task_status_id": status_id, "task_type_id": type_id, "project_id": project_id, "amount": amount,
            "amount_done": done, "total_duration": float(duration or 0), "total_estimation": float(estimation or 0)})
    return found


class OpenTasks:
    def on_get(self, req, resp):
        resp.media = open_tasks(context(req))


class OpenTasksStats:
    def on_get(self, req, resp):
        resp.media = open_tasks_stats(context(req))


def routes() -> list[Route]:
    answers = "data/production/tasks/answers#/$defs/"
    return [
        Route("/data/tasks/open-tasks", OpenTasks(), tags=("data",), operations={"GET": Operation(
            summary="Not-done tasks of open productions, a page with stats",
            description="Filters: `project_id`, `task_type_id`, `task_status_id`, `person_id`, `department_id`; "
                        "`page` (from 1) and `limit` (default 100).",
            response_schema=answers + "open_tasks")}),
        Route("/data/tasks/open-tasks/stats", OpenTasksStats(), tags=("data",), operations={"GET": Operation(
            summary="Task counts of open productions by task type and status", response_schema=answers + "open_stats")}),
    ]
