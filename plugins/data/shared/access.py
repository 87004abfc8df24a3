"""What a share token opens: one playlist, the previews it pins, the tasks of those previews.

Every ``/shared/playlists/<token>/…`` route starts here. A token that is
unknown, revoked (``is_active`` false) or past its expiry is a 404, as Zou's
``PlaylistShareLinkNotFoundException``; so is a protected link asked without
its password (where Zou asks for it). What the link opens is computed from
the playlist alone: the preview each entry pins (and the other files of the
same task revision), and only when that preview's task belongs to the
playlist's production and to the entry's entity — an entry edited to name a
preview elsewhere opens nothing. Anything else named in a path or body (a
preview, a task, a comment, an attachment, a guest of another link) is
refused, so a link never reaches another playlist, production or person.

Guests act with ``guest_context``: an actor the core lets through the data
engine's checks, because the checks that matter for a guest are the ones made
here before any write.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import bcrypt

from clapboard import Actor
from clapboard.errors import BadRequest, NotFound, PermissionDenied

from ..crud.service import Context
from ..crud.values import parse_id
from ..models import Entity, Person, Playlist, PlaylistShareLink, PreviewFile, Project, Task
from ..models.base import utcnow

GONE = "Share link not found or expired."
NOT_SHARED = "This preview file is not part of the shared playlist."


@dataclass(frozen=True)
class SharedPlaylist:
    """A valid share link and the playlist it opens."""

    link: dict
    playlist: dict

    @property
    def project_id(self) -> uuid.UUID:
        return self.playlist["project_id"]


def system_context(app) -> Context:
    """Reads of what a link opens, once the link said it may be opened."""

    return Context(app=app, actor=Actor(id=None, kind="system"), params={})


def guest_context(app, guest_id) -> Context:
    """Writes in a guest's name (``actor_id`` of the events), after this module's checks."""

    return Context(app=app, actor=Actor(id=str(guest_id), kind="system", attributes={"guest": True}), params={})


def _expired(link: dict) -> bool:
    expiry = link.get("expiration_date")
    return expiry is not None and utcnow() > expiry.replace(tzinfo=None)


def _password_matches(stored, password) -> bool:
    if not password or not isinstance(password, str):
        return False
    try:
        return bcrypt.checkpw(password.encode("utf-8")[:72], bytes(stored))
    except ValueError:
        return False


def open_link(token: str, password=None, check_password: bool = False) -> SharedPlaylist:
    """The link of ``token`` when it still works (404 otherwise) and its playlist."""

    if not isinstance(token, str) or len(token) > 80:
        raise NotFound(GONE)
    link = (PlaylistShareLink.select().where(PlaylistShareLink.token == token).dicts().first())
    if link is None or not link["is_active"] or _expired(link):
        raise NotFound(GONE)
    if check_password and link["password"] is not None and not _password_matches(link["password"], password):
        raise NotFound(GONE)
    playlist = Playlist.select().where(Playlist.id == link["playlist"]).dicts().first()
    if playlist is None:
        raise NotFound(GONE)
    playlist["project_id"] = playlist.pop("project")
    link["playlist_id"] = link.pop("playlist")
    return SharedPlaylist(link=link, playlist=playlist)


def open_request(req, token: str, check_password: bool = False) -> SharedPlaylist:
    return open_link(token, req.params.get("password"), check_password)


def _entries(shared: SharedPlaylist) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """``(entity id, pinned preview id)`` of every entry naming both as valid ids."""

    found = []
    for entry in shared.playlist.get("shots") or []:
        if not isinstance(entry, dict):
            continue
        entity = _uuid(entry.get("entity_id") or entry.get("id") or entry.get("shot_id"))
        preview = _uuid(entry.get("preview_file_id"))
        if entity is not None and preview is not None:
            found.append((entity, preview))
    return found


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def pinned(shared: SharedPlaylist) -> list[dict]:
    """The pinned previews that truly belong to their entry: ``{id, task_id, revision}``."""

    entries = _entries(shared)
    if not entries:
        return []
    by_preview = {}
    for entity, preview in entries:
        by_preview.setdefault(preview, set()).add(entity)
    query = (PreviewFile.select(PreviewFile.id, PreviewFile.task.alias("task_id"), PreviewFile.revision,
                                Task.entity.alias("entity_id"))
             .join(Task, on=PreviewFile.task == Task.id)
             .where(PreviewFile.id.in_(list(by_preview)), Task.project == shared.project_id))
    return [row for row in query.dicts() if row["entity_id"] in by_preview[row["id"]]]


def shared_task_ids(shared: SharedPlaylist) -> set:
    return {row["task_id"] for row in pinned(shared)}


def shared_preview_ids(shared: SharedPlaylist) -> set:
    """The pinned previews and the other files of their task revision (one revision, several files)."""

    found = pinned(shared)
    if not found:
        return set()
    condition = None
    for row in found:
        same = (PreviewFile.task == row["task_id"]) & (PreviewFile.revision == row["revision"])
        condition = same if condition is None else condition | same
    return {row_id for (row_id,) in PreviewFile.select(PreviewFile.id).where(condition).tuples()}


def shared_preview(shared: SharedPlaylist, preview_file_id) -> dict:
    """The row of a preview the link opens (403 for any other, as Zou; 404 for an unknown or malformed id)."""

    try:
        preview_id = parse_id(preview_file_id)
    except BadRequest as exc:
        raise NotFound(f"PreviewFile {preview_file_id} not found.") from exc
    found = PreviewFile.select().where(PreviewFile.id == preview_id).dicts().first()
    if found is None:  # as Zou: an unknown preview is a 404, one outside the playlist a 403
        raise NotFound(f"PreviewFile {preview_file_id} not found.")
    if preview_id not in shared_preview_ids(shared):
        raise PermissionDenied(NOT_SHARED)
    return found


def shared_task(shared: SharedPlaylist, task_id) -> uuid.UUID:
    found = _uuid(task_id)
    if found is None or found not in shared_task_ids(shared):
        raise PermissionDenied("Task not part of this shared playlist.")
    return found


def guests_of(shared: SharedPlaylist) -> set:
    """The ids of the guests created through this very link."""

    link_id = str(shared.link["id"])
    query = Person.select(Person.id, Person.data).where(Person.is_guest == True)  # noqa: E712
    return {row_id for row_id, data in query.tuples() if isinstance(data, dict) and data.get("share_link_id") == link_id}


def guest_of(shared: SharedPlaylist, guest_id) -> uuid.UUID:
    """``guest_id`` when it names a guest of this link; 403 otherwise (a guest of another link,
    a studio member, nobody)."""

    found = _uuid(guest_id)
    if found is None or found not in guests_of(shared):
        raise PermissionDenied("Guest not part of this shared playlist.")
    return found


def may_comment(shared: SharedPlaylist, what: str = "Comments") -> None:
    if not shared.link["can_comment"]:
        raise PermissionDenied(f"{what} are disabled for this link.")


def project_row(shared: SharedPlaylist) -> dict:
    return Project.select().where(Project.id == shared.project_id).dicts().first()


def entity_names(entity_ids) -> dict:
    return {row_id: name for row_id, name in Entity.select(Entity.id, Entity.name)
            .where(Entity.id.in_(list(entity_ids))).tuples()} if entity_ids else {}


