"""Actions on preview files: the entity's main preview, annotations, positions, and an entity's
previews.

Who may do what, as Zou: the main preview is chosen by the production's team
but its clients (vendors on the entities of their tasks,
``data.tasks.set-main-preview``); annotations are drawn by managers, clients
and supervisors of the task's department (``data.tasks.annotate``); positions
are changed by those who may act on the task (``data.tasks.comment``).

Annotations are merged under a lock on the preview's row, so two reviewers
drawing at once both keep their strokes. A main preview chosen at a movie's
frame has that frame extracted first (ffmpeg, outside any transaction: the
route runs its database phase itself); as in Zou, a frame that cannot be
extracted leaves the previous picture in place.
"""

from __future__ import annotations

import logging

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import context, emit, ids_param, lock, many, media, one, require
from clapboard.plugins.data.event_names import KINDS
from clapboard.plugins.data.models import Entity, EntityType, PreviewFile, Task, TaskType
from clapboard.plugins.data.models.base import utcnow
from clapboard.transactions import in_transaction

from .annotations import merge
from .frames import replace_with_frame

log = logging.getLogger("clapboard.pictures")
PREVIEW_ROW = "data/preview-files#/$defs/row"
ENTITY_ROW = "data/entities#/$defs/row"
NO_PREVIEW = "This task has no preview file to set as the main preview."
EVENTS = {"preview-file:set-main": "a preview became its entity's main preview",
          "preview-file:annotation-update": "the drawings on a preview changed"}


def _row(model, row_id) -> dict:
    return rows.fetch_one(info(model), row_id, False, derived_mode=None)


def _preview_and_task(ctx, preview_file_id) -> tuple[dict, dict]:
    preview = one(ctx, PreviewFile, preview_file_id, relations=False)
    return preview, _row(Task, preview["task_id"])


def _acting_on_preview(req, preview_file_id, verb: str, schema: str) -> tuple:
    """(context, preview, task, validated body) once ``data.tasks.<verb>`` allows the actor."""

    ctx = context(req)
    preview, task = _preview_and_task(ctx, preview_file_id)
    require(ctx, Task, verb, row=task)
    return ctx, preview, task, req.context.app.schemas.validate(schema, media(req, {}))


def set_main_preview(ctx, entity_id, preview: dict) -> dict:
    """Make ``preview`` the picture of its entity; Zou's events; the entity as Zou answers it."""

    Entity.update(preview_file_id=preview["id"], updated_at=utcnow()).where(Entity.id == entity_id).execute()
    entity = _row(Entity, entity_id)
    emit(ctx, "preview-file:set-main", {"entity_id": entity_id, "preview_file_id": preview["id"]},
         entity["project_id"])
    kind = (EntityType.select(EntityType.name).where(EntityType.id == entity["entity_type_id"]).scalar() or "").lower()
    kind = kind if kind in KINDS else "asset"
    emit(ctx, f"{kind}:update", {f"{kind}_id": entity_id}, entity["project_id"])
    entity["type"] = "Entity"  # Zou answers the generic entity row here, whatever its kind
    entity["preview_file_status"] = preview["status"]
    return entity


def last_preview(task_id) -> dict | None:
    """Zou's "last preview" of a task: the first file of its newest revision."""

    found = (PreviewFile.select(PreviewFile.id).where(PreviewFile.task == task_id)
             .order_by(PreviewFile.revision.desc(), PreviewFile.created_at, PreviewFile.position).scalar())
    return _row(PreviewFile, found) if found is not None else None


def _frame_number(req):
    body = req.context.app.schemas.validate("pictures/main-preview", media(req, {}))
    value = body.get("frame_number")
    if value is None and req.params.get("frame_number") not in (None, ""):
        try:
            value = int(req.params["frame_number"])
        except ValueError as exc:
            raise BadRequest("frame_number must be a whole number.") from exc
        if value < 0:
            raise BadRequest("frame_number cannot be negative.")
    return value


class PreviewMainPreview:
    """PUT ``/actions/preview-files/<id>/set-main-preview`` (``frame_number`` for movies)."""

    def on_put(self, req, resp, preview_file_id):
        ctx = context(req)
        preview, task = _preview_and_task(ctx, preview_file_id)
        require(ctx, Task, "set-main-preview", row=task)
        frame_number = _frame_number(req)
        if frame_number is not None:
            if preview["extension"] != "mp4":
                raise BadRequest("Can't use a given frame on non movie preview")
            replace_with_frame(req.context.app, preview, task, frame_number)
        in_transaction(req, resp, self._record, preview_id=preview["id"], entity_id=task["entity_id"])

    @staticmethod
    def _record(req, resp, preview_id, entity_id):
        ctx = context(req)
        lock(Entity, [entity_id])
        preview = _row(PreviewFile, preview_id)
        if preview is None:
            raise NotFound(f"PreviewFile {preview_id} not found: it was deleted meanwhile.")
        resp.media = set_main_preview(ctx, entity_id, preview)


