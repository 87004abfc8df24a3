"""``GET /export/csv/playlists/{id}``: one playlist, as Zou's ``PlaylistCsvExport``.

Two header lines (``Playlist``, the production (and episode) "| for shots"
or "| for assets", the playlist's name, its creation date in the caller's
time zone; then an empty line), the column names, then one row per entry of
the playlist, in its order: the entity's full name, its frames, the task type,
retake count, revision and status of the entry's preview's task, and that
task's last comment (its author, date and text). Comments written by clients
are left out, as Zou does; a client of the production reading a playlist
shared with them only gets the comments shared with clients.
"""

from __future__ import annotations

import uuid

from peewee import JOIN, fn

from clapboard.plugins.data.crud.reading import tuples
from clapboard.plugins.data.models import Comment, Entity, Person, PreviewFile, Project, ProjectPersonLink, Task
from clapboard.plugins.data.production.entities.names import full_names

from . import csvfile, lookups
from .access import project_role, readable_playlist
from .batches import BATCH
from .http import route

COLUMNS = ["Entity name", "Nb Frames", "Task Type", "Retake count", "Revision", "Task Status",
           "Last comment author", "Last comment date", "Last comment"]


def _previews(db, preview_ids) -> dict:
    """``{preview id: (revision, task id, task type id, status id, retake count)}``."""

    fields = [PreviewFile.id, PreviewFile.revision, Task.id, Task.task_type, Task.task_status, Task.retake_count]
    query = (PreviewFile.select(*fields).join(Task, on=(PreviewFile.task == Task.id))
             .where(PreviewFile.id.in_(list(preview_ids))))
    return {row[0]: row[1:] for row in tuples(db, query, fields)}


def _last_comments(db, task_ids, client_view: bool) -> dict:
    """``{task id: (author full name, created at, text)}``: each task's last comment not written by a client."""

    link = ProjectPersonLink
    fields = [Comment.object_id, Person.first_name, Person.last_name, Comment.created_at, Comment.text]
    query = (Comment.select(*fields).join(Person, on=(Comment.person == Person.id))
             .join_from(Comment, Task, on=(Comment.object_id == Task.id))
             .join_from(Comment, link, JOIN.LEFT_OUTER,
                        on=((link.person == Person.id) & (link.project == Task.project)))
             .where(Comment.object_id.in_(list(task_ids)), fn.COALESCE(link.role, Person.role) != "client")
             .order_by(Comment.object_id, Comment.created_at))
    if client_view:
        query = query.where(Comment.for_client == True)  # noqa: E712
    found = {}
    for task_id, first, last, created_at, text in tuples(db, query, fields):
        found[task_id] = (lookups.full_name(first, last), created_at, text)
    return found


def export(ctx, playlist_id):
    """A playlist's entries with their task, status and last comment, as CSV (Zou's two header lines)."""

    playlist = readable_playlist(ctx, playlist_id)
    db, zone = ctx.app.db, lookups.actor_zone(ctx.actor)
    project_name = Project.select(Project.name).where(Project.id == playlist["project_id"]).scalar()
    context_name = project_name
    if playlist["episode_id"] is not None:
        episode = Entity.select(Entity.name).where(Entity.id == playlist["episode_id"]).scalar()
        if episode is not None:
            context_name += f" - {episode}"
    context_name += " | for shots" if playlist["for_entity"] == "shot" else " | for assets"
    headers = [["Playlist", context_name, playlist["name"], lookups.local_text(playlist["created_at"], zone),
                "", "", ""], [""] * 7, COLUMNS]
    entries = [entry for entry in playlist["shots"] or [] if isinstance(entry, dict)]
    types, statuses = lookups.task_types(), lookups.status_names("name")
    client_view = ctx.actor.id is not None and project_role(ctx.actor, playlist["project_id"]) == "client"

    def batches():
        for start in range(0, len(entries), BATCH):
            chunk = entries[start:start + BATCH]
            names = full_names({_id(e.get("entity_id")) for e in chunk} - {None}, Entity.nb_frames)
            previews = _previews(db, {_id(e.get("preview_file_id")) for e in chunk} - {None})
            comments = _last_comments(db, {p[1] for p in previews.values()}, client_view)
            rows = []
            for entry in chunk:
                name, _, nb_frames = names.get(_id(entry.get("entity_id")), ("", None, None))
                revision, task_id, type_id, status_id, retakes = previews.get(
                    _id(entry.get("preview_file_id")), (None, None, None, None, None))
                author, date, text = comments.get(task_id, ("", None, ""))
                rows.append([name, nb_frames, types.get(type_id, ("",))[0], retakes, revision,
                             statuses.get(status_id, ""), author, lookups.local_text(date, zone), text])
            yield rows

    return csvfile.build(f"{project_name} playlist {playlist['name']}", csvfile.PROJECT_CSV, headers, batches(),
                         csvfile.escaping(ctx.app))


def _id(value) -> uuid.UUID | None:
    """An entry's id (``None`` when missing or malformed: the entry's cells stay empty)."""

    if not value or isinstance(value, uuid.UUID):
        return value or None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def routes():
    return [route("/export/csv/playlists/{playlist_id}", export, "Export a playlist as CSV")]
