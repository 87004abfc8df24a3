"""A playlist's guest review links: listed, created, revoked (the studio side of ``shared``).

Managers of the playlist's production (and admins) handle them, as Zou's
``check_manager_project_access``: the playlist is read first (404 out of
reach, 403 for vendors), then the production must be one the actor manages
(403 for supervisors, artists and clients). A link is a random token, an
optional expiry (a date: the link works through that day, UTC; or a moment),
``can_comment`` and an optional password kept as a bcrypt hash and never
answered (``has_password`` says whether there is one). Revoking keeps the row,
inactive, as Zou does; the list shows the active links only. A token given
with another playlist's id is not found.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

import bcrypt
import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ..crud import rows
from ..crud.meta import info
from ..engine import context, one, validated
from ..models import Playlist, PlaylistShareLink
from ..models.base import utcnow
from ..production.projects.access import managed_project
from .access import GONE

ANSWERS = "data/shared/answers#/$defs/"


def managed_playlist(ctx, playlist_id) -> dict:
    playlist = one(ctx, Playlist, playlist_id, relations=False)
    managed_project(ctx, playlist["project_id"])
    return playlist


def link_answer(link_id) -> dict:
    """The link as Zou serializes it: no password, ``has_password`` instead."""

    row = rows.fetch_one(info(PlaylistShareLink), link_id, False, derived_mode=None)
    row.pop("password", None)
    row["has_password"] = PlaylistShareLink.select().where(
        PlaylistShareLink.id == link_id, PlaylistShareLink.password.is_null(False)).exists()
    return row


def expiry(value) -> datetime.datetime | None:
    """The moment a link stops working (naive UTC); a bare date means the end of that day."""

    if value in (None, ""):
        return None
    try:
        if len(value) == 10:
            moment = datetime.datetime.combine(datetime.date.fromisoformat(value) + datetime.timedelta(days=1),
                                               datetime.time())
        else:
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest("'expiration_date' must be a date (YYYY-MM-DD) or a date and time.") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    if moment <= utcnow():
        raise BadRequest("'expiration_date' is in the past.")
    return moment


def link_of(playlist: dict, token: str) -> dict:
    found = (PlaylistShareLink.select(PlaylistShareLink.id, PlaylistShareLink.is_active)
             .where(PlaylistShareLink.token == token, PlaylistShareLink.playlist == playlist["id"]).dicts().first())
    if found is None:
        raise NotFound(GONE)
    return found


class ShareLinks:
    def on_get(self, req, resp, playlist_id):
        playlist = managed_playlist(context(req), playlist_id)
        query = (PlaylistShareLink.select(PlaylistShareLink.id)
                 .where(PlaylistShareLink.playlist == playlist["id"], PlaylistShareLink.is_active == True)  # noqa: E712
                 .order_by(PlaylistShareLink.created_at, PlaylistShareLink.id))
        resp.media = [link_answer(row_id) for (row_id,) in query.tuples()]

    def on_post(self, req, resp, playlist_id):
        ctx = context(req)
        playlist = managed_playlist(ctx, playlist_id)
        body = validated(req, "data/shared/link")
        password = body.get("password") or None
        now = utcnow()
        link_id = uuid.uuid4()
        PlaylistShareLink.insert(
            id=link_id, token=str(uuid.UUID(bytes=secrets.token_bytes(16), version=4)), playlist=playlist["id"],
            creator=ctx.actor.id, expiration_date=expiry(body.get("expiration_date")), is_active=True,
            can_comment=body.get("can_comment", True),
            password=bcrypt.hashpw(password.encode("utf-8")[:72], bcrypt.gensalt()) if password else None,
            created_at=now, updated_at=now).execute()
        resp.media = link_answer(link_id)
        resp.status = falcon.HTTP_201


class ShareLink:
    def on_delete(self, req, resp, playlist_id, token):
        playlist = managed_playlist(context(req), playlist_id)
        found = link_of(playlist, token)
        PlaylistShareLink.update(is_active=False, updated_at=utcnow()).where(
            PlaylistShareLink.id == found["id"]).execute()
        resp.media = link_answer(found["id"])
        resp.status = falcon.HTTP_200


def routes() -> list[Route]:
    base = "/data/playlists/{playlist_id}/share"
    return [
        Route(base, ShareLinks(), tags=("data",), operations={
            "GET": Operation(summary="The active guest review links of a playlist (its production's managers)",
                             response_schema=ANSWERS + "links", operation_id="list_playlist_share_links"),
            "POST": Operation(summary="Create a guest review link to a playlist (its production's managers)",
                              description="`expiration_date` (a date: valid through that day, UTC), `can_comment` "
                                          "(default true), `password` (kept hashed, asked as `?password=`).",
                              request_schema="data/shared/link", response_schema=ANSWERS + "link", status=201,
                              operation_id="create_playlist_share_link")}),
        Route(base + "/{token}", ShareLink(), tags=("data",), operations={
            "DELETE": Operation(summary="Revoke a guest review link (kept, inactive)", status=200,
                                response_schema=ANSWERS + "link", operation_id="revoke_playlist_share_link")}),
    ]
