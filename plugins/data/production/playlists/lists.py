"""Listing a production's playlists: all of them, one episode's, or every row for synchronisation.

Reading needs a seat in the production's team (404 otherwise, as for the
project itself) and is refused to vendors (403); clients of the production see
only the playlists shared with them (``for_client``). The lists leave out the
heavy ``shots`` column and give the first entry's preview instead, as Zou's
playlist page expects; they come 20 at a time, sorted by ``sort_by`` (a column:
dates newest first, others ascending; anything else: last updated first).
"""

from __future__ import annotations

from dataclasses import dataclass

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud import rows, service
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import Context, context, many, one, require
from ...models import Entity, EntityType, Playlist
from ...paging import envelope
from ..projects.access import effective_roles, readable_project

PAGE_SIZE = 20
# Kitsu's "main pack" (playlists of no episode) and "all" (studio-wide asset playlists of a TV show).
SPECIAL_EPISODES = ("main", "all")
UNSORTABLE = ("shots",)  # JSON: no ordering in PostgreSQL
ROWS = "data/production/playlists/answers#/$defs/playlists"


@dataclass(frozen=True)
class PlaylistScope:
    """The production a playlist route reads, and whether the actor is one of its clients."""

    project: dict
    client_only: bool

    def conditions(self) -> list:
        found = [Playlist.project == self.project["id"]]
        if self.client_only:
            found.append(Playlist.for_client == True)  # noqa: E712
        return found


def playlist_scope(ctx: Context, project_id) -> PlaylistScope:
    project = readable_project(ctx, project_id)
    require(ctx, Playlist, "read", row={"project_id": project["id"]})  # vendors of the production: 403
    role = effective_roles(ctx, [project["id"]])[project["id"]]
    return PlaylistScope(project=project, client_only=role == "client")


def _int_param(ctx: Context, name: str, default: int) -> int:
    raw = ctx.params.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise BadRequest(f"Parameter '{name}' must be an integer.") from exc


def _order(sort_by: str | None) -> tuple:
    field = info(Playlist).columns.get(sort_by or "")
    if field is None or sort_by in UNSORTABLE:
        return (Playlist.updated_at.desc(), Playlist.id)
    return ((field.desc() if sort_by in ("created_at", "updated_at") else field), Playlist.id)


def list_row(row: dict) -> dict:
    """A playlist as the lists show it: no entries, the first entry's preview, ``for_entity`` defaulting to shots."""

    shots = row.pop("shots", None)
    first = shots[0] if isinstance(shots, list) and shots and isinstance(shots[0], dict) else {}
    if first.get("preview_file_id"):
        row["first_preview_file_id"] = first["preview_file_id"]
    if row.get("for_entity") is None:
        row["for_entity"] = "shot"
    return row


def playlists(ctx: Context, scope: PlaylistScope, *conditions, page: int | None) -> list[dict]:
    """The playlists of ``scope`` matching ``conditions``; one page of 20 when ``page`` is given."""

    task_type_id = ctx.params.get("task_type_id")
    if task_type_id:
        conditions += (Playlist.task_type == parse_id(task_type_id),)
    for_entity = ctx.params.get("for_entity")
    if for_entity:
        conditions += (Playlist.for_entity == for_entity,)
    conditions = (*scope.conditions(), *conditions)
    order_by = _order(ctx.params.get("sort_by"))
    if page is None:
        found = many(ctx, Playlist, *conditions, order_by=order_by)
    else:
        found = page_of(ctx, conditions, order_by, page, PAGE_SIZE)
    return [list_row(row) for row in found]


class ProjectPlaylistsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        scope = playlist_scope(ctx, project_id)
        resp.media = playlists(ctx, scope, page=_int_param(ctx, "page", 1))


class EpisodePlaylistsResource:
    def on_get(self, req, resp, project_id, episode_id):
        ctx = context(req)
        scope = playlist_scope(ctx, project_id)
        if episode_id == "main":
            conditions = (Playlist.episode.is_null(), Playlist.is_for_all != True)  # noqa: E712
        elif episode_id == "all":
            conditions = (Playlist.episode.is_null(), Playlist.is_for_all == True)  # noqa: E712
        else:
            episode = one(ctx, Entity, episode_id, relations=False)
            kind = EntityType.select(EntityType.name).where(EntityType.id == episode["entity_type_id"]).scalar()
            if kind != "Episode" or episode["project_id"] != scope.project["id"]:
                raise NotFound(f"Episode {episode_id} not found in this production.")
            conditions = (Playlist.episode == episode["id"],)
        page = _int_param(ctx, "page", 0)
        resp.media = playlists(ctx, scope, *conditions, page=page if page > 0 else None)


class AllPlaylistsResource:
    """Every playlist row of a production with its entries, for synchronisation (admins)."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        require(ctx, Playlist, "sync", row={"project_id": project["id"]})  # admins only
        page = _int_param(ctx, "page", 0)
        if page < 1:
            resp.media = many(ctx, Playlist, Playlist.project == project["id"],
                              order_by=(Playlist.created_at, Playlist.id))
            return
        limit = ctx.app.config.plugin("data")["default_limit"]
        conditions = (Playlist.project == project["id"],)
        total = Playlist.select().where(*conditions).count()
        data = page_of(ctx, conditions, (Playlist.updated_at.desc(), Playlist.created_at.desc(), Playlist.id),
                       page, limit, relations=True)
        resp.media = envelope(data, total, page, limit)


def page_of(ctx: Context, conditions, order_by, page: int, limit: int, relations: bool = False) -> list[dict]:
    """One page of the playlists the actor reaches, limited in SQL (``many()`` reads them all)."""

    model_info = info(Playlist)
    query = rows.select(model_info).where(*conditions, *ctx.app.scope(ctx.actor, Playlist, "read"))
    found = rows.fetch_page(model_info, query.order_by(*order_by).paginate(max(page, 1), limit), relations,
                            "item" if relations else None)
    visible = service.visible_keys(ctx, model_info)
    return found if visible is None else [service.only_keys(row, visible) for row in found]


def routes() -> list[Route]:
    paging = ("20 per page (`page`, from 1; default: the first page), sorted by `sort_by`; "
              "`task_type_id` keeps one task type's playlists.")
    return [
        Route("/data/projects/{project_id}/playlists", ProjectPlaylistsResource(), tags=("data",), operations={
            "GET": Operation(summary="Playlists of a production (its team; clients: those shared with them)",
                             description=paging, response_schema=ROWS, operation_id="list_project_playlists")}),
        Route("/data/projects/{project_id}/episodes/{episode_id}/playlists", EpisodePlaylistsResource(),
              tags=("data",), operations={"GET": Operation(
                  summary="Playlists of an episode, of no episode (`main`) or of the whole show (`all`)",
                  description="Every playlist unless `page` is given (then " + paging[:-1] + "); `for_entity` "
                              "keeps the playlists of one kind of entity.",
                  response_schema=ROWS, operation_id="list_episode_playlists")}),
        Route("/data/projects/{project_id}/playlists/all", AllPlaylistsResource(), tags=("data",), operations={
            "GET": Operation(summary="Every playlist of a production with its entries, for synchronisation "
                                     "(admins)",
                             description="A list, or a page envelope when `page` is given.",
                             response_schema="data/production/playlists/answers#/$defs/all_playlists",
                             operation_id="list_all_project_playlists")}),
    ]
