"""Two task actions Zou keeps for scripts: a priority for many tasks, and a task sent for review.

``set-priority`` changes what it may and skips the rest, as Zou does: a task
that is unknown, out of reach or that the actor may not update (managers of
the production; supervisors on tasks of their departments) is left out of
the answer, which lists the tasks changed (a ``task:update`` each).

``to-review`` moves a task to Zou's review status ("Waiting For Approval",
made with short name ``pndng`` when the studio has none) unless
``change_status`` is false, and announces ``task:to-review`` with Zou's
payload; it answers the task with its project, entity, entity type, the
person who sent it, the comment and the preview path. Moving the status is
a task action (``data.tasks.comment``, who may set that status by
commenting); the preview path is empty when the project has no preview file
tree (Zou's answer then).
"""

from __future__ import annotations

import uuid

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, PermissionDenied

from ...actors import acting_person
from ...crud import rows, service
from ...crud.meta import info
from ...engine import context, emit, ids_param, many, one, reference, require, validated
from ...models import Entity, EntityType, Person, Project, Task, TaskStatus
from ...models.base import utcnow

REVIEW_STATUS = ("Waiting For Approval", "pndng")


class SetPriorityResource:
    def on_put(self, req, resp):
        ctx = context(req)
        body = validated(req, "data/production/tasks/set_priority")
        changed = []
        for task_id in dict.fromkeys(ids_param(body["task_ids"], "task_ids")):
            try:
                changed.append(service.update_row(ctx, info(Task), task_id, {"priority": body["priority"]}))
            except (NotFound, PermissionDenied):
                continue
        resp.media = changed


def review_status() -> dict:
    name, short_name = REVIEW_STATUS
    found = TaskStatus.select(TaskStatus.id).where(TaskStatus.name == name).scalar()
    if found is None:
        found = uuid.uuid4()
        TaskStatus.insert(id=found, name=name, short_name=short_name, color="#f5f5f5").execute()
    return rows.fetch_one(info(TaskStatus), found, False, derived_mode=None)


def _sender(ctx, person_id) -> dict:
    wanted = person_id or acting_person(ctx.actor)
    found = many(ctx, Person, Person.id == wanted, check=False) if wanted else []
    if not found:
        raise BadRequest("Cannot find given person.")
    return found[0]


class ToReviewResource:
    def on_put(self, req, resp, task_id):
        ctx = context(req)
        body = validated(req, "data/production/tasks/to_review")
        task = one(ctx, Task, task_id, relations=False)
        person = _sender(ctx, body.get("person_id"))
        change_status = body.get("change_status") is not False
        status = review_status()
        previous = task["task_status_id"]
        if change_status:
            require(ctx, Task, "comment", row=task, changes={"task_status_id": status["id"]})
            Task.update(task_status=status["id"], updated_at=utcnow()).where(Task.id == task["id"]).execute()
        entity = reference(Entity, task["entity_id"]) or {}
        entity_type = reference(EntityType, entity.get("entity_type_id")) or {}
        project = reference(Project, task["project_id"]) or {}
        preview_path = {"folder_path": "", "file_name": ""}
        comment = body.get("comment") if body.get("comment") is not None else ""
        emit(ctx, "task:to-review", {
            "task_id": task["id"], "task_shotgun_id": task.get("shotgun_id"),
            "entity_type_name": entity_type.get("name"), "previous_task_status_id": previous,
            "entity_shotgun_id": entity.get("shotgun_id"), "project_shotgun_id": project.get("shotgun_id"),
            "person_shotgun_id": person.get("shotgun_id"), "comment": comment, "preview_path": preview_path,
            "change_status": change_status}, task["project_id"])
        answer = rows.fetch_one(info(Task), task["id"], False, derived_mode=None)
        answer.update(project=project, entity=entity, entity_type=entity_type, person=person, comment=comment,
                      preview_path=preview_path)
        resp.media = answer


def routes() -> list:
    return [
        Route("/actions/tasks/set-priority", SetPriorityResource(), tags=("data",), operations={"PUT": Operation(
            summary="Give several tasks one priority (managers; supervisors on their departments' tasks)",
            description="Tasks the actor may not change (or cannot reach) are skipped. Answers the tasks changed.",
            request_schema="data/production/tasks/set_priority", response_schema="data/tasks#/$defs/list")}),
        Route("/actions/tasks/{task_id}/to-review", ToReviewResource(), tags=("data",), operations={"PUT": Operation(
            summary="Send a task for review",
            description="Moves it to the review status unless `change_status` is false; answers the task with "
                        "`project`, `entity`, `entity_type`, `person`, `comment` and `preview_path`.",
            request_schema="data/production/tasks/to_review",
            response_schema="data/production/tasks/answers#/$defs/to_review")}),
    ]
