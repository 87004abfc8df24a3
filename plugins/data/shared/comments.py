"""Comments through a share link: the ones a guest reads, and the guest's own, written and undone.

A guest reads, on the tasks of the previews the link opens, the comments
published to clients and those of the link's guests. A guest writes only on
those tasks, only with a status flagged for clients (``is_client_allowed``,
400 otherwise), and only when the link allows comments (403). Editing,
deleting and attaching files are for the comment's own guest (403 for any
other comment, 404 for an unknown one). Every write goes through the studio's
own comment paths (``post_comment``, the generic update and delete), so tasks,
notifications and events follow as for anybody's comment; a deleted comment
gives its task back the status of the last remaining one, as Zou does.

Limits where a guest writes: the text (``data/shared/comment``) and
``MAX_COMMENTS_PER_MINUTE`` new comments per guest (429 beyond), counted in
the database so that every API process sees the same count. Files attached
to a guest's comment: ``attachments``.
"""

from __future__ import annotations

import datetime
import uuid

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, PermissionDenied, TooManyRequests

from ..crud import rows, service
from ..crud.meta import info
from ..crud.values import parse_id
from ..engine import emit, lock, media, reference, validated
from ..models import AttachmentFile, Comment, Person, Task, TaskStatus
from ..models.base import utcnow
from ..production.tasks.comment_lists import task_comments
from ..production.tasks.commenting import post_comment
from ..production.tasks.status import apply_status
from .access import (
    guest_context,
    guest_of,
    guests_of,
    may_comment,
    open_request,
    shared_task,
    shared_task_ids,
    system_context,
)

MAX_COMMENTS_PER_MINUTE = 20
FILE_KEYS = ("id", "name", "extension", "size", "mimetype", "comment_id")
ANSWERS = "data/shared/answers#/$defs/"
GUEST_QUERY = ({"name": "guest_id", "in": "query", "schema": {"type": "string", "format": "uuid"},
                "description": "The acting guest (or `guest_id` in the JSON body)."},)


def _cards(person_ids) -> dict:
    found = Person.select(Person.id, Person.first_name, Person.last_name, Person.has_avatar, Person.role,
                          Person.is_guest).where(
        Person.id.in_(list(person_ids))).dicts() if person_ids else []
    return {row["id"]: {**row, "full_name": f"{row['first_name']} {row['last_name']}".strip()} for row in found}


def _with_files_and_authors(comments: list[dict]) -> list[dict]:
    ids = [c["id"] for c in comments]
    files = {}
    if ids:
        query = AttachmentFile.select(*[info(AttachmentFile).columns[k].alias(k) for k in FILE_KEYS]).where(
            AttachmentFile.comment.in_(ids))
        for row in query.dicts():
            files.setdefault(row["comment_id"], []).append(row)
    cards = _cards({c["person_id"] for c in comments})
    for comment in comments:
        comment["attachment_files"] = files.get(comment["id"], [])
        comment["person"] = cards.get(comment["person_id"])
        if "task_status" not in comment:  # the shared panel colours each comment with it
            status = reference(TaskStatus, comment.get("task_status_id"))
            comment["task_status"] = {key: status[key] for key in ("id", "name", "short_name", "color")} \
                if status else None
    return comments


def visible_comments(app, shared) -> list[dict]:
    ctx = system_context(app)
    guests = guests_of(shared)
    found = []
    for task_id in sorted(shared_task_ids(shared), key=str):
        found.extend(c for c in task_comments(ctx, task_id) if c["for_client"] or c["person_id"] in guests)
    found.sort(key=lambda c: c["created_at"], reverse=True)
    return _with_files_and_authors(found)


def comment_answer(comment_id) -> dict:
    row = rows.fetch_one(info(Comment), comment_id, True, derived_mode=None)
    return _with_files_and_authors([row])[0]


def _task(task_id) -> dict:
    return rows.fetch_one(info(Task), task_id, False, derived_mode=None)


def client_status(status_id, refused=BadRequest) -> dict:
    found = TaskStatus.select().where(TaskStatus.id == parse_id(status_id)).dicts().first()
    if found is None:
        raise refused("Task status not found.")
    if not found["is_client_allowed"]:
        raise refused("Task status not allowed for guests.")
    return found


def own_comment(shared, comment_id, guest_id) -> tuple[dict, uuid.UUID]:
    """The guest's own comment on a task the link opens (404 unknown, 403 anybody else's)."""

    guest = guest_of(shared, guest_id)
    try:
        comment_key = parse_id(comment_id)
    except BadRequest as exc:
        raise NotFound(f"Comment {comment_id} not found.") from exc
    comment = Comment.select().where(Comment.id == comment_key).dicts().first()
    if comment is None:
        raise NotFound(f"Comment {comment_id} not found.")
    if comment["person"] != guest or comment["object_id"] not in shared_task_ids(shared):
        raise PermissionDenied("This comment is not yours to change.")
    return comment, guest


def _within_rate(guest) -> None:
    since = utcnow() - datetime.timedelta(minutes=1)
    if Comment.select().where(Comment.person == guest, Comment.created_at > since).count() >= MAX_COMMENTS_PER_MINUTE:
        raise TooManyRequests("Too many comments: wait a minute.")


