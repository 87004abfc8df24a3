"""Around a posted comment: replies, acknowledgements and attachments.

Replies live in the comment's ``replies`` JSON list (``{id, date, person_id,
text, mentions, department_mentions}``), as in Zou. Who may do what:

- reply: whoever may comment on the task (``data.tasks.comment``, no status change);
- delete a reply: its author, else whoever may delete the comment (``data.comments.delete``);
- acknowledge: whoever reads the comment (the toggle is their own mark);
- add or remove attachments: whoever may edit the comment (``data.comments.update``).
"""

from __future__ import annotations

import uuid

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...actors import acting_person
from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import context, emit, media, require
from ...models import AttachmentFile, Comment, CommentAcknowledgement, Notification, Task
from ...models.base import utcnow
from . import notify
from .commenting import attach_files, comment_answers, task_comment
from .forms import is_form, read_form
from .rows import persons

CARD = ("id", "first_name", "last_name", "full_name", "has_avatar", "role")


def _me(ctx) -> uuid.UUID:
    me = acting_person(ctx.actor)
    if me is None:
        raise BadRequest("Only a person can do this.")
    return me


def _plain_comment(comment_id) -> dict:
    """The comment's columns only, as Zou answers reply deletions."""

    return rows.fetch_one(info(Comment), comment_id, False, derived_mode=None)


