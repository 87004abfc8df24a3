"""Posting a comment on a task: the one path behind comment, batch-comment and comment-many.

The policy decides with ``data.tasks.comment`` on the task, the new status in
``changes`` (artists and clients may only use the statuses flagged for
them). Writing in someone else's name, backdating (``created_at``) and
client-visible comments (``for_client``) are moderation: they need the right
to create comments (``data.comments.create``, managers) — someone else's name
without it is refused, the other two are ignored, as gazu documents them as
manager-only options.
"""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest, NotFound

from ...actors import acting_person
from ...crud import rows
from ...crud.meta import info
from ...crud.values import BadValue, parse_id, to_datetime
from ...engine import Target, emit, lock, one, require
from ...models import AttachmentFile, Comment, CommentDepartmentMention, CommentMention, Person, Task, TaskStatus
from ...models.base import utcnow
from . import notify
from .forms import Upload
from .rows import persons, status_row
from .status import apply_status

COMMENT_SCHEMA = "data/production/tasks/comment"


def may_moderate(ctx, task: dict, author_id) -> bool:
    """Whether the actor may write comments as a manager on this task (``data.comments.create``)."""

    target = Target(Comment, changes={"object_id": task["id"], "object_type": "Task", "person_id": author_id})
    return ctx.app.allowed(ctx.actor, "data.comments.create", target)


def author_of(ctx, task: dict, person_id) -> uuid.UUID:
    """Who the comment is from: the actor, or ``person_id`` when the actor may post in others' names."""

    me = acting_person(ctx.actor)
    asked = parse_id(person_id) if person_id else None
    if asked is None or asked == me:
        if me is None:
            raise BadRequest("'person_id' is required: the caller is not a person.")
        return me
    require(ctx, Comment, "create", changes={"object_id": task["id"], "object_type": "Task", "person_id": asked})
    if not Person.select().where(Person.id == asked).exists():
        raise NotFound(f"Person {asked} not found.")
    return asked


def _moment(values: dict, moderator: bool):
    if not moderator or not values.get("created_at"):
        return utcnow()
    try:
        return to_datetime(values["created_at"])
    except BadValue as exc:
        raise BadRequest(f"created_at: not {exc}") from exc


def attach_files(ctx, comment_id, uploads: list[Upload]) -> list:
    """Attachment rows for uploaded files; their bytes go to the plugin that keeps them
    (``data_store_attachment``), in the same transaction: a refusal there undoes the rows."""

    now = utcnow()
    new = [{"id": upload.id, "name": upload.filename[:250], "size": upload.size,
            "extension": upload.extension, "mimetype": (upload.content_type or "")[:255] or None,
            "comment": comment_id, "created_at": now, "updated_at": now} for upload in uploads]
    if new:
        AttachmentFile.insert_many(new).execute()
    for upload in uploads:
        if upload.path is not None:
            ctx.app.hook.data_store_attachment(app=ctx.app, attachment_id=upload.id, upload=upload)
    return [row["id"] for row in new]


def post_comment(ctx, task: dict, values: dict, uploads: list[Upload] = ()) -> uuid.UUID:
    """Write the comment, apply its status, record news and notifications; the comment's id."""

    status = status_row(parse_id(values["task_status_id"]))
    author = author_of(ctx, task, values.get("person_id"))
    require(ctx, Task, "comment", row=task, changes={"task_status_id": status["id"], "person_id": author})
    moderator = may_moderate(ctx, task, author)
    # The task is locked before the comment is dated: comments on one task are written one after the
    # other, so the latest by creation time is the last applied (its status and last_comment_date stay).
    lock(Task, [task["id"]])
    when = _moment(values, moderator)
    text = values.get("comment") if values.get("comment") is not None else values.get("text")
    people, departments = notify.mentions_in(task["project_id"], text)
    comment_id = uuid.uuid4()
    Comment.insert(id=comment_id, object_id=task["id"], object_type="Task", text=text or "",
                   checklist=values.get("checklist") or [], links=values.get("links") or [], replies=[],
                   for_client=bool(values.get("for_client")) and moderator, task_status=status["id"],
                   person=author, created_at=when, updated_at=when).execute()
    if people:
        CommentMention.insert_many([{"comment": comment_id, "person": p} for p in people]).execute()
    if departments:
        CommentDepartmentMention.insert_many([{"comment": comment_id, "department": d}
                                              for d in departments]).execute()
    attach_files(ctx, comment_id, list(uploads))
    changed = apply_status(ctx, task, status, author, when)
    notify.comment_posted(ctx, task, comment_id, author, text, changed, (people, departments))
    emit(ctx, "comment:new", {"comment_id": comment_id, "task_id": task["id"], "task_status_id": status["id"]},
         task["project_id"])
    return comment_id


def comment_answers(ctx, comment_ids: list, departments: bool = False) -> list[dict]:
    """Comments as Zou answers a new one: relations, attachments, the author's and the status's rows."""

    model_info = info(Comment)
    query = rows.select(model_info).where(Comment.id.in_(comment_ids))
    found = {row["id"]: row for row in rows.fetch_page(model_info, query, True, "create")}
    authors = persons(ctx, [row["person_id"] for row in found.values()], departments)
    status_info = info(TaskStatus)
    status_ids = {row["task_status_id"] for row in found.values() if row.get("task_status_id")}
    statuses = {s["id"]: s for s in rows.fetch_page(
        status_info, rows.select(status_info).where(TaskStatus.id.in_(status_ids)), False)} if status_ids else {}
    for row in found.values():
        row["task_status"] = statuses.get(row.get("task_status_id"))
        row["person"] = authors.get(row["person_id"])
    return [found[i] for i in comment_ids if i in found]


def task_comment(ctx, task_id, comment_id) -> tuple[dict, dict]:
    """A task and one of its comments, both within the actor's reach (404 otherwise)."""

    task = one(ctx, Task, task_id, relations=False)
    comment = one(ctx, Comment, comment_id, relations=False)
    if comment["object_id"] != task["id"]:
        raise NotFound(f"Comment {comment_id} not found on task {task_id}.")
    return task, comment
