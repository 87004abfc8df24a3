"""Adding entries to a playlist: one entity, or several (entity, preview) couples at once.

A playlist entry is the couple (entity, preview): the same entity may come
back under another preview, only an exact couple already there is skipped. A
preview of another entity (or unknown) is dropped from its couple, and a
couple without a preview pins the entity's newest revision (of the playlist's
task type when it has one). The entries are appended in one write of the row,
with a ``playlist:add_entity`` event per entry added; the answer is the
playlist. Who may: its production's managers, or the supervisor who made it.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...crud.writes import lock
from ...engine import context, emit, validated
from ...models import Entity, Playlist, PreviewFile, Task
from ...models.base import utcnow
from .access import check_update, found_playlist

SCHEMAS = "data/production/playlists/requests#/$defs"


def own_previews(couples: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """The couples with a preview that is not their entity's dropped (the entry would play another's)."""

    wanted = {preview for _, preview in couples if preview}
    owners = {str(preview): str(entity) for preview, entity in
              PreviewFile.select(PreviewFile.id, Task.entity).join(Task, on=(Task.id == PreviewFile.task))
              .where(PreviewFile.id.in_(list(wanted))).tuples()} if wanted else {}
    return [(entity, preview if preview and owners.get(preview) == entity else None) for entity, preview in couples]


def latest_previews(entity_ids, task_type_id=None) -> dict:
    """``{entity id: newest preview id}`` (highest revision, then newest), of one task type if given."""

    if not entity_ids:
        return {}
    query = (PreviewFile.select(PreviewFile.id, Task.entity).join(Task, on=(Task.id == PreviewFile.task))
             .where(Task.entity.in_(list(entity_ids)))
             .order_by(PreviewFile.revision.desc(), PreviewFile.created_at.desc(), PreviewFile.id))
    if task_type_id is not None:
        query = query.where(Task.task_type == task_type_id)
    found: dict = {}
    for preview, entity in query.tuples():
        found.setdefault(str(entity), str(preview))
    return found


def add_entries(ctx, playlist_id, couples: list[tuple[str, str | None]]) -> dict:
    playlist = found_playlist(ctx, playlist_id)
    check_update(ctx, playlist)
    entities = {str(e) for (e,) in Entity.select(Entity.id).where(
        Entity.id.in_([entity for entity, _ in couples]), Entity.project == playlist["project_id"]).tuples()}
    couples = [couple for couple in own_previews(couples) if couple[0] in entities]
    lock(Playlist, [playlist["id"]])  # two additions at once queue: neither loses the other's entries
    current = Playlist.select(Playlist.shots).where(Playlist.id == playlist["id"]).scalar()
    shots = [shot for shot in current if isinstance(shot, dict)] if isinstance(current, list) else []
    latest = latest_previews([e for e, p in couples if p is None], playlist.get("task_type_id"))
    present = {(str(shot.get("entity_id")), shot.get("preview_file_id")) for shot in shots}
    added = []
    for entity, preview in couples:
        preview = preview or latest.get(entity)
        if (entity, preview) in present:
            continue
        present.add((entity, preview))
        shot = {"entity_id": entity, **({"preview_file_id": preview} if preview else {})}
        shots.append(shot)
        added.append(shot)
    if added:
        Playlist.update(shots=shots, updated_at=utcnow()).where(Playlist.id == playlist["id"]).execute()
    for shot in added:
        emit(ctx, "playlist:add_entity", {"playlist_id": playlist["id"], "entity_id": shot["entity_id"],
                                          "preview_file_id": shot.get("preview_file_id")}, playlist["project_id"])
    return rows.fetch_one(info(Playlist), playlist["id"], False, derived_mode=None)


def _couple(item: dict) -> tuple[str, str | None]:
    preview = item.get("preview_file_id")
    return str(parse_id(item["entity_id"])), (str(parse_id(preview)) if preview else None)


class AddEntityResource:
    def on_post(self, req, resp, playlist_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMAS}/add_entity")
        resp.media = add_entries(ctx, playlist_id, [_couple(body)])


class AddEntitiesResource:
    def on_post(self, req, resp, playlist_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMAS}/add_entities")
        resp.media = add_entries(ctx, playlist_id, [_couple(item) for item in body["entities"]])


def routes() -> list[Route]:
    rule = ("Entries of other productions' entities are ignored; a preview of another entity is dropped. "
            "Managers of the production, or the supervisor who made the playlist. Answers the playlist.")
    return [
        Route("/actions/playlists/{playlist_id}/add-entity", AddEntityResource(), tags=("data",), operations={
            "POST": Operation(summary="Add an entity (and the preview to show, else its newest) to a playlist",
                              description=rule, request_schema=f"{SCHEMAS}/add_entity",
                              response_schema="data/playlists#/$defs/row", status=200,
                              operation_id="add_entity_to_playlist")}),
        Route("/actions/playlists/{playlist_id}/add-entities", AddEntitiesResource(), tags=("data",), operations={
            "POST": Operation(summary="Add several (entity, preview) couples to a playlist in one write",
                              description=rule, request_schema=f"{SCHEMAS}/add_entities",
                              response_schema="data/playlists#/$defs/row", status=200,
                              operation_id="add_entities_to_playlist")}),
    ]