class Reply:
    """POST ``/data/tasks/<id>/comments/<id>/reply`` ``{"text", "person_id"?}``."""

    def on_post(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        body = req.context.app.schemas.validate("data/production/tasks/reply", media(req, {}))
        author = _me(ctx)
        if body.get("person_id") and parse_id(body["person_id"]) != author:
            require(ctx, Comment, "create", changes={"object_id": task["id"], "object_type": "Task",
                                                     "person_id": body["person_id"]})
            author = parse_id(body["person_id"])
        require(ctx, Task, "comment", row=task, changes={"person_id": author})
        people, departments = notify.mentions_in(task["project_id"], body["text"])
        now = utcnow()
        reply = {"id": str(uuid.uuid4()), "date": now.replace(microsecond=0).isoformat(), "person_id": str(author), "text": body["text"],
                 "mentions": [str(p) for p in people], "department_mentions": [str(d) for d in departments]}
        Comment.update(replies=list(comment.get("replies") or []) + [reply], updated_at=now).where(
            Comment.id == comment["id"]).execute()
        notify.reply_posted(ctx, task, comment, uuid.UUID(reply["id"]), author, (people, departments))
        emit(ctx, "comment:reply", {"task_id": task["id"], "comment_id": comment["id"], "reply_id": reply["id"]},
             task["project_id"])
        card = persons(ctx, [author]).get(author) or {}
        resp.media = {**reply, "created_at": reply["date"], "person": {k: card.get(k) for k in CARD}}


class DeleteReply:
    """DELETE ``/data/tasks/<id>/comments/<id>/reply/<id>``: answers the comment's columns."""

    def on_delete(self, req, resp, task_id, comment_id, reply_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        replies = list(comment.get("replies") or [])
        reply = next((r for r in replies if isinstance(r, dict) and str(r.get("id")) == str(reply_id)), None)
        if reply is None:
            raise NotFound(f"Reply {reply_id} not found.")
        if str(reply.get("person_id")) != str(acting_person(ctx.actor)):
            require(ctx, Comment, "delete", row=comment)
        Comment.update(replies=[r for r in replies if r is not reply], updated_at=utcnow()).where(
            Comment.id == comment["id"]).execute()
        Notification.delete().where(Notification.comment == comment["id"],
                                    Notification.reply_id == parse_id(reply_id)).execute()
        emit(ctx, "comment:delete-reply", {"task_id": task["id"], "comment_id": comment["id"],
                                           "reply_id": str(reply_id)}, task["project_id"])
        resp.media = _plain_comment(comment["id"])


class Acknowledge:
    """POST ``/data/tasks/<id>/comments/<id>/ack``: toggle the actor's acknowledgement."""

    def on_post(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        me = _me(ctx)
        link = CommentAcknowledgement.delete().where(CommentAcknowledgement.comment == comment["id"],
                                                     CommentAcknowledgement.person == me)
        if link.execute():
            name = "comment:unacknowledge"
        else:
            CommentAcknowledgement.insert(comment=comment["id"], person=me).execute()
            name = "comment:acknowledge"
        emit(ctx, name, {"comment_id": comment["id"], "person_id": me, "task_id": task["id"]}, task["project_id"])
        answer = comment_answers(ctx, [comment["id"]])[0]
        answer.pop("person")
        answer.pop("task_status")
        resp.media = answer


class AddAttachment:
    """POST ``/actions/tasks/<id>/comments/<id>/add-attachment`` (multipart files): the new attachment rows."""

    def on_post(self, req, resp, task_id, comment_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        if not is_form(req):
            raise BadRequest("Attachments are sent as a multipart form (file parts).")
        _, uploads = read_form(req)
        if not uploads:
            raise BadRequest("No file was sent.")
        require(ctx, Comment, "update", row=comment)
        ids = attach_files(ctx, comment["id"], uploads)
        emit(ctx, "comment:update", {"comment_id": comment["id"], "task_id": task["id"]}, task["project_id"])
        found = AttachmentFile.select(AttachmentFile.id, AttachmentFile.name, AttachmentFile.extension,
                                      AttachmentFile.size).where(AttachmentFile.id.in_(ids)).dicts()
        by_id = {row["id"]: row for row in found}
        resp.media = [by_id[i] for i in ids]
        resp.status = falcon.HTTP_201


class DeleteAttachment:
    """DELETE ``/data/tasks/<id>/comments/<id>/attachments/<id>``."""

    def on_delete(self, req, resp, task_id, comment_id, attachment_file_id):
        ctx = context(req)
        task, comment = task_comment(ctx, task_id, comment_id)
        attachment_id = parse_id(attachment_file_id)
        if not AttachmentFile.select().where(AttachmentFile.id == attachment_id,
                                             AttachmentFile.comment == comment["id"]).exists():
            raise NotFound(f"AttachmentFile {attachment_id} not found on this comment.")
        require(ctx, Comment, "update", row=comment)
        AttachmentFile.delete().where(AttachmentFile.id == attachment_id).execute()
        # As the generic delete does: whoever keeps the file removes it once this commits.
        emit(ctx, "attachment-file:delete", {"attachment_file_id": attachment_id}, task["project_id"])
        emit(ctx, "comment:update", {"comment_id": comment["id"], "task_id": task["id"]}, task["project_id"])
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    base = "/data/tasks/{task_id}/comments/{comment_id}"
    answers = "data/production/tasks/answers#/$defs/"
    return [
        Route(base + "/reply", Reply(), tags=("data",), operations={"POST": Operation(
            summary="Reply to a comment", request_schema="data/production/tasks/reply",
            response_schema=answers + "reply")}),
        Route(base + "/reply/{reply_id}", DeleteReply(), tags=("data",), operations={"DELETE": Operation(
            summary="Delete a reply", response_schema="data/comments#/$defs/row", status=200)}),
        Route(base + "/ack", Acknowledge(), tags=("data",), operations={"POST": Operation(
            summary="Acknowledge a comment (again: withdraw the acknowledgement)",
            response_schema="data/comments#/$defs/row")}),
        Route(base + "/attachments/{attachment_file_id}", DeleteAttachment(), tags=("data",), operations={
            "DELETE": Operation(summary="Remove an attachment from a comment", status=204)}),
        Route("/actions/tasks/{task_id}/comments/{comment_id}/add-attachment", AddAttachment(), tags=("data",),
              operations={"POST": Operation(
                  summary="Attach files to a comment (multipart)", status=201,
                  description="The rows are created (name, extension, size, type); the file bytes are not "
                              "stored yet, so their download is not served.",
                  response_schema=answers + "attachments")}),
    ]
