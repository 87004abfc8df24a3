"""One playlist with the preview revisions of its entries, and the previews of an entity it may show.

A playlist's entries (``shots``: ``{entity_id, preview_file_id}``) are given,
for the player, every preview of their entity by task type and revision, and
the kind, status and task of the preview they pin. Annotations are left out:
Kitsu loads them when it opens a preview. The same access rules as the lists
hold (team, no vendors, clients only for shared playlists), and a playlist of
another production is not found.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud.values import parse_id
from ...engine import context, one
from ...models import Entity, Playlist
from ..tasks.preview_lists import previews_by_entity, previews_by_task_type
from .lists import playlist_scope

# What a pinned entry tells of its preview, from the preview's summary.
PINNED = ("extension", "status", "task_id", "previews")


def _without_annotations(items: list[dict]) -> list[dict]:
    return [{**{k: v for k, v in item.items() if k != "annotations"},
             **({"previews": _without_annotations(item["previews"])} if "previews" in item else {})}
            for item in items]


def _by_preview_id(previews: dict) -> dict:
    """Every preview summary of ``{entity: {task type: items}}``, keyed by its id (text)."""

    found = {}
    for by_type in previews.values():
        for items in by_type.values():
            for item in items:
                found[str(item["id"])] = item
                found.update({str(other["id"]): other for other in item["previews"]})
    return found


def playlist_with_revisions(ctx, scope, playlist_id) -> dict:
    playlist = one(ctx, Playlist, playlist_id)
    if playlist["project_id"] != scope.project["id"] or (scope.client_only and not playlist["for_client"]):
        raise NotFound(f"Playlist {playlist_id} not found in this production.")
    playlist["build_jobs"] = sorted(playlist.get("build_jobs") or [], key=lambda job: job["created_at"],
                                    reverse=True)
    entries = [dict(entry) for entry in playlist.get("shots") or [] if isinstance(entry, dict)]
    for entry in entries:
        entry.setdefault("id", entry.get("entity_id") or entry.get("shot_id"))
    ids = [parsed for parsed in (_uuid(entry["id"]) for entry in entries) if parsed is not None]
    previews = {str(entity_id): by_type for entity_id, by_type in previews_by_entity(ctx, ids).items()}
    pinnable = _by_preview_id(previews)
    for entry in entries:
        by_type = previews.get(str(entry["id"]), {})
        entry["preview_files"] = {task_type: _without_annotations(items) for task_type, items in by_type.items()}
        pinned = pinnable.get(str(entry.get("preview_file_id")))
        if pinned is None:
            entry.pop("preview_file_id", None)
            continue
        for key in PINNED:
            value = pinned.get(key)
            entry[f"preview_file_{key}"] = _without_annotations(value or []) if key == "previews" else value
    playlist["shots"] = entries
    return playlist


def _uuid(value):
    try:
        return parse_id(str(value))
    except BadRequest:
        return None  # an entry naming no valid entity gets no previews


class ProjectPlaylistResource:
    def on_get(self, req, resp, project_id, playlist_id):
        ctx = context(req)
        resp.media = playlist_with_revisions(ctx, playlist_scope(ctx, project_id), playlist_id)


class EntityPreviewsResource:
    """The previews of an entity, by task type and revision (what a playlist may pin for it)."""

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        resp.media = previews_by_task_type(ctx, entity["id"])


def routes() -> list[Route]:
    return [
        Route("/data/projects/{project_id}/playlists/{playlist_id}", ProjectPlaylistResource(), tags=("data",),
              operations={"GET": Operation(
                  summary="A playlist of the production with the preview revisions of its entries",
                  description="Each entry gets `preview_files` (its entity's previews by task type, newest "
                              "revision first) and the extension, status, task and other files of the preview it "
                              "pins; build jobs come newest first. Annotations are left out.",
                  response_schema="data/production/playlists/answers#/$defs/playlist",
                  operation_id="get_project_playlist")}),
        Route("/data/playlists/entities/{entity_id}/preview-files", EntityPreviewsResource(), tags=("data",),
              operations={"GET": Operation(
                  summary="Previews of an entity by task type and revision, to pin in a playlist",
                  response_schema="data/production/tasks/answers#/$defs/previews_by_task_type",
                  operation_id="list_playlist_entity_previews")}),
    ]
