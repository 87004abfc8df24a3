"""Casting routes: read and change which assets shots, episodes and assets use.

Reads need a seat in the production and the right to read casting links (not
vendors); changes need the right to update the casting entity (managers).
"""

from __future__ import annotations

from clapboard import Operation, Route

from ... import engine
from ...crud.values import parse_id
from ...models import Project
from . import cast_writes as writes
from . import casting
from .entities import entity

SCHEMA = "data/production/breakdown/casting#/$defs/"


def _project(ctx, project_id) -> dict:
    return engine.one(ctx, Project, project_id, relations=False)


def _replace(req, ctx, row: dict) -> list[dict]:
    body = engine.validated(req, SCHEMA + "update", default=[])
    writes.editable_entities(ctx, row["project_id"], [row["id"]])
    return writes.replace_casting(ctx, row, body)


class EntityCastingResource:
    """``/data/projects/{project_id}/entities/{entity_id}/casting``."""

    def on_get(self, req, resp, project_id, entity_id):
        ctx = engine.context(req)
        row = entity(ctx, entity_id, project_id=parse_id(project_id))
        resp.media = casting.entity_casting(ctx, row["id"])

    def on_put(self, req, resp, project_id, entity_id):
        ctx = engine.context(req)
        row = entity(ctx, entity_id, project_id=parse_id(project_id))
        resp.media = _replace(req, ctx, row)


class AssetCastingResource:
    """``/data/assets/{asset_id}/casting``: the assets an asset uses (a set and its props)."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        row = entity(ctx, asset_id, "Asset")
        resp.media = casting.entity_casting(ctx, row["id"])

    def on_put(self, req, resp, asset_id):
        ctx = engine.context(req)
        resp.media = _replace(req, ctx, entity(ctx, asset_id, "Asset"))


class CastAssetResource:
    """``/data/projects/{project_id}/entities/casting/assets/{asset_id}``."""

    def on_put(self, req, resp, project_id, asset_id):
        ctx = engine.context(req)
        project = _project(ctx, project_id)
        body = engine.validated(req, SCHEMA + "cast-asset")
        asset = entity(ctx, asset_id, "Asset")
        if asset["project_id"] != project["id"] and not asset["is_shared"]:
            raise engine.NotFound(f"Asset {asset['id']} not found in this production.")
        ids = engine.ids_param(body["entity_ids"], "entity_ids")
        targets = writes.editable_entities(ctx, project["id"], ids)
        writes.check_assets(ctx, project["id"], [asset["id"]], [row["id"] for row in targets])
        writes.cast_asset(ctx, targets, asset["id"], body.get("nb_occurences"), body.get("label"))
        resp.media = casting.entities_castings(ctx, list(dict.fromkeys(ids)))


class EntitiesCastingResource:
    """``/data/projects/{project_id}/entities/casting``: several whole castings in one request."""

    def on_put(self, req, resp, project_id):
        ctx = engine.context(req)
        body = engine.media(req, None)
        if not isinstance(body, dict) or not all(isinstance(casting, list) for casting in body.values()):
            raise engine.BadRequest("Request body must be a JSON object mapping entity ids to casting arrays")
        body = engine.validated(req, SCHEMA + "update-many")
        project = _project(ctx, project_id)
        ids = [parse_id(entity_id) for entity_id in body]
        rows = {row["id"]: row for row in writes.editable_entities(ctx, project["id"], ids)}
        resp.media = {str(entity_id): writes.replace_casting(ctx, rows[entity_id], casting)
                      for entity_id, casting in zip(ids, body.values())}


class SequenceCastingResource:
    """``/data/projects/{project_id}/sequences/{sequence_id}/casting``: its shots' castings."""

    def on_get(self, req, resp, project_id, sequence_id):
        ctx = engine.context(req)
        sequence = entity(ctx, sequence_id, "Sequence", project_id=parse_id(project_id))
        resp.media = casting.castings_by_entity(ctx, casting.Holder.parent == sequence["id"], _is("Shot"),
                                                entry=casting.shot_entry, parents=True)


class ProjectShotsCastingResource:
    """``/data/projects/{project_id}/sequences/all/casting``: every shot's casting."""

    def on_get(self, req, resp, project_id):
        ctx = engine.context(req)
        project = _project(ctx, project_id)
        resp.media = casting.castings_by_entity(ctx, casting.Holder.project == project["id"], _is("Shot"),
                                                entry=casting.shot_entry, parents=True)