class TaskMainPreview:
    """PUT ``/actions/tasks/<id>/set-main-preview``: the task's last preview."""

    def on_put(self, req, resp, task_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        require(ctx, Task, "set-main-preview", row=task)
        lock(Entity, [task["entity_id"]])
        preview = last_preview(task["id"])
        if preview is None:
            raise BadRequest(NO_PREVIEW)
        resp.media = set_main_preview(ctx, task["entity_id"], preview)


class TasksMainPreview:
    """PUT ``/actions/tasks/set-main-preview`` ``{"task_ids": [...]}``: tasks without a preview are skipped."""

    def on_put(self, req, resp):
        ctx = context(req)
        body = req.context.app.schemas.validate("pictures/task-ids", media(req, {}))
        wanted = list(dict.fromkeys(ids_param(body["task_ids"], "task_ids")))
        tasks = many(ctx, Task, Task.id.in_(wanted)) if wanted else []
        found = {str(task["id"]) for task in tasks}
        missing = [str(task_id) for task_id in wanted if str(task_id) not in found]
        if missing:
            raise NotFound(f"Task {missing[0]} not found.")
        for task in tasks:
            require(ctx, Task, "set-main-preview", row=task)
        lock(Entity, {task["entity_id"] for task in tasks})
        by_id = {str(task["id"]): task for task in tasks}
        answer = []
        for task_id in wanted:
            task = by_id[str(task_id)]
            preview = last_preview(task["id"])
            if preview is not None:
                answer.append(set_main_preview(ctx, task["entity_id"], preview))
        resp.media = answer


class UpdateAnnotations:
    """PUT ``/actions/preview-files/<id>/update-annotations`` ``{additions, updates, deletions}``."""

    def on_put(self, req, resp, preview_file_id):
        ctx, preview, task, body = _acting_on_preview(req, preview_file_id, "annotate", "pictures/annotation-changes")
        lock(PreviewFile, [preview["id"]])
        stored = PreviewFile.select(PreviewFile.annotations).where(PreviewFile.id == preview["id"]).scalar()
        merged = merge(stored, body.get("additions", []), body.get("updates", []), body.get("deletions", []))
        now = utcnow()
        PreviewFile.update(annotations=merged, updated_at=now).where(PreviewFile.id == preview["id"]).execute()
        answer = _row(PreviewFile, preview["id"])
        emit(ctx, "preview-file:annotation-update", {"preview_file_id": preview["id"], "person_id": ctx.actor.id,
                                                     "updated_at": now.replace(microsecond=0).isoformat()},
             task["project_id"])
        resp.media = answer


class UpdatePosition:
    """PUT ``/actions/preview-files/<id>/update-position`` ``{"position": n}``: the revision's files renumbered."""

    def on_put(self, req, resp, preview_file_id):
        ctx, preview, task, body = _acting_on_preview(req, preview_file_id, "comment", "pictures/preview-position")
        position = body.get("position", 0)
        same_revision = (PreviewFile.task == task["id"]) & (PreviewFile.revision == preview["revision"])
        siblings = [row_id for (row_id,) in PreviewFile.select(PreviewFile.id).where(same_revision).tuples()]
        lock(PreviewFile, siblings)
        ordered = [row_id for (row_id,) in PreviewFile.select(PreviewFile.id).where(same_revision).order_by(
            PreviewFile.position, PreviewFile.created_at, PreviewFile.id).tuples()]
        if 0 < position <= len(ordered):
            moved = next(row_id for row_id in ordered if str(row_id) == str(preview["id"]))
            ordered.remove(moved)
            ordered.insert(position - 1, moved)
            now = utcnow()
            for index, row_id in enumerate(ordered, start=1):
                PreviewFile.update(position=index, updated_at=now).where(
                    PreviewFile.id == row_id, PreviewFile.position != index).execute()
        resp.media = many(ctx, PreviewFile, same_revision, order_by=(PreviewFile.position, PreviewFile.created_at),
                          check=False)


class EntityPreviewFiles:
    """GET ``/data/entities/<id>/preview-files``: every preview of the entity's tasks, by task type name,
    newest revision first."""

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        names = {str(task_id): name for task_id, name in Task.select(Task.id, TaskType.name).join(TaskType).where(
            Task.entity == entity["id"]).tuples()}
        previews = many(ctx, PreviewFile, PreviewFile.task.in_(list(names)), check=False) if names else []
        previews.sort(key=lambda p: (names.get(str(p["task_id"]), ""), -p["revision"], p["position"]))
        resp.media = previews


def routes() -> list[Route]:
    base = "/actions/preview-files/{preview_file_id}"
    tags = ("pictures",)
    previews = "data/preview-files#/$defs/list"
    return [
        Route(base + "/set-main-preview", PreviewMainPreview(), tags=tags, transaction=False, operations={
            "PUT": Operation(summary="Make a preview its entity's main preview", request_schema="pictures/main-preview",
                             response_schema=ENTITY_ROW,
                             description="For a movie, `frame_number` picks the frame shown as the picture.")}),
        Route(base + "/update-annotations", UpdateAnnotations(), tags=tags, operations={
            "PUT": Operation(summary="Add, change and remove drawings on a preview",
                             request_schema="pictures/annotation-changes", response_schema=PREVIEW_ROW)}),
        Route(base + "/update-position", UpdatePosition(), tags=tags, operations={
            "PUT": Operation(summary="Move a preview among the files of its revision",
                             request_schema="pictures/preview-position", response_schema=previews)}),
        Route("/actions/tasks/{task_id}/set-main-preview", TaskMainPreview(), tags=tags, operations={
            "PUT": Operation(summary="Make a task's last preview its entity's main preview",
                             response_schema=ENTITY_ROW)}),
        Route("/actions/tasks/set-main-preview", TasksMainPreview(), tags=tags, operations={
            "PUT": Operation(summary="Make the last preview of several tasks their entities' main previews",
                             request_schema="pictures/task-ids", response_schema="data/entities#/$defs/list")}),
        Route("/data/entities/{entity_id}/preview-files", EntityPreviewFiles(), tags=tags, operations={
            "GET": Operation(summary="Every preview of an entity's tasks", response_schema=previews)}),
    ]
