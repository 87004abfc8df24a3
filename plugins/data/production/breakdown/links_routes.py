"""The casting seen as rows: a production's entity links, and the assets (or asset types) an entity uses.

Every read applies the entity-link read rule and scope (vendors never see a
breakdown); the assets themselves are then read as entities.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ... import engine
from ...crud import rows, service
from ...crud.meta import info
from ...crud.values import parse_id
from ...models import Entity, EntityLink, EntityType, Project
from ...paging import all_or_page
from .entities import entity

SCHEMA = "data/production/breakdown/casting#/$defs/"
LINK_KEYS = ("id", "entity_in_id", "entity_out_id", "nb_occurences", "label", "data", "created_at", "type")
ASSET_TYPE_KEYS = ("id", "name", "short_name", "description", "archived", "created_at", "updated_at")


def _cast_asset_ids(ctx, holder_id):
    """Subquery: the assets cast in ``holder_id``, through the links the actor may read."""

    engine.require(ctx, EntityLink, "read")
    scope = ctx.app.scope(ctx.actor, EntityLink, "read")
    return EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == holder_id, *scope)


def cast_assets(ctx, holder_id) -> list[dict]:
    """The (not cancelled) assets cast in an entity, as full entity rows."""

    return engine.many(ctx, Entity, Entity.id.in_(_cast_asset_ids(ctx, holder_id)),
                       Entity.canceled == False, order_by=(Entity.name, Entity.id))  # noqa: E712


class ProjectLinksResource:
    """``/data/projects/{project_id}/entity-links``: every casting link of a production.

    The whole list, or a page envelope when ``page`` is given (``limit`` per page).
    """

    def on_get(self, req, resp, project_id):
        ctx = engine.context(req)
        project = engine.one(ctx, Project, project_id, relations=False)
        engine.require(ctx, EntityLink, "read")
        model_info = info(EntityLink)
        conditions = [EntityLink.entity_in.in_(Entity.select(Entity.id).where(Entity.project == project["id"])),
                      *ctx.app.scope(ctx.actor, EntityLink, "read")]
        query = rows.select(model_info).where(*conditions).order_by(EntityLink.created_at, EntityLink.id)
        resp.media = all_or_page(ctx, model_info, query, EntityLink.select().where(*conditions).count, _link)

class ProjectLinkResource:
    """``/data/projects/{project_id}/entity-links/{entity_link_id}``."""

    def on_delete(self, req, resp, project_id, entity_link_id):
        ctx = engine.context(req)
        link = engine.one(ctx, EntityLink, entity_link_id, verb="delete", relations=False)
        holder = Entity.get_or_none(Entity.id == link["entity_in_id"])
        if holder is None or holder.project_id != parse_id(project_id):
            raise engine.NotFound(f"EntityLink {link['id']} not found in this production.")
        service.delete_row(ctx, info(EntityLink), link["id"])
        count = EntityLink.select().where(EntityLink.entity_in == holder.id).count()
        Entity.update(nb_entities_out=count).where(Entity.id == holder.id).execute()
        resp.status = falcon.HTTP_204


class ShotAssetsResource:
    """``/data/shots/{shot_id}/assets``: the assets cast in a shot."""

    def on_get(self, req, resp, shot_id):
        ctx = engine.context(req)
        resp.media = cast_assets(ctx, entity(ctx, shot_id, "Shot")["id"])


class AssetAssetsResource:
    """``/data/assets/{asset_id}/assets``: the assets cast in an asset."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        resp.media = cast_assets(ctx, entity(ctx, asset_id, "Asset")["id"])


class ShotAssetTypesResource:
    """``/data/shots/{shot_id}/asset-types``: the types of the assets cast in a shot."""

    def on_get(self, req, resp, shot_id):
        ctx = engine.context(req)
        shot = entity(ctx, shot_id, "Shot")
        used = Entity.select(Entity.entity_type).where(Entity.id.in_(_cast_asset_ids(ctx, shot["id"])),
                                                       Entity.canceled == False)  # noqa: E712
        found = engine.many(ctx, EntityType, EntityType.id.in_(used), order_by=(EntityType.name, EntityType.id))
        resp.media = [{**{k: row.get(k) for k in ASSET_TYPE_KEYS}, "type": "AssetType"} for row in found]


def _link(row: dict) -> dict:
    return {k: row.get(k) for k in LINK_KEYS}


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/projects/{project_id}/entity-links", ProjectLinksResource(), tags=tags, operations={
            "GET": Operation(summary="Casting links of a production", response_schema=SCHEMA + "links",
                             description="The whole list, or a page envelope with `page` (and `limit`).")}),
        Route("/data/projects/{project_id}/entity-links/{entity_link_id}", ProjectLinkResource(), tags=tags,
              operations={"DELETE": Operation(summary="Delete a casting link", status=204,
                                              description="Managers. Updates the casting entity's count.")}),
        Route("/data/shots/{shot_id}/assets", ShotAssetsResource(), tags=tags, operations={
            "GET": Operation(summary="Assets cast in a shot", response_schema=SCHEMA + "assets")}),
        Route("/data/assets/{asset_id}/assets", AssetAssetsResource(), tags=tags, operations={
            "GET": Operation(summary="Assets cast in an asset", response_schema=SCHEMA + "assets")}),
        Route("/data/shots/{shot_id}/asset-types", ShotAssetTypesResource(), tags=tags, operations={
            "GET": Operation(summary="Types of the assets cast in a shot", response_schema=SCHEMA + "asset-types")}),
    ]
