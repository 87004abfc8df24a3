"""The database side of an upload: claiming the preview row, releasing it, publishing the file.

Three short transactions frame the slow work of an upload (decoding, storing):

- ``claim`` sets ``original_name`` in one conditional ``UPDATE`` (a row lock
  on PostgreSQL, the writer's lock on SQLite), so of two uploads to one
  preview exactly one wins; the other gets Zou's re-upload refusal.
- ``release`` gives the claim back when the file was refused or could not be
  stored: the preview row is as it was before the upload (the claim leaves
  ``updated_at`` alone, it is no change anyone should see).
- ``publish`` records what was stored (status, extension, size, dimensions),
  refreshes the task's last preview and, when the production asks for it, the
  entity's main preview, and emits Zou's events. It only touches a row still
  claimed by this upload (one deleted meanwhile is a 404 and the caller
  removes the stored objects). A claim that a restarting process took for a
  crashed one (``recovery`` marked it broken) is still this upload's: the
  upload finished, so the row becomes ready after all.
"""

from __future__ import annotations

import falcon

from clapboard.errors import BadRequest, NotFound

from ...data.crud import rows
from ...data.crud.meta import info
from ...data.engine import emit
from ...data.models import CommentPreviewLink, PreviewFile, Project, Task
from ...data.models.base import utcnow
from .actions import set_main_preview

REUPLOAD = ("A file was already uploaded for this preview file: it cannot be uploaded again "
            "(add a new preview to the comment instead).")


def _unclaimed():
    return PreviewFile.original_name.is_null() | (PreviewFile.original_name == "")


def claim(req, resp, preview_id, original_name: str, extension: str) -> None:
    """Mark the preview as being uploaded (400 when a file was uploaded, or is being, already).

    The claim also records the extension the file will have, so that a claim
    left by a crash is recognisable at start (``recovery``)."""

    changed = (PreviewFile.update(original_name=original_name, extension=extension)
               .where(PreviewFile.id == preview_id, _unclaimed()).execute())
    if changed:
        return
    if not PreviewFile.select().where(PreviewFile.id == preview_id).exists():
        raise NotFound(f"PreviewFile {preview_id} not found.")
    raise BadRequest(REUPLOAD)


def release(req, resp, preview_id, original_name: str, extension: str | None) -> None:
    """Undo ``claim`` (only while the row still holds this upload's claim and no file)."""

    (PreviewFile.update(original_name=None, extension=extension)
     .where(PreviewFile.id == preview_id, PreviewFile.original_name == original_name,
            PreviewFile.status == "processing").execute())


def publish(req, resp, ctx, preview_id, original_name: str, columns: dict, kind: str, after=None) -> None:
    """Record the stored file on the row, emit Zou's events and answer the row (201).

    ``after(preview_id)`` runs inside the transaction once the row is updated
    (the movie job's row is written there, so it exists iff the upload committed).
    """

    changed = (PreviewFile.update(**columns, updated_at=utcnow())
               .where(PreviewFile.id == preview_id, PreviewFile.original_name == original_name,
                      PreviewFile.status.in_(("processing", "broken"))).execute())
    if not changed:
        raise NotFound(f"PreviewFile {preview_id} was removed or changed during the upload.")
    if after is not None:
        after(preview_id)
    preview = rows.fetch_one(info(PreviewFile), preview_id, False, derived_mode=None)
    task = Task.select(Task.id, Task.project, Task.entity).where(Task.id == preview["task_id"]).first()
    project_id = task.project_id if task else None
    if kind == "picture" and task is not None and preview["position"] == 1:
        _refresh_task_and_entity(ctx, preview, task)
    _emit_events(ctx, preview, project_id)
    resp.media = preview
    resp.status = falcon.HTTP_201


def _refresh_task_and_entity(ctx, preview: dict, task) -> None:
    """As Zou after a picture upload: the task's last preview, and the entity's main preview when
    the production sets it automatically (through the set-main-preview action, events included)."""

    Task.update(last_preview_file_id=preview["id"], updated_at=utcnow()).where(Task.id == task.id).execute()
    automated = Project.select(Project.is_set_preview_automated).where(Project.id == task.project_id).scalar()
    if automated and task.entity_id is not None:
        set_main_preview(ctx, task.entity_id, preview)


def _emit_events(ctx, preview: dict, project_id) -> None:
    """Zou's ``update_preview_file`` then ``emit_app_preview_event``."""

    emit(ctx, "preview-file:update", {"preview_file_id": preview["id"], "status": preview["status"]}, project_id)
    comment_id = (CommentPreviewLink.select(CommentPreviewLink.comment)
                  .where(CommentPreviewLink.preview_file == preview["id"]).scalar())
    if comment_id is None:
        return
    emit(ctx, "comment:update", {"comment_id": comment_id}, project_id)
    emit(ctx, "preview-file:add-file", {
        "comment_id": comment_id, "task_id": preview["task_id"], "preview_file_id": preview["id"],
        "revision": preview["revision"], "extension": preview["extension"], "status": preview["status"]},
        project_id)
