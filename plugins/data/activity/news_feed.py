"""A production's news feed as Zou pages it: rows with their joined keys, totals and per-status stats.

A news row is read when the actor reaches its task (the policy's news scope:
a vendor only the tasks assigned to them) and may read its comment (the
comment scope: a client only their own comments and those published to
clients). A page costs a fixed number of statements: the count, the page
itself (names of the entity joined in), the authors, the stats, and the
preview files when only previews are asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from peewee import JOIN, fn

from ..models import Comment, Entity, News, Person, PreviewFile, Project, Task
from ..paging import envelope
from ..production.entities.names import NAME_COLUMNS, full_name, join_names


@dataclass
class NewsFilters:
    """What narrows a feed; ``scope`` holds the conditions the actor's reach adds."""

    scope: list = field(default_factory=list)
    project_ids: object = None  # a list or subquery of project ids; None: no project restriction
    project_id: object = None
    entity_id: object = None
    news_id: object = None
    task_type_id: object = None
    task_status_id: object = None
    author_id: object = None
    episode_id: object = None
    only_preview: bool = False
    after: datetime | None = None
    before: datetime | None = None


def reach(app, actor) -> list:
    """Conditions on ``News`` for the rows the actor may read (none for admins)."""

    conditions = list(app.scope(actor, News, "read"))
    comment_scope = app.scope(actor, Comment, "read")
    if comment_scope:
        readable = Comment.select(Comment.id).where(*comment_scope)
        conditions.append(News.comment.is_null() | News.comment.in_(readable))
    return conditions


def _conditions(filters: NewsFilters) -> list:
    found = list(filters.scope)
    if filters.project_ids is not None:
        found.append(Task.project.in_(filters.project_ids))
    for column, value in ((Task.project, filters.project_id), (Entity.id, filters.entity_id),
                          (News.id, filters.news_id), (Task.task_type, filters.task_type_id),
                          (Comment.task_status, filters.task_status_id), (News.author, filters.author_id)):
        if value is not None:
            found.append(column == value)
    if filters.episode_id is not None:
        sequence = Entity.alias("news_sequence")
        found.append(Entity.parent.in_(sequence.select(sequence.id).where(sequence.parent == filters.episode_id)))
    if filters.only_preview:
        found.append(News.preview_file.is_null(False))
    if filters.after is not None:
        found.append(News.created_at > filters.after)
    if filters.before is not None:
        found.append(News.created_at < filters.before)
    return found


def _where(query, conditions: list):
    return query.where(*conditions) if conditions else query


def _joined(*columns):
    return (News.select(*columns)
            .join_from(News, Task, on=(News.task == Task.id))
            .join_from(Task, Project, on=(Task.project == Project.id))
            .join_from(Task, Entity, on=(Task.entity == Entity.id))
            .join_from(News, Comment, JOIN.LEFT_OUTER, on=(News.comment == Comment.id))
            .join_from(News, PreviewFile, JOIN.LEFT_OUTER, on=(News.preview_file == PreviewFile.id)))


ROW_COLUMNS = (News.id, News.author, News.comment, News.task, Task.task_type, Comment.task_status, Task.entity,
               News.preview_file, PreviewFile.extension, PreviewFile.revision, Task.project, Project.name,
               News.created_at, News.change, Entity.preview_file_id)
ROW_KEYS = ("id", "author_id", "comment_id", "task_id", "task_type_id", "task_status_id", "task_entity_id",
            "preview_file_id", "preview_file_extension", "preview_file_revision", "project_id", "project_name",
            "created_at", "change", "entity_preview_file_id")


def _serialize(values: tuple) -> dict:
    row = dict(zip(ROW_KEYS, values[:len(ROW_KEYS)]))
    name, episode_id = full_name(*values[len(ROW_KEYS):len(ROW_KEYS) + len(NAME_COLUMNS)])
    preview_of_entity = row.pop("entity_preview_file_id")
    ordered = {"id": row.pop("id"), "type": "News", **row}
    ordered.update({"full_entity_name": name, "episode_id": episode_id, "entity_preview_file_id": preview_of_entity})
    return ordered


def short_persons(person_ids) -> dict:
    """``{id: person}`` with the keys Zou embeds for a news author."""

    wanted = list({p for p in person_ids if p is not None})
    if not wanted:
        return {}
    query = (Person.select(Person.id, Person.first_name, Person.last_name, Person.has_avatar, Person.role)
             .where(Person.id.in_(wanted)).tuples())
    return {pid: {"id": pid, "first_name": first, "last_name": last, "full_name": f"{first} {last}".strip(),
                  "has_avatar": avatar, "role": role}
            for pid, first, last, avatar, role in query}


PREVIEW_KEYS = ("id", "name", "original_name", "extension", "revision", "position", "width", "height",
                "duration", "status", "validation_status", "task_id")


def _attach_previews(rows: list[dict]) -> None:
    """Each news of a preview carries the files of that revision (Zou's ``only_preview`` answer)."""

    tasks = {row["task_id"] for row in rows}
    revisions = {row["preview_file_revision"] for row in rows if row["preview_file_revision"] is not None}
    found: dict = {}
    if tasks and revisions:
        columns = [getattr(PreviewFile, "task" if key == "task_id" else key) for key in PREVIEW_KEYS]
        query = (PreviewFile.select(*columns)
                 .where(PreviewFile.task.in_(list(tasks)), PreviewFile.revision.in_(list(revisions)))
                 .order_by(PreviewFile.task, PreviewFile.revision, PreviewFile.position).tuples())
        for values in query:
            preview = {**dict(zip(PREVIEW_KEYS, values)), "type": "PreviewFile"}
            found.setdefault((preview["task_id"], preview["revision"]), []).append(preview)
    for row in rows:
        row["preview_files"] = found.get((row["task_id"], row["preview_file_revision"]), [])


def page(filters: NewsFilters, page_number: int = 1, limit: int = 50) -> dict:
    """``{data, total, nb_pages, limit, offset, page}``, newest first."""

    conditions = _conditions(filters)
    total = _where(_joined(fn.COUNT(News.id)), conditions).scalar() or 0
    offset = (page_number - 1) * limit
    query = _where(join_names(_joined(*ROW_COLUMNS), Entity), conditions)
    query = query.order_by(News.created_at.desc(), News.id.desc()).limit(limit).offset(offset).tuples()
    rows = [_serialize(values) for values in query]
    authors = short_persons(row["author_id"] for row in rows)
    for row in rows:
        row["person"] = authors.get(row["author_id"])
    if filters.only_preview:
        _attach_previews(rows)
    return envelope(rows, total, page_number, limit)


def stats(filters: NewsFilters) -> dict:
    """``{task status id: count}`` of the status changes among the filtered news."""

    query = (_joined(Comment.task_status, fn.COUNT(News.id)).where(*_conditions(filters), News.change == True)  # noqa: E712
             .group_by(Comment.task_status).tuples())
    return {str(status): count for status, count in query if status is not None}
