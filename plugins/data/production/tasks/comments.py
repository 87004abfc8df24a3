"""Comment routes: one comment, batches of comments, and moving a comment to another task.

Bodies come as JSON or, when gazu sends files, as multipart forms (the
comment's fields as text parts, lists JSON-encoded; batches put the list of
comments in a ``comments`` part and name files ``attachment_file-<i>-<j>``).
Attachments become rows; preview files in a batch are refused until preview
uploads exist (``/actions/tasks/<id>/comments/<id>/add-preview`` creates the
preview rows meanwhile).
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud.values import parse_id
from ...engine import context, emit, many, media, one, require
from ...models import Comment, CommentPreviewLink, PreviewFile, Project, Task
from ...models.base import utcnow
from . import notify
from .commenting import COMMENT_SCHEMA, comment_answers, post_comment, task_comment
from .forms import Upload, flag_field, is_form, json_field, read_form

ANSWERS = "data/production/tasks/answers#/$defs/"


def _form_comment(fields: dict) -> dict:
    """A comment body rebuilt from form fields (gazu JSON-encodes the lists)."""

    values = {k: v for k, v in fields.items() if k not in ("checklist", "links", "for_client")}
    values["checklist"] = json_field(fields, "checklist", [])
    values["links"] = json_field(fields, "links", [])
    values["for_client"] = flag_field(fields, "for_client")
    return values


def _batch_items(req, schema: str) -> tuple[list, list[Upload]]:
    """The comments of a batch and its uploads (``comments`` part of a form, or the JSON body)."""

    if is_form(req):
        fields, uploads = read_form(req)
        items = json_field(fields, "comments", [])
    else:
        body, uploads = media(req, []), []
        items = body.get("comments") if isinstance(body, dict) else body
    items = req.context.app.schemas.validate(schema, items)
    if any(u.field.startswith("preview_file") for u in uploads):
        raise BadRequest("Preview files cannot be uploaded with comments yet: post the comments, then add "
                         "previews with /actions/tasks/<task_id>/comments/<comment_id>/add-preview.")
    return items, uploads


def _uploads_of(uploads: list[Upload], index: int) -> list[Upload]:
    prefix = f"attachment_file-{index}-"
    return [u for u in uploads if u.field.startswith(prefix)]


def _tasks(ctx, task_ids) -> dict:
    found = {t["id"]: t for t in many(ctx, Task, Task.id.in_(task_ids))}
    missing = [str(i) for i in dict.fromkeys(task_ids) if i not in found]
    if missing:
        raise NotFound(f"Task(s) not found: {', '.join(missing)}.")
    return found


def post_batch(ctx, items: list, uploads: list[Upload], task_key: str, project_id=None,
               departments: bool = False) -> list[dict]:
    """Post each comment of a batch on its task (``task_key`` names it); answer them in order."""

    task_ids = [parse_id(item[task_key]) for item in items]
    tasks = _tasks(ctx, task_ids)
    if project_id is not None:
        strays = [str(t["id"]) for t in tasks.values() if t["project_id"] != project_id]
        if strays:
            raise BadRequest(f"Task(s) not in this project: {', '.join(strays)}.")
    posted = [post_comment(ctx, tasks[task_id], item, _uploads_of(uploads, index))
              for index, (task_id, item) in enumerate(zip(task_ids, items))]
    return comment_answers(ctx, posted, departments)


class TaskComment:
    """POST ``/actions/tasks/<id>/comment``: comment, change the status, notify."""

    def on_post(self, req, resp, task_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        uploads = []
        if is_form(req):
            fields, uploads = read_form(req)
            values = _form_comment(fields)
        else:
            values = media(req, {})
        values = req.context.app.schemas.validate(COMMENT_SCHEMA, values)
        resp.media = comment_answers(ctx, [post_comment(ctx, task, values, uploads)])[0]
        resp.status = falcon.HTTP_201


class BatchComment:
    """POST ``/actions/tasks/batch-comment`` (each comment names its ``task_id``) or ``/actions/tasks/<id>/batch-comment``."""

    def on_post(self, req, resp, task_id=None):
        ctx = context(req)
        items, uploads = _batch_items(req, "data/production/tasks/batch_comment")
        if task_id is not None:
            items = [{**item, "task_id": str(parse_id(task_id))} for item in items]
        elif any(not item.get("task_id") for item in items):
            raise BadRequest("Every comment of the batch needs a 'task_id'.")
        answers = post_batch(ctx, items, uploads, "task_id")
        for answer in answers:
            answer["preview_files"] = []
        resp.media = answers
        resp.status = falcon.HTTP_201


class CommentMany:
    """POST ``/actions/projects/<id>/tasks/comment-many``: comments on tasks of one project (``object_id``)."""

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        items, uploads = _batch_items(req, "data/production/tasks/comment_many")
        items = [{**item, "object_id": item.get("object_id") or item.get("task_id")} for item in items]
        if any(not item["object_id"] for item in items):
            raise BadRequest("Every comment needs an 'object_id' (its task).")
        resp.media = post_batch(ctx, items, uploads, "object_id", project["id"], departments=True)
        resp.status = falcon.HTTP_201


class MoveComment:
    """POST ``/actions/tasks/<id>/comments/<id>/move`` ``{"target_task_id"}``: to another task of the entity.

    Reserved to managers (the right to create comments on the target task);
    the comment keeps its date, text, status and files; its previews follow
    it; news and notifications are rebuilt on the target task.
    """

    def on_post(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        body = req.context.app.schemas.validate("data/production/tasks/move_comment", media(req, {}))
        target = one(ctx, Task, body["target_task_id"], relations=False)
        if target["entity_id"] != task["entity_id"]:
            raise BadRequest("A comment can only move to another task of the same entity.")
        require(ctx, Comment, "create", changes={"object_id": target["id"], "object_type": "Task",
                                                 "person_id": comment["person_id"]})
        notify.comment_withdrawn(comment["id"])
        Comment.update(object_id=target["id"], updated_at=utcnow()).where(Comment.id == comment["id"]).execute()
        previews = CommentPreviewLink.select(CommentPreviewLink.preview_file).where(
            CommentPreviewLink.comment == comment["id"])
        PreviewFile.update(task=target["id"]).where(PreviewFile.id.in_(previews)).execute()
        notify.comment_posted(ctx, target, comment["id"], comment["person_id"], comment.get("text"),
                                    bool(comment.get("task_status_id")),
                                    notify.mentions_in(target["project_id"], comment.get("text")))
        emit(ctx, "comment:update", {"comment_id": comment["id"], "task_id": target["id"]}, target["project_id"])
        answer = comment_answers(ctx, [comment["id"]])[0]
        answer.pop("person")
        answer.pop("task_status")
        resp.media = answer


def routes() -> list[Route]:
    comment = ANSWERS + "comment"
    batch = Operation(summary="Post comments on several tasks (JSON or multipart with files)",
                      request_schema="data/production/tasks/batch_comment_body",
                      response_schema=ANSWERS + "comments", status=201)
    return [
        Route("/actions/tasks/{task_id}/comment", TaskComment(), tags=("data",), operations={"POST": Operation(
            summary="Comment on a task and set its status", request_schema=COMMENT_SCHEMA,
            response_schema=comment, status=201,
            description="JSON, or a multipart form whose file parts become the comment's attachments.")}),
        Route("/actions/tasks/batch-comment", BatchComment(), tags=("data",), operations={"POST": batch}),
        Route("/actions/tasks/{task_id}/batch-comment", BatchComment(), tags=("data",), operations={"POST": batch}),
        Route("/actions/projects/{project_id}/tasks/comment-many", CommentMany(), tags=("data",), operations={
            "POST": Operation(summary="Post comments on tasks of a project",
                              request_schema="data/production/tasks/comment_many",
                              response_schema=ANSWERS + "comments", status=201)}),
        Route("/actions/tasks/{task_id}/comments/{comment_id}/move", MoveComment(), tags=("data",), operations={
            "POST": Operation(summary="Move a comment to another task of the same entity",
                              request_schema="data/production/tasks/move_comment",
                              response_schema="data/comments#/$defs/row")}),
    ]
