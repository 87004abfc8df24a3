"""One comment of a task: read it, or delete it and recompute its task as Zou does.

Reading follows the comment read scope (a client reads their own comments
and those published to clients). Deleting is for the managers of the
production and for the comment's author (the generic comment rule): the
comment goes with its previews, notifications and news, then the task's
status, retake count, start, end and last comment dates are recomputed from
the comments left (a ``task:status-changed`` when the status moves back),
with ``comment:delete`` and ``task:update``.
"""

from __future__ import annotations

import falcon
import peewee

from clapboard import Operation, Route

from ...crud.purge import purge
from ...engine import context, emit, one, require
from ...models import ALL_MODELS, Comment, CommentPreviewLink, PreviewFile, Task, TaskStatus, TimeSpent
from ...models.base import utcnow
from .commenting import task_comment
from .rows import default_status_id


def reset_task(ctx, task: dict):
    """The task's comment-derived columns, computed again from its comments (Zou's ``reset_task_data``);
    answers the status the task ends with."""

    values = {"retake_count": 0, "real_start_date": None, "last_comment_date": None, "end_date": None,
              "task_status": default_status_id()}
    previous_retake = False
    query = (Comment.select(Comment.task_status, Comment.created_at, TaskStatus.is_retake,
                            TaskStatus.is_feedback_request, TaskStatus.short_name)
             .join(TaskStatus, on=(TaskStatus.id == Comment.task_status))
             .where(Comment.object_id == task["id"]).order_by(Comment.created_at).tuples())
    for status_id, created_at, is_retake, is_feedback, short_name in query:
        if is_retake and not previous_retake:
            values["retake_count"] += 1
        previous_retake = bool(is_retake)
        if (short_name or "").lower() == "wip" and values["real_start_date"] is None:
            values["real_start_date"] = created_at
        values["end_date"] = created_at if is_feedback else None
        values["task_status"] = status_id
        values["last_comment_date"] = created_at
    spent = TimeSpent.select(peewee.fn.SUM(TimeSpent.duration)).where(TimeSpent.task == task["id"]).scalar()
    Task.update(duration=spent or 0, updated_at=utcnow(), **values).where(Task.id == task["id"]).execute()
    emit(ctx, "task:update", {"task_id": task["id"]}, task["project_id"])
    return values["task_status"]


class TaskCommentResource:
    def on_get(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task_comment(ctx, task_id, comment_id)
        resp.media = one(ctx, Comment, comment_id)

    def on_delete(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        require(ctx, Comment, "delete", row=comment)
        previews = [p for (p,) in CommentPreviewLink.select(CommentPreviewLink.preview_file)
                    .where(CommentPreviewLink.comment == comment["id"]).tuples()]
        if previews:
            purge(PreviewFile, previews, ALL_MODELS)
        purge(Comment, [comment["id"]], ALL_MODELS)
        latest = (PreviewFile.select(PreviewFile.id).where(PreviewFile.task == task["id"])
                  .order_by(PreviewFile.revision.desc(), PreviewFile.position.desc()).scalar())
        Task.update(last_preview_file_id=latest).where(Task.id == task["id"]).execute()
        emit(ctx, "comment:delete", {"comment_id": comment["id"]}, task["project_id"])
        status = reset_task(ctx, task)
        if status != task["task_status_id"]:
            emit(ctx, "task:status-changed", {"task_id": task["id"], "new_task_status_id": status,
                                              "previous_task_status_id": task["task_status_id"],
                                              "person_id": comment["person_id"]}, task["project_id"])
        resp.status = falcon.HTTP_204


def routes() -> list:
    return [Route("/data/tasks/{task_id}/comments/{comment_id}", TaskCommentResource(), tags=("data",), operations={
        "GET": Operation(summary="A comment of a task", response_schema="data/comments#/$defs/row",
                         description="The comment must belong to the task (404 otherwise)."),
        "DELETE": Operation(
            summary="Delete a comment of a task (its author or the production's managers)", status=204,
            description="Its previews, notifications and news go too; the task's status, retake count and dates "
                        "are recomputed from the comments left."),
    })]
