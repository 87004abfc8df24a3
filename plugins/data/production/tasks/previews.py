"""Preview rows attached to comments: a new revision, an extra file of a revision, removal.

Only the rows exist for now (status "processing", as Zou answers before the
upload); the files themselves come with the picture and movie routes. Adding
is a task action (``data.tasks.comment``, as Zou's task action access);
removing a preview is a preview deletion (``data.preview-files.delete``,
managers).
"""

from __future__ import annotations

import uuid

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import NotFound

from ...actors import acting_person
from ...crud import rows
from ...crud.meta import info
from ...crud.purge import purge
from ...crud.values import parse_id
from ...engine import context, emit, media, require
from ...models import ALL_MODELS, CommentPreviewLink, News, PreviewFile, Task
from ...models.base import utcnow
from .commenting import task_comment

PREVIEW_ROW = "data/production/tasks/answers#/$defs/preview_file"


def next_revision(task_id) -> int:
    last = PreviewFile.select(peewee.fn.MAX(PreviewFile.revision)).where(PreviewFile.task == task_id).scalar()
    return (last or 0) + 1


def next_position(task_id, revision: int) -> int:
    last = PreviewFile.select(peewee.fn.MAX(PreviewFile.position)).where(
        PreviewFile.task == task_id, PreviewFile.revision == revision).scalar()
    return (last or 0) + 1


def create_preview(ctx, task: dict, comment: dict, revision: int, position: int) -> dict:
    """Insert a preview row of ``task`` linked to ``comment``; answer it as Zou does (with ``comments``)."""

    preview_id, now = uuid.uuid4(), utcnow()
    PreviewFile.insert(id=preview_id, name=str(uuid.uuid4())[:13], revision=revision, position=position,
                       extension="mp4", source="webgui", file_size=0, status="processing",
                       validation_status="neutral", width=0, height=0, duration=0.0, task=task["id"],
                       person=acting_person(ctx.actor), created_at=now, updated_at=now).execute()
    CommentPreviewLink.insert(comment=comment["id"], preview_file=preview_id).execute()
    Task.update(last_preview_file_id=preview_id, updated_at=now).where(Task.id == task["id"]).execute()
    News.update(preview_file=preview_id).where(News.comment == comment["id"], News.preview_file.is_null()).execute()
    emit(ctx, "preview-file:new", {"preview_file_id": preview_id, "comment_id": comment["id"],
                                   "task_id": task["id"], "revision": revision}, task["project_id"])
    return rows.fetch_one(info(PreviewFile), preview_id, False, derived_mode="create")


def _preview_of_task(preview_file_id, task: dict) -> dict:
    found = rows.fetch_one(info(PreviewFile), parse_id(preview_file_id), False, derived_mode=None)
    if found is None or found["task_id"] != task["id"]:
        raise NotFound(f"PreviewFile {preview_file_id} not found on task {task['id']}.")
    return found


class AddPreview:
    """POST ``/actions/tasks/<id>/comments/<id>/add-preview`` ``{"revision"?}``: a new revision's preview."""

    def on_post(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        body = req.context.app.schemas.validate("data/production/tasks/preview", media(req, {}))
        require(ctx, Task, "comment", row=task, changes={"person_id": acting_person(ctx.actor)})
        revision = body.get("revision") or next_revision(task["id"])
        resp.media = create_preview(ctx, task, comment, revision, next_position(task["id"], revision))
        resp.status = falcon.HTTP_201


class CommentPreview:
    """POST: another file for the revision of a preview; DELETE: remove that preview from the comment."""

    def on_post(self, req, resp, task_id, comment_id, preview_file_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        reference = _preview_of_task(preview_file_id, task)
        require(ctx, Task, "comment", row=task, changes={"person_id": acting_person(ctx.actor)})
        revision = reference["revision"]
        resp.media = create_preview(ctx, task, comment, revision, next_position(task["id"], revision))
        resp.status = falcon.HTTP_201

    def on_delete(self, req, resp, task_id, comment_id, preview_file_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        preview = _preview_of_task(preview_file_id, task)
        linked = CommentPreviewLink.select().where(CommentPreviewLink.comment == comment["id"],
                                                   CommentPreviewLink.preview_file == preview["id"]).exists()
        if not linked:
            raise NotFound(f"PreviewFile {preview_file_id} is not a preview of comment {comment_id}.")
        require(ctx, PreviewFile, "delete", row=preview)
        purge(PreviewFile, [preview["id"]], ALL_MODELS)
        latest = (PreviewFile.select(PreviewFile.id).where(PreviewFile.task == task["id"])
                  .order_by(PreviewFile.revision.desc(), PreviewFile.position.desc()).scalar())
        Task.update(last_preview_file_id=latest, updated_at=utcnow()).where(Task.id == task["id"]).execute()
        emit(ctx, "preview-file:delete", {"preview_file_id": preview["id"], "comment_id": comment["id"],
                                          "task_id": task["id"]}, task["project_id"])
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    base = "/actions/tasks/{task_id}/comments/{comment_id}"
    return [
        Route(base + "/add-preview", AddPreview(), tags=("data",), operations={"POST": Operation(
            summary="Add a preview (a new revision) to a comment", request_schema="data/production/tasks/preview",
            response_schema=PREVIEW_ROW, status=201,
            description="Creates the preview row (status processing); the file is uploaded separately.")}),
        Route(base + "/preview-files/{preview_file_id}", CommentPreview(), tags=("data",), operations={
            "POST": Operation(summary="Add another preview file to the revision of a preview",
                              response_schema=PREVIEW_ROW, status=201),
            "DELETE": Operation(summary="Remove a preview from a comment (and delete it)", status=204)}),
    ]
