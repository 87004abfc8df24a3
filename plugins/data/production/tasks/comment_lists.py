"""Reading comments and their attachments, per task and per project.

Comments come through ``many()`` so the policy's comment scope applies (a
client only gets their own comments and those meant for clients); attachment
lists are narrowed to the comments the actor may read. The task's comment
list embeds previews and statuses the way Kitsu's comment panel expects,
loaded with one query each for the whole list.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ...crud.meta import info
from ...engine import context, many, one
from ...models import AttachmentFile, Comment, PreviewFile, Project, Task, TaskStatus

PREVIEW_KEYS = ("id", "task_id", "revision", "extension", "width", "height", "duration", "status",
                "validation_status", "original_name", "position", "annotations")
ANSWERS = "data/production/tasks/answers#/$defs/"


def readable_comments(ctx, *conditions):
    """Subquery: ids of the comments matching ``conditions`` that the actor may read."""

    return Comment.select(Comment.id).where(*conditions, *ctx.app.scope(ctx.actor, Comment, "read"))


def task_comments(ctx, task_id) -> list[dict]:
    task = one(ctx, Task, task_id, relations=False)
    comments = many(ctx, Comment, Comment.object_id == task["id"],
                    order_by=(Comment.created_at.desc(), Comment.id), relations=True)
    preview_ids = {p for c in comments for p in c["previews"]}
    previews = {}
    if preview_ids:
        columns = [info(PreviewFile).columns[key].alias(key) for key in PREVIEW_KEYS]
        previews = {p["id"]: p for p in PreviewFile.select(*columns).where(PreviewFile.id.in_(preview_ids)).dicts()}
    status_ids = {c["task_status_id"] for c in comments if c.get("task_status_id")}
    statuses = {}
    if status_ids:
        query = TaskStatus.select(TaskStatus.name, TaskStatus.short_name, TaskStatus.color, TaskStatus.id)
        statuses = {s["id"]: s for s in query.where(TaskStatus.id.in_(status_ids)).dicts()}
    for comment in comments:
        found = [previews[p] for p in comment["previews"] if p in previews]
        comment["previews"] = sorted(found, key=lambda p: (-(p["revision"] or 0), p["position"] or 0))
        comment["task_status"] = statuses.get(comment.get("task_status_id"))
    return comments


class TaskComments:
    """GET ``/data/tasks/<id>/comments``, newest first."""

    def on_get(self, req, resp, task_id):
        resp.media = task_comments(context(req), task_id)


class ProjectComments:
    """GET ``/data/projects/<id>/comments``, newest first (preview ids, no author rows)."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        tasks = Task.select(Task.id).where(Task.project == project["id"])
        comments = many(ctx, Comment, Comment.object_id.in_(tasks),
                        order_by=(Comment.created_at.desc(), Comment.id), relations=True)
        for comment in comments:
            comment.pop("person", None)
        resp.media = comments


class TaskAttachments:
    """GET ``/data/tasks/<id>/attachment-files``."""

    def on_get(self, req, resp, task_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        comments = readable_comments(ctx, Comment.object_id == task["id"])
        resp.media = many(ctx, AttachmentFile, AttachmentFile.comment.in_(comments),
                          order_by=(AttachmentFile.created_at, AttachmentFile.id), relations=True)


class ProjectAttachments:
    """GET ``/data/projects/<id>/attachment-files``."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        comments = readable_comments(ctx, Comment.object_id.in_(Task.select(Task.id).where(
            Task.project == project["id"])))
        resp.media = many(ctx, AttachmentFile, AttachmentFile.comment.in_(comments),
                          order_by=(AttachmentFile.created_at, AttachmentFile.id), relations=True)


def routes() -> list[Route]:
    def get(summary, schema):
        return {"GET": Operation(summary=summary, response_schema=schema)}

    return [
        Route("/data/tasks/{task_id}/comments", TaskComments(), tags=("data",),
              operations=get("Comments of a task, newest first", ANSWERS + "task_comments")),
        Route("/data/projects/{project_id}/comments", ProjectComments(), tags=("data",),
              operations=get("Comments of a project's tasks, newest first", "data/comments#/$defs/list")),
        Route("/data/tasks/{task_id}/attachment-files", TaskAttachments(), tags=("data",),
              operations=get("Files attached to a task's comments", "data/attachment-files#/$defs/list")),
        Route("/data/projects/{project_id}/attachment-files", ProjectAttachments(), tags=("data",),
              operations=get("Files attached to the comments of a project", "data/attachment-files#/$defs/list")),
    ]