class EpisodeShotsCastingResource:
    """``/data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting``."""

    def on_get(self, req, resp, project_id, episode_id):
        ctx = engine.context(req)
        episode = entity(ctx, episode_id, "Episode", project_id=parse_id(project_id))
        resp.media = casting.castings_by_entity(ctx, casting.Parent.parent == episode["id"], _is("Shot"),
                                                entry=casting.shot_entry, parents=True)


class EpisodesCastingResource:
    """``/data/projects/{project_id}/episodes/casting``: each episode's own casting."""

    def on_get(self, req, resp, project_id):
        ctx = engine.context(req)
        project = _project(ctx, project_id)
        resp.media = casting.castings_by_entity(ctx, casting.Holder.project == project["id"], _is("Episode"))


class AssetTypeCastingResource:
    """``/data/projects/{project_id}/asset-types/{asset_type_id}/casting``: each asset's casting."""

    def on_get(self, req, resp, project_id, asset_type_id):
        ctx = engine.context(req)
        project = _project(ctx, project_id)
        resp.media = casting.castings_by_entity(ctx, casting.Holder.project == project["id"],
                                                casting.Holder.entity_type == parse_id(asset_type_id))


class CastInResource:
    """``/data/assets/{asset_id}/cast-in``."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        resp.media = casting.cast_in(ctx, entity(ctx, asset_id, "Asset")["id"])


def _is(kind: str):
    return casting.Holder.entity_type == engine.kind_id(kind)


def _get(summary: str, schema: str, description: str | None = None) -> dict:
    return {"GET": Operation(summary=summary, description=description, response_schema=SCHEMA + schema)}


def routes() -> list[Route]:
    update = Operation(summary="Replace the casting", request_schema=SCHEMA + "update",
                       response_schema=SCHEMA + "update-answer",
                       description="Managers. Emits entity-link:new|update and <kind>:casting-update.")
    tags = ("data",)
    return [
        Route("/data/projects/{project_id}/entities/{entity_id}/casting", EntityCastingResource(), tags=tags,
              operations={**_get("Assets cast in an entity", "entity-casting"), "PUT": update}),
        Route("/data/assets/{asset_id}/casting", AssetCastingResource(), tags=tags,
              operations={**_get("Assets cast in an asset", "entity-casting"), "PUT": update}),
        Route("/data/projects/{project_id}/entities/casting/assets/{asset_id}", CastAssetResource(), tags=tags,
              operations={"PUT": Operation(
                  summary="Cast one asset in several entities", request_schema=SCHEMA + "cast-asset",
                  response_schema=SCHEMA + "castings",
                  description="Managers. Answers the full casting of each entity, keyed by entity id.")}),
        Route("/data/projects/{project_id}/entities/casting", EntitiesCastingResource(), tags=tags,
              operations={"PUT": Operation(
                  summary="Replace the castings of several entities of a production",
                  request_schema=SCHEMA + "update-many", response_schema=SCHEMA + "update-many-answer",
                  description="Managers. Body: entity id -> its whole new casting. All or nothing. Answers each "
                              "casting as written, keyed by entity id.")}),
        Route("/data/projects/{project_id}/sequences/{sequence_id}/casting", SequenceCastingResource(), tags=tags,
              operations=_get("Casting of a sequence's shots, by shot id", "table")),
        Route("/data/projects/{project_id}/sequences/all/casting", ProjectShotsCastingResource(), tags=tags,
              operations=_get("Casting of every shot of a production, by shot id", "table")),
        Route("/data/projects/{project_id}/episodes/{episode_id}/sequences/all/casting",
              EpisodeShotsCastingResource(), tags=tags,
              operations=_get("Casting of an episode's shots, by shot id", "table")),
        Route("/data/projects/{project_id}/episodes/casting", EpisodesCastingResource(), tags=tags,
              operations=_get("Casting of every episode of a production, by episode id", "table")),
        Route("/data/projects/{project_id}/asset-types/{asset_type_id}/casting", AssetTypeCastingResource(),
              tags=tags, operations=_get("Casting of the assets of one type, by asset id", "table")),
        Route("/data/assets/{asset_id}/cast-in", CastInResource(), tags=tags,
              operations=_get("Shots and assets an asset is cast in", "cast-in")),
    ]


