"""A person's notifications as Zou lists them: each row joined with what Kitsu shows beside it.

One query reads the notifications with their task, project, comment, author
and the person's own subscription to the task; a few more, one per kind and
never one per row, add the entity's full name ("E01 / SQ01 / SH010",
"Character / Hero"), the comment's first preview, its mentions, and the
playlist of playlist notifications. A comment written by a client reads as
empty text for an artist, as in Zou. The newest 100 matching rows are
returned; Kitsu pages back with ``before`` (the last row's ``created_at``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict

import peewee

from ..models import (
    Comment,
    CommentDepartmentMention,
    CommentMention,
    CommentPreviewLink,
    Entity,
    Notification,
    Person,
    Playlist,
    PreviewFile,
    Project,
    Subscription,
    Task,
)
from ..production.entities.names import full_names

LIMIT = 100
LEFT = peewee.JOIN.LEFT_OUTER
REPLIES = ("reply", "reply-mention")


def _query(me: uuid.UUID):
    author = Person.alias()
    return (Notification
            .select(Notification.id.alias("id"), Notification.notification_type.alias("notification_type"),
                    Notification.author.alias("author_id"), Notification.comment.alias("comment_id"),
                    Notification.task.alias("task_id"), Notification.playlist.alias("playlist_id"),
                    Notification.reply_id.alias("reply_id"), Notification.created_at.alias("created_at"),
                    Notification.read.alias("read"), Notification.change.alias("change"),
                    Task.task_type.alias("task_type_id"), Task.entity.alias("entity_id"),
                    Project.id.alias("project_id"), Project.name.alias("project_name"),
                    Comment.task_status.alias("task_status_id"), Comment.text.alias("comment_text"),
                    Comment.replies.alias("replies"), Subscription.id.alias("subscription_id"),
                    author.role.alias("author_role"))
            .join(author, on=(author.id == Notification.author))
            .switch(Notification).join(Task, LEFT, on=(Task.id == Notification.task))
            .join(Project, LEFT, on=(Project.id == Task.project))
            .switch(Notification).join(Subscription, LEFT, on=(
                (Subscription.task == Notification.task) & (Subscription.person == me)))
            .switch(Notification).join(Comment, LEFT, on=(Comment.id == Notification.comment))
            .where(Notification.person == me))


def watching(flag: bool):
    """Condition: the person follows (or, ``False``, does not follow) the notification's task."""

    return Subscription.id.is_null(not flag)


def _by_comment(comment_ids) -> tuple[dict, dict, dict]:
    """First preview, mentioned people and mentioned departments of each comment (three queries)."""

    previews: dict = {}
    people: dict = defaultdict(list)
    departments: dict = defaultdict(list)
    if not comment_ids:
        return previews, people, departments
    ids = list(comment_ids)
    query = (CommentPreviewLink.select(CommentPreviewLink.comment, CommentPreviewLink.preview_file)
             .join(PreviewFile, on=(PreviewFile.id == CommentPreviewLink.preview_file))
             .where(CommentPreviewLink.comment.in_(ids))
             .order_by(PreviewFile.created_at, PreviewFile.id).tuples())
    for comment, preview in query:
        previews.setdefault(comment, preview)
    for comment, person in (CommentMention.select(CommentMention.comment, CommentMention.person)
                            .where(CommentMention.comment.in_(ids)).tuples()):
        people[comment].append(person)
    for comment, department in (CommentDepartmentMention
                                .select(CommentDepartmentMention.comment, CommentDepartmentMention.department)
                                .where(CommentDepartmentMention.comment.in_(ids)).tuples()):
        departments[comment].append(department)
    return previews, people, departments


def _playlists(playlist_ids) -> dict:
    if not playlist_ids:
        return {}
    query = (Playlist.select(Playlist.id.alias("id"), Playlist.name.alias("name"),
                             Playlist.for_entity.alias("for_entity"), Playlist.is_for_all.alias("is_for_all"),
                             Playlist.episode.alias("episode_id"), Project.id.alias("project_id"),
                             Project.name.alias("project_name"))
             .join(Project, LEFT, on=(Project.id == Playlist.project))
             .where(Playlist.id.in_(list(playlist_ids))).dicts())
    return {p["id"]: p for p in query}


def _reply(row: dict) -> dict:
    if row["notification_type"] not in REPLIES or row["reply_id"] is None:
        return {}
    wanted = str(row["reply_id"])
    return next((r for r in row["replies"] or [] if isinstance(r, dict) and str(r.get("id")) == wanted), {})


def notification_rows(me: uuid.UUID, my_role: str, *conditions, limit: int = LIMIT) -> list[dict]:
    """The person's newest notifications matching ``conditions``, shaped as Zou's list rows."""

    query = (_query(me).where(*conditions)
             .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit).dicts())
    found = list(query)
    names = full_names({r["entity_id"] for r in found if r["entity_id"] and r["playlist_id"] is None},
                       Entity.preview_file_id)
    previews, people, departments = _by_comment({r["comment_id"] for r in found if r["comment_id"]})
    playlists = _playlists({r["playlist_id"] for r in found if r["playlist_id"]})
    return [_shape(r, my_role, names, previews, people, departments, playlists) for r in found]


def _shape(r, my_role, names, previews, people, departments, playlists) -> dict:
    name, episode, entity_preview = names.get(r["entity_id"], ("", None, None))
    project_id, project_name = r["project_id"], r["project_name"]
    playlist = playlists.get(r["playlist_id"]) if r["playlist_id"] else None
    if playlist is not None:
        name, episode, entity_preview = "", playlist["episode_id"], None
        project_id, project_name = playlist["project_id"], playlist["project_name"]
    reply = _reply(r)
    comment_text, reply_text = r["comment_text"], reply.get("text") or ""
    if r["author_role"] == "client" and my_role == "user":
        comment_text, reply_text = "", ""
    comment = r["comment_id"]
    return {
        "id": r["id"], "type": "Notification", "notification_type": r["notification_type"],
        "author_id": r["author_id"], "comment_id": comment, "task_id": r["task_id"],
        "task_type_id": r["task_type_id"], "task_status_id": r["task_status_id"],
        "mentions": people.get(comment, []) if comment else [],
        "department_mentions": departments.get(comment, []) if comment else [],
        "reply_mentions": reply.get("mentions") or [], "reply_department_mentions": reply.get("department_mentions") or [],
        "preview_file_id": previews.get(comment) if comment else None,
        "project_id": project_id, "project_name": project_name, "comment_text": comment_text,
        "reply_text": reply_text, "created_at": r["created_at"], "read": r["read"], "change": r["change"],
        "full_entity_name": name, "episode_id": episode, "entity_preview_file_id": entity_preview,
        "subscription_id": r["subscription_id"], "playlist_id": r["playlist_id"],
        "playlist_name": playlist["name"] if playlist else "",
        "playlist_for_entity": playlist["for_entity"] if playlist else "",
        "playlist_is_for_all": bool(playlist["is_for_all"]) if playlist else False,
    }
