"""Who may export what: this plugin's actions, its answer to ``permission_allowed``, and the rows it gates.

As Zou decides (``zou/app/blueprints/export/csv``):

- ``exports.studio.read`` — persons, projects, tasks, time spents, task
  types: admins and managers (global role, Zou's ``check_manager_permissions``);
- ``exports.project.read`` — a production's assets, shots, edits, casting:
  admins and its team, vendors excepted (``check_project_access`` then
  ``block_access_to_vendor``; a per-project role wins over the global one);
- ``exports.playlist.read`` — a playlist: never a vendor (global role), then
  the production's managers and supervisors, and its clients when the
  playlist is shared with clients (``check_playlist_access(supervisor_access=True)``).

A missing project or playlist (or a malformed id) is a 404, a refusal a 403,
in that order, as in Zou. The system actor (the CLI) may do everything.
"""

from __future__ import annotations

import uuid

from clapboard import Permission
from clapboard.errors import NotFound
from clapboard.plugins.data.crud.reading import dicts
from clapboard.plugins.data.crud.service import Target
from clapboard.plugins.data.models import Playlist, Project, ProjectPersonLink

STUDIO = "exports.studio.read"
PROJECT = "exports.project.read"
PLAYLIST = "exports.playlist.read"
ACTIONS = {
    STUDIO: "export the studio-wide CSV files (persons, projects, tasks, time spents, task types)",
    PROJECT: "export a production's assets, shots, edits or casting as CSV",
    PLAYLIST: "export a playlist as CSV",
}


def permissions() -> list[Permission]:
    return [Permission(action, description) for action, description in ACTIONS.items()]


def project_role(actor, project_id) -> str | None:
    """The actor's role on the production (its team link's role first), ``None`` outside its team."""

    if actor.id is None:
        return None
    link = ProjectPersonLink
    found = (link.select(link.role).where(link.person == str(actor.id), link.project == str(project_id))
             .tuples().first())
    if found is None:
        return None
    return found[0] or actor.role


def permission_allowed(actor, action: str, resource) -> bool | None:
    if action not in ACTIONS or actor is None or actor.kind not in ("person", "bot"):
        return None
    if actor.role == "admin":
        return True
    if action == STUDIO:
        return actor.role == "manager"
    row = getattr(resource, "row", None) or {}
    if action == PROJECT:
        role = project_role(actor, row.get("id"))
        return role is not None and role != "vendor"
    if actor.role == "vendor":
        return False
    role = project_role(actor, row.get("project_id"))
    return role in ("manager", "supervisor") or (role == "client" and bool(row.get("for_client")))


def _id(value, kind: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound(f"{kind} {value} not found.") from exc


def _row(db, model, row_id, kind: str, fields: dict) -> dict:
    query = model.select(*fields.values()).where(model.id == _id(row_id, kind))
    found = dicts(db, query, list(fields), list(fields.values()))
    if not found:
        raise NotFound(f"{kind} {row_id} not found.")
    return found[0]


def readable_project(ctx, project_id) -> dict:
    """The project (``id``, ``name``, ``production_type``) once the actor may export it: 404, then 403."""

    project = _row(ctx.app.db, Project, project_id, "Project",
                   {"id": Project.id, "name": Project.name, "production_type": Project.production_type})
    ctx.app.require(ctx.actor, PROJECT, Target(Project, row=project))
    return project


def readable_playlist(ctx, playlist_id) -> dict:
    """The playlist's columns once the actor may export it: 404, then 403."""

    playlist = _row(ctx.app.db, Playlist, playlist_id, "Playlist", {
        "id": Playlist.id, "name": Playlist.name, "shots": Playlist.shots, "project_id": Playlist.project,
        "episode_id": Playlist.episode, "for_client": Playlist.for_client, "for_entity": Playlist.for_entity,
        "created_at": Playlist.created_at})
    ctx.app.require(ctx.actor, PLAYLIST, Target(Playlist, row=playlist))
    return playlist


def require_studio(ctx) -> None:
    ctx.app.require(ctx.actor, STUDIO, None)