def guest_id_of(req, body: dict | None = None):
    """The acting guest: the body's ``guest_id``, else the query string's (delete calls)."""

    found = (body.get("guest_id") if isinstance(body, dict) else None) or req.params.get("guest_id")
    if not found:
        raise BadRequest("'guest_id' is required.")
    return found


class SharedComments:
    def on_get(self, req, resp, token):
        shared = open_request(req, token, check_password=True)
        resp.media = visible_comments(req.context.app, shared)

    def on_post(self, req, resp, token):
        shared = open_request(req, token, check_password=True)
        may_comment(shared)
        body = validated(req, "data/shared/comment")
        guest = guest_of(shared, body["guest_id"])
        task_id = shared_task(shared, body["task_id"])
        status = client_status(body["task_status_id"])
        _within_rate(guest)
        ctx = guest_context(req.context.app, guest)
        comment_id = post_comment(ctx, _task(task_id), {
            "task_status_id": str(status["id"]), "text": body.get("text") or "",
            "checklist": body.get("checklist") or [], "person_id": str(guest)})
        resp.media = comment_answer(comment_id)
        resp.status = falcon.HTTP_201


class SharedComment:
    def on_put(self, req, resp, token, comment_id):
        shared = open_request(req, token)
        may_comment(shared)
        body = validated(req, "data/shared/comment-edit")
        comment, guest = own_comment(shared, comment_id, body["guest_id"])
        ctx = guest_context(req.context.app, guest)
        changes = {key: body[key] for key in ("text", "checklist") if body.get(key) is not None}
        status = None
        if body.get("task_status_id") and parse_id(body["task_status_id"]) != comment["task_status"]:
            status = client_status(body["task_status_id"], refused=PermissionDenied)
            changes["task_status_id"] = str(status["id"])
        if changes:
            changes["editor_id"] = str(guest)
            service.update_row(ctx, info(Comment), comment["id"], changes)
        if status is not None and _is_last(comment):
            apply_status(ctx, _task(comment["object_id"]), status, guest)
        resp.media = comment_answer(comment["id"])

    def on_delete(self, req, resp, token, comment_id):
        shared = open_request(req, token)
        may_comment(shared)
        comment, guest = own_comment(shared, comment_id, guest_id_of(req, media(req, {})))
        ctx = guest_context(req.context.app, guest)
        ctx.params["force"] = "true"  # its notifications, news and attachments go with it, as in Zou
        service.delete_row(ctx, info(Comment), comment["id"])
        _status_of_last_comment(ctx, comment["object_id"], guest)
        resp.status = falcon.HTTP_204


def _status_of_last_comment(ctx, task_id, guest) -> None:
    """The task takes back the status of its last remaining comment (Zou's ``reset_task_data``)."""

    lock(Task, [task_id])
    latest = (Comment.select(Comment.task_status).where(Comment.object_id == task_id)
              .order_by(Comment.created_at.desc(), Comment.id.desc()).scalar())
    previous = Task.select(Task.task_status).where(Task.id == task_id).scalar()
    if latest is None or latest == previous:
        return
    Task.update(task_status=latest, updated_at=utcnow()).where(Task.id == task_id).execute()
    project_id = Task.select(Task.project).where(Task.id == task_id).scalar()
    emit(ctx, "task:status-changed", {"task_id": task_id, "new_task_status_id": latest,
                                      "previous_task_status_id": previous, "person_id": guest}, project_id)
    emit(ctx, "task:update", {"task_id": task_id}, project_id)


def _is_last(comment: dict) -> bool:
    latest = (Comment.select(Comment.id).where(Comment.object_id == comment["object_id"])
              .order_by(Comment.created_at.desc(), Comment.id.desc()).scalar())
    return latest == comment["id"]


def routes() -> list[Route]:
    base = "/shared/playlists/{token}/comments"
    password = ({"name": "password", "in": "query", "schema": {"type": "string"},
                 "description": "The link's password, when it has one."},)

    def route(path, resource, operations):
        return Route(path, resource, public=True, cache=False, tags=("shared",), operations=operations)

    return [
        route(base, SharedComments(), {
            "GET": Operation(summary="Comments a guest reads: published to clients, or by this link's guests",
                             parameters=password, response_schema=ANSWERS + "comments",
                             operation_id="list_shared_playlist_comments"),
            "POST": Operation(summary="Comment as a guest on a task of the shared playlist",
                              description="The status must be one flagged for clients; 403 when the link allows "
                                          "no comments or the task is not in the playlist.",
                              parameters=password, request_schema="data/shared/comment",
                              response_schema=ANSWERS + "comment", status=201,
                              operation_id="create_shared_playlist_comment")}),
        route(base + "/{comment_id}", SharedComment(), {
            "PUT": Operation(summary="Edit a guest's own comment (text, checklist, a client status)",
                             request_schema="data/shared/comment-edit", response_schema=ANSWERS + "comment",
                             operation_id="update_shared_playlist_comment"),
            "DELETE": Operation(summary="Delete a guest's own comment", parameters=GUEST_QUERY,
                                request_schema="data/shared/guest-action", status=204,
                                operation_id="delete_shared_playlist_comment")}),
    ]
