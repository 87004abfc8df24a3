"""Who may act on one playlist, after Zou's playlist checks.

``found_playlist`` reads the row through the policy's scope: outside the
production (or a client on an internal playlist) it is a 404, a vendor is
refused (403). Then, on the role the actor holds on the playlist's
production: managing a playlist (adding entries) is for its managers, or a
supervisor who created it (or a playlist of no creator); its build jobs and
downloads for managers, clients on playlists shared with them and, where Zou
opens them to supervisors (``supervisor_access``), supervisors. Artists read
playlists but neither build nor download them.
"""

from __future__ import annotations

from clapboard.errors import PermissionDenied

from ...crud.values import parse_id
from ...engine import Context, one
from ...models import Playlist
from ..projects.access import effective_roles

MANAGING = ("admin", "manager")


def found_playlist(ctx: Context, playlist_id) -> dict:
    return one(ctx, Playlist, playlist_id, relations=False)


def role_on(ctx: Context, project_id) -> str | None:
    """The actor's role on the production (its own role there wins); the system acts as an admin."""

    if ctx.actor is None or ctx.actor.is_system:
        return "admin"
    project_id = parse_id(str(project_id))
    return effective_roles(ctx, [project_id])[project_id]


def check_playlist_access(ctx: Context, playlist: dict, supervisor_access: bool = False) -> None:
    role = role_on(ctx, playlist["project_id"])
    allowed = (role in MANAGING or (role == "client" and playlist.get("for_client"))
               or (supervisor_access and role == "supervisor"))
    if not allowed:
        raise PermissionDenied("Only the production's managers (and clients, for a playlist shared with them) "
                               "may do this.")


def check_manager(ctx: Context, project_id) -> None:
    if role_on(ctx, project_id) not in MANAGING:
        raise PermissionDenied("Only the production's managers may do this.")


def check_update(ctx: Context, playlist: dict) -> None:
    role = role_on(ctx, playlist["project_id"])
    creator = playlist.get("created_by")
    creator = None if creator is None else str(creator)
    if role in MANAGING:
        return
    if role == "supervisor" and creator in (None, str(ctx.actor.id)):
        return
    raise PermissionDenied("Only the production's managers, or the supervisor who made it, may change this "
                           "playlist.")
