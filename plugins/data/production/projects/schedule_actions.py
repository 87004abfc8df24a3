"""Filling a production schedule version and applying it to the production (Zou's schedule actions).

A version's task links are each task's planned dates, estimation and
assignees. They are filled from the production's tasks, or copied from
another version of the same production (which then becomes the version's
``production_schedule_from``); a link already there is refreshed, and only the
refreshed links get their assignees replaced. Applying a version writes its
planned dates and estimations onto the tasks, locks the version and records
it on the project (``from_schedule_version_id``). The work is done by a few
set-based statements whatever the number of tasks; answers are counts, as in
Zou (clients re-read the links). Managers of the production only.
"""

from __future__ import annotations

import uuid

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import context, emit, validated
from ...models import (
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    ProductionScheduleVersionTaskLinkPersonLink,
    Project,
    Task,
    TaskPersonLink,
)
from ...models.base import utcnow
from .access import managed_project, project_changed

LINK = ProductionScheduleVersionTaskLink
PLANNED = ("start_date", "due_date", "estimation")
CHUNK = 500


def _version(ctx, version_id) -> dict:
    """The version (404 when absent), once the actor manages its production (404/403)."""

    version_id = parse_id(version_id) if not isinstance(version_id, uuid.UUID) else version_id
    version = rows.fetch_one(info(ProductionScheduleVersion), version_id, False, derived_mode=None)
    if version is None:
        raise NotFound(f"ProductionScheduleVersion {version_id} not found.")
    managed_project(ctx, version["project_id"])
    return version


def _version_changed(ctx, version_id, project_id, **changes) -> None:
    ProductionScheduleVersion.update(updated_at=utcnow(), **changes).where(
        ProductionScheduleVersion.id == version_id).execute()
    emit(ctx, "production_schedule_version:update", {"production_schedule_version_id": version_id}, project_id)


def _copy_links(version_id, source, planned: dict, source_tasks) -> int:
    """Upsert ``version_id``'s links from ``source`` rows ``(task, start, due, estimation)``; a link already
    there takes ``planned`` (correlated subqueries on ``LINK.task``) when its task is in ``source_tasks``."""

    sources = list(source.tuples())
    present = {task for (task,) in LINK.select(LINK.task).where(LINK.production_schedule_version == version_id)
               .tuples()}
    now = utcnow()
    fresh = [{"id": uuid.uuid4(), "production_schedule_version": version_id, "task": task, "start_date": start,
              "due_date": due, "estimation": estimation, "created_at": now, "updated_at": now}
             for task, start, due, estimation in sources if task not in present]
    if present:
        LINK.update(updated_at=now, **planned).where(LINK.production_schedule_version == version_id,
                                                     LINK.task.in_(source_tasks)).execute()
    for start in range(0, len(fresh), CHUNK):
        LINK.insert_many(fresh[start:start + CHUNK]).execute()
    return len(sources)


def _replace_assignees(version_id, task_ids, people) -> None:
    """The assignees of ``version_id``'s links of ``task_ids`` become ``people`` ((task, person) rows)."""

    person_link = ProductionScheduleVersionTaskLinkPersonLink
    refreshed = LINK.select(LINK.id).where(LINK.production_schedule_version == version_id, LINK.task.in_(task_ids))
    person_link.delete().where(person_link.production_schedule_version_task_link.in_(refreshed)).execute()
    links = dict(LINK.select(LINK.task, LINK.id).where(LINK.production_schedule_version == version_id).tuples())
    wanted = [{"production_schedule_version_task_link": links[task], "person": person}
              for task, person in people.tuples() if task in links]
    for start in range(0, len(wanted), CHUNK):
        person_link.insert_many(wanted[start:start + CHUNK]).on_conflict_ignore().execute()


class FromProductionResource:
    def on_post(self, req, resp, version_id):
        ctx = context(req)
        version = _version(ctx, version_id)
        tasks = Task.select(Task.id, *(getattr(Task, name) for name in PLANNED)).where(
            Task.project == version["project_id"])
        project_tasks = Task.select(Task.id).where(Task.project == version["project_id"])
        planned = {name: Task.select(getattr(Task, name)).where(Task.id == LINK.task) for name in PLANNED}
        count = _copy_links(version["id"], tasks, planned, project_tasks)
        _replace_assignees(version["id"], project_tasks, TaskPersonLink.select(
            TaskPersonLink.task, TaskPersonLink.person).where(TaskPersonLink.task.in_(project_tasks)))
        resp.media = {"success": True, "task_link_count": count}


