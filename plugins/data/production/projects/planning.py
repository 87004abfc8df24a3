"""A project's planning and production records: milestones, schedule items, time spent, playlist builds.

Reads only. The project must be reachable (404 otherwise); each list then
goes through its own model's policy rule and row scope, so e.g. vendors get
no schedule and artists see only their own time spent.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from clapboard import Operation, Route

from ...crud import rows
from ...crud.meta import info
from ...engine import context, emit, many, require
from ...models import BuildJob, Milestone, Playlist, ProjectTaskTypeLink, ScheduleItem, Task, TaskType, TimeSpent
from .access import readable_project

MILESTONE_CARD = ("id", "date", "name", "project_id", "task_type_id")
SCHEDULE_ITEM_CARD = ("id", "start_date", "end_date", "man_days", "project_id", "task_type_id", "object_id")
# Task types a project-level schedule item can plan.
SCHEDULED_KINDS = ("Asset", "Shot", "Sequence", "Episode", "Edit")


def _card(row: dict, keys) -> dict:
    return {key: row[key] for key in keys}


class MilestonesResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        found = many(ctx, Milestone, Milestone.project == project["id"], order_by=(Milestone.date, Milestone.name))
        resp.media = [_card(row, MILESTONE_CARD) for row in found]


class ScheduleItemsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        resp.media = many(ctx, ScheduleItem, ScheduleItem.project == project["id"],
                          order_by=(ScheduleItem.start_date, ScheduleItem.created_at))


def _scheduled_task_types(project_id) -> set:
    """Task types the project has tasks for, narrowed to its settings when it has some (as Zou)."""

    used = Task.select(Task.task_type).where(Task.project == project_id, Task.task_type.is_null(False))
    query = TaskType.select(TaskType.id).where(TaskType.id.in_(used), TaskType.for_entity.in_(SCHEDULED_KINDS))
    configured = ProjectTaskTypeLink.select(ProjectTaskTypeLink.task_type).where(
        ProjectTaskTypeLink.project == project_id)
    if configured.exists():
        query = query.where(TaskType.id.in_(configured))
    return {task_type_id for (task_type_id,) in query.tuples()}


def _add_missing_task_type_items(ctx, project_id, wanted: set) -> None:
    """Zou plans every used task type: a missing item is created for today and tomorrow."""

    item = ScheduleItem
    planned = item.select(item.task_type).where(item.project == project_id, item.object_id.is_null())
    with ctx.app.transaction():
        missing = wanted - {task_type_id for (task_type_id,) in planned.tuples()}
        for task_type_id in sorted(missing, key=str):
            row_id = uuid.uuid4()
            item.create(id=row_id, project=project_id, task_type=task_type_id, start_date=date.today(),
                        end_date=date.today() + timedelta(days=1))
            emit(ctx, "schedule-item:new", {"schedule_item_id": row_id}, project_id)


class TaskTypeScheduleItemsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        require(ctx, ScheduleItem, "read")
        wanted = _scheduled_task_types(project["id"])
        if wanted:
            _add_missing_task_type_items(ctx, project["id"], wanted)
        item = ScheduleItem
        kept = item.task_type.is_null() | item.task_type.in_(list(wanted)) if wanted else item.task_type.is_null()
        found = many(ctx, item, item.project == project["id"], item.object_id.is_null(), kept,
                     order_by=(item.start_date, item.created_at))
        resp.media = [_card(row, SCHEDULE_ITEM_CARD) for row in found]


class TimeSpentsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        tasks = Task.select(Task.id).where(Task.project == project["id"])
        resp.media = many(ctx, TimeSpent, TimeSpent.task.in_(tasks), order_by=(TimeSpent.date, TimeSpent.created_at))


class BuildJobsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        # Zou shows playlist builds to admins only.
        require(ctx, Playlist, "build-jobs", row={"project_id": project["id"]})
        playlists = Playlist.select(Playlist.id).where(Playlist.project == project["id"])
        query = rows.select(info(BuildJob)).where(BuildJob.playlist.in_(playlists)).order_by(
            BuildJob.created_at, BuildJob.id)
        resp.media = rows.fetch_page(info(BuildJob), query, False)


def routes() -> list:
    base = "/data/projects/{project_id}"
    return [
        Route(f"{base}/milestones", MilestonesResource(), tags=("data",), operations={"GET": Operation(
            summary="Milestones of the project", operation_id="list_project_milestones")}),
        Route(f"{base}/schedule-items", ScheduleItemsResource(), tags=("data",), operations={"GET": Operation(
            summary="Schedule items of the project", response_schema="data/schedule-items#/$defs/list",
            operation_id="list_project_schedule_items")}),
        Route(f"{base}/schedule-items/task-types", TaskTypeScheduleItemsResource(), tags=("data",),
              operations={"GET": Operation(
                  summary="Project-level schedule items, one per task type in use",
                  description="A task type the project has tasks for and no item yet gets one, planned for "
                              "today and tomorrow (`schedule-item:new`), as in Zou.",
                  operation_id="list_project_task_type_schedule_items")}),
        Route(f"{base}/time-spents", TimeSpentsResource(), tags=("data",), operations={"GET": Operation(
            summary="Time spent on the project's tasks (as the actor may see it)",
            response_schema="data/time-spents#/$defs/list", operation_id="list_project_time_spents")}),
        Route(f"{base}/build-jobs", BuildJobsResource(), tags=("data",), operations={"GET": Operation(
            summary="Builds of the project's playlists (admins)", operation_id="list_project_build_jobs")}),
    ]
