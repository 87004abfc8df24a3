"""ShotGrid versions -> preview file rows, notes -> comments, on the tasks imported before.

A version becomes a preview file row of its task (``source`` "Shotgun", the
uploaded movie's url and name kept, no file fetched), matched by ShotGrid id,
then by name on the task when that row has no ShotGrid id yet; a new one takes
the task's next revision, so Kitsu lists a task's versions in order. A note
becomes a comment on its first task, by its author, dated when it was written
(ShotGrid's local time stored in UTC), with the task's status at import.
"""

from __future__ import annotations

import peewee

from clapboard.plugins.data.crud.values import to_datetime
from clapboard.plugins.data.models import Comment, PreviewFile, Task

from .links import link_ids, own_ids
from .records import find, plain, save

PERSON = "HumanUser"


def prepare_versions(run, items: list) -> None:
    run.links.prefetch("Version", own_ids(items))
    run.links.prefetch("Task", link_ids(items, "sg_task"))
    run.links.prefetch(PERSON, link_ids(items, "user", PERSON))


def _next_revision(task_id) -> int:
    return (PreviewFile.select(peewee.fn.MAX(PreviewFile.revision)).where(PreviewFile.task == task_id).scalar()
            or 0) + 1


def write_version(run, item: dict) -> dict:
    ctx = run.ctx
    task_id = run.links.required("Task", item["sg_task"], "task")
    known = run.links.get("Version", item["id"])
    current = find(ctx, PreviewFile, PreviewFile.id == known) if known else find(
        ctx, PreviewFile, PreviewFile.name == item["code"], PreviewFile.task == task_id,
        PreviewFile.shotgun_id.is_null())
    values = {"name": item["code"], "shotgun_id": item["id"], "task_id": task_id, "source": "Shotgun"}
    if "description" in item:
        values["description"] = item["description"]
    user = item.get("user")
    if user and user.get("type", PERSON) == PERSON and run.links.get(PERSON, user["id"]) is not None:
        values["person_id"] = run.links.get(PERSON, user["id"])
    movie = item.get("sg_uploaded_movie")
    if movie is not None:
        values["uploaded_movie_url"] = movie.get("url")
        values["uploaded_movie_name"] = movie.get("name")
    if current is None:
        values["revision"] = _next_revision(task_id)
    row = save(ctx, PreviewFile, current, values)
    run.links.remember("Version", item["id"], row["id"])
    return row


def prepare_notes(run, items: list) -> None:
    run.links.prefetch("Note", own_ids(items))
    run.links.prefetch("Task", [ids[0] for ids in (link_ids([item], "tasks") for item in items) if ids])
    run.links.prefetch(PERSON, link_ids(items, "user", PERSON))


def _written_at(item: dict):
    """When the note was written, in naive UTC (the schema checked the format)."""

    return to_datetime(item["created_at"]) if item.get("created_at") else None


def write_note(run, item: dict) -> dict:
    ctx = run.ctx
    task_id = run.links.required("Task", item["tasks"][0], "task")
    author = run.links.required(PERSON, item["user"], "author")
    known = run.links.get("Note", item["id"])
    current = find(ctx, Comment, Comment.id == known) if known else None
    values = {"text": item.get("content"), "shotgun_id": item["id"], "object_id": task_id,
              "object_type": "Task", "person_id": author}
    if current is None:
        values["task_status_id"] = Task.select(Task.task_status).where(Task.id == task_id).scalar()
    row = save(ctx, Comment, current, values)
    written = _written_at(item)
    if written is not None and plain(row["created_at"]) != plain(written):
        Comment.update(created_at=written).where(Comment.id == row["id"]).execute()
        row = {**row, "created_at": written}
    run.links.remember("Note", item["id"], row["id"])
    return row