class FromVersionResource:
    def on_post(self, req, resp, version_id):
        ctx = context(req)
        version = _version(ctx, version_id)
        body = validated(req, "data/production/projects/schedule#/$defs/copy_version")
        other = rows.fetch_one(info(ProductionScheduleVersion), parse_id(body["production_schedule_version_id"]),
                               False, derived_mode=None)
        if other is None:
            raise NotFound(f"ProductionScheduleVersion {body['production_schedule_version_id']} not found.")
        if other["id"] == version["id"]:
            raise BadRequest("A production schedule version cannot be copied onto itself.")
        if other["project_id"] != version["project_id"]:
            raise BadRequest("Production schedule versions must belong to the same project.")
        source_links = LINK.select(LINK.task, *(getattr(LINK, name) for name in PLANNED)).where(
            LINK.production_schedule_version == other["id"])
        source_tasks = LINK.select(LINK.task).where(LINK.production_schedule_version == other["id"])
        origin = LINK.alias("origin")
        planned = {name: origin.select(getattr(origin, name)).where(
            origin.production_schedule_version == other["id"], origin.task == LINK.task) for name in PLANNED}
        count = _copy_links(version["id"], source_links, planned, source_tasks)
        person_link = ProductionScheduleVersionTaskLinkPersonLink
        people = (person_link.select(LINK.task, person_link.person)
                  .join(LINK, on=(person_link.production_schedule_version_task_link == LINK.id))
                  .where(LINK.production_schedule_version == other["id"]))
        _replace_assignees(version["id"], source_tasks, people)
        _version_changed(ctx, version["id"], version["project_id"], production_schedule_from=other["id"])
        resp.media = {"success": True, "task_link_count": count}


class ApplyResource:
    def on_post(self, req, resp, version_id):
        ctx = context(req)
        version = _version(ctx, version_id)
        planned = LINK.select(LINK.task).where(LINK.production_schedule_version == version["id"])
        task_ids = [task for (task,) in Task.select(Task.id).where(Task.id.in_(planned)).tuples()]
        values = {name: LINK.select(getattr(LINK, name)).where(
            LINK.production_schedule_version == version["id"], LINK.task == Task.id) for name in PLANNED}
        Task.update(updated_at=utcnow(), **values).where(Task.id.in_(planned)).execute()
        for task_id in task_ids:
            emit(ctx, "task:update", {"task_id": task_id}, version["project_id"])
        _version_changed(ctx, version["id"], version["project_id"], locked=True)
        Project.update(from_schedule_version_id=version["id"], updated_at=utcnow()).where(
            Project.id == version["project_id"]).execute()
        project_changed(ctx, version["project_id"])
        resp.media = {"success": True, "task_count": len(task_ids)}


def routes() -> list:
    base = "/actions/production-schedule-versions/{version_id}"
    summary = "data/production/projects/schedule#/$defs/"
    return [
        Route(f"{base}/set-task-links-from-production", FromProductionResource(), tags=("data",), operations={
            "POST": Operation(
                summary="Fill a schedule version from the production's tasks (managers)",
                description="Each task's dates, estimation and assignees become (or refresh) its link in the version. "
                            "Answers `{success, task_link_count}`.",
                response_schema=summary + "task_link_count", operation_id="set_schedule_version_links_from_tasks")}),
        Route(f"{base}/set-task-links-from-production-schedule-version", FromVersionResource(), tags=("data",),
              operations={"POST": Operation(
                  summary="Copy another schedule version of the production into this one (managers)",
                  description="Body `{production_schedule_version_id}`: links of that version are copied over "
                              "(assignees of the copied links replaced); the version records where it came from. "
                              "Answers `{success, task_link_count}`.",
                  request_schema=summary + "copy_version", response_schema=summary + "task_link_count",
                  operation_id="set_schedule_version_links_from_version")}),
        Route(f"{base}/apply-to-production", ApplyResource(), tags=("data",), operations={"POST": Operation(
            summary="Apply a schedule version to the production's tasks (managers)",
            description="The tasks take the version's dates and estimations (a `task:update` each); the version is "
                        "locked and the project records it. Answers `{success, task_count}`.",
            response_schema=summary + "task_count", operation_id="apply_schedule_version")}),
    ]
