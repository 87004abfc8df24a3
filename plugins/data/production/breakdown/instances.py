"""Asset instances: numbered copies of an asset placed in a scene, in another asset, or in shots.

An instance is an ``asset_instance`` row (``asset_id`` the asset instantiated;
``scene_id`` or ``target_asset_id`` where it lives); ``asset_instance_link``
rows say which shots use it. Lists are keyed the way Zou keys them: by
instantiated asset for a scene, an asset or a shot, by shot or scene for the
instances of one asset. Reads follow the asset-instance read rule (vendors
never see them); creating takes the asset-instance create right, linking an
instance to a shot the right to update the shot (managers).
"""

from __future__ import annotations

from collections import defaultdict

import falcon

from clapboard import Operation, Route

from ... import engine
from ...crud import service
from ...crud.meta import info
from ...models import AssetInstance, AssetInstanceLink, Entity, EntityType
from ...models.base import utcnow
from .entities import as_plain_entity, entity

SCHEMA = "data/production/breakdown/instances#/$defs/"
ORDER = (AssetInstance.asset, AssetInstance.number, AssetInstance.id)


def instances(ctx, *conditions) -> list[dict]:
    return engine.many(ctx, AssetInstance, *conditions, order_by=ORDER)


def keyed(rows: list[dict], key: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        found[str(row[key])].append(row)
    return dict(found)


def create_instance(ctx, asset: dict, place: dict, description) -> dict:
    """A new instance of ``asset`` in ``place`` (a scene, or else an asset), named ``<asset>_0001``
    after the last one there; the asset must belong to the place's production or be shared."""

    if asset["project_id"] != place["project_id"] and not asset["is_shared"]:
        raise engine.BadRequest(f"Asset {asset['id']} belongs to another production.")
    in_scene = place["type"] == "Scene"
    where = (AssetInstance.scene == place["id"]) if in_scene else (AssetInstance.target_asset == place["id"])
    last = AssetInstance.select(engine.peewee.fn.MAX(AssetInstance.number)).where(
        AssetInstance.asset == asset["id"], where).scalar() or 0
    body = {"asset_id": str(asset["id"]), "number": last + 1, "name": f"{asset['name']}_{last + 1:04d}",
            "description": description, "scene_id": str(place["id"]) if in_scene else None,
            "target_asset_id": None if in_scene else str(place["id"])}
    row = service.create_row(ctx, info(AssetInstance), body, event="asset_instance:new")
    row.pop("shots", None)  # these routes answer the bare instance
    return row


class SceneInstancesResource:
    """``/data/scenes/{scene_id}/asset-instances``."""

    def on_get(self, req, resp, scene_id):
        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        resp.media = keyed(instances(ctx, AssetInstance.scene == scene["id"]), "asset_id")

    def on_post(self, req, resp, scene_id):
        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        body = engine.validated(req, SCHEMA + "scene-instance")
        asset = entity(ctx, body["asset_id"], "Asset")
        resp.media = create_instance(ctx, asset, scene, body.get("description"))
        resp.status = falcon.HTTP_201


class SceneCamerasResource:
    """``/data/scenes/{scene_id}/camera-instances``: the instances of assets of type "Camera"."""

    def on_get(self, req, resp, scene_id):
        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        cameras = (Entity.select(Entity.id).join(EntityType, on=(Entity.entity_type == EntityType.id))
                   .where(EntityType.name == "Camera"))
        resp.media = keyed(instances(ctx, AssetInstance.scene == scene["id"], AssetInstance.asset.in_(cameras)),
                           "asset_id")


class AssetInstancesResource:
    """``/data/assets/{asset_id}/asset-asset-instances``: the instances placed in an asset."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        asset = entity(ctx, asset_id, "Asset")
        resp.media = keyed(instances(ctx, AssetInstance.target_asset == asset["id"]), "asset_id")

    def on_post(self, req, resp, asset_id):
        ctx = engine.context(req)
        target = entity(ctx, asset_id, "Asset")
        body = engine.validated(req, SCHEMA + "asset-instance")
        asset = entity(ctx, body["asset_to_instantiate_id"], "Asset")
        resp.media = create_instance(ctx, asset, target, body.get("description"))
        resp.status = falcon.HTTP_201


class AssetSceneInstancesResource:
    """``/data/assets/{asset_id}/scene-asset-instances``: an asset's instances, by scene."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        asset = entity(ctx, asset_id, "Asset")
        resp.media = keyed(instances(ctx, AssetInstance.asset == asset["id"], AssetInstance.scene.is_null(False)),
                           "scene_id")


class AssetShotInstancesResource:
    """``/data/assets/{asset_id}/shot-asset-instances``: an asset's instances, by shot using them."""

    def on_get(self, req, resp, asset_id):
        ctx = engine.context(req)
        asset = entity(ctx, asset_id, "Asset")
        linked = AssetInstanceLink.select(AssetInstanceLink.asset_instance)
        found = {row["id"]: row for row in instances(ctx, AssetInstance.asset == asset["id"],
                                                     AssetInstance.id.in_(linked))}
        by_shot: dict[str, list[dict]] = defaultdict(list)
        query = (AssetInstanceLink.select(AssetInstanceLink.entity, AssetInstanceLink.asset_instance)
                 .where(AssetInstanceLink.asset_instance.in_(list(found)))
                 .order_by(AssetInstanceLink.entity).tuples()) if found else ()
        for shot_id, instance_id in query:
            by_shot[str(shot_id)].append(found[instance_id])
        resp.media = {shot: sorted(rows, key=lambda r: (str(r["asset_id"]), r["number"] or 0))
                      for shot, rows in by_shot.items()}


class ShotInstancesResource:
    """``/data/shots/{shot_id}/asset-instances``: the instances a shot uses, by asset."""

    def on_get(self, req, resp, shot_id):
        ctx = engine.context(req)
        shot = entity(ctx, shot_id, "Shot")
        used = AssetInstanceLink.select(AssetInstanceLink.asset_instance).where(AssetInstanceLink.entity == shot["id"])
        resp.media = keyed(instances(ctx, AssetInstance.id.in_(used)), "asset_id")

    def on_post(self, req, resp, shot_id):
        ctx = engine.context(req)
        shot = entity(ctx, shot_id, "Shot")
        body = engine.validated(req, SCHEMA + "shot-instance")
        instance = engine.one(ctx, AssetInstance, body["asset_instance_id"], relations=False)
        engine.require(ctx, Entity, "update", row=shot)
        exists = AssetInstanceLink.select().where(AssetInstanceLink.entity == shot["id"],
                                                  AssetInstanceLink.asset_instance == instance["id"]).exists()
        if not exists:
            AssetInstanceLink.insert(entity=shot["id"], asset_instance=instance["id"]).execute()
        resp.media = _touched(ctx, shot, instance, "asset_instance:add-to-shot")
        resp.status = falcon.HTTP_201


class ShotInstanceResource:
    """``/data/shots/{shot_id}/asset-instances/{asset_instance_id}``."""

    def on_delete(self, req, resp, shot_id, asset_instance_id):
        ctx = engine.context(req)
        shot = entity(ctx, shot_id, "Shot")
        instance = engine.one(ctx, AssetInstance, asset_instance_id, relations=False)
        engine.require(ctx, Entity, "update", row=shot)
        AssetInstanceLink.delete().where(AssetInstanceLink.entity == shot["id"],
                                         AssetInstanceLink.asset_instance == instance["id"]).execute()
        _touched(ctx, shot, instance, "asset_instance:remove-from-shot")
        resp.status = falcon.HTTP_204


def _touched(ctx, shot: dict, instance: dict, event: str) -> dict:
    """Date the shot's change, tell the listeners, answer the shot as Zou does (a plain "Entity")."""

    Entity.update(updated_at=utcnow()).where(Entity.id == shot["id"]).execute()
    engine.emit(ctx, event, {"shot_id": shot["id"], "asset_instance_id": instance["id"]}, shot["project_id"])
    return as_plain_entity(entity(ctx, shot["id"]))


def routes() -> list[Route]:
    tags = ("data",)
    by_key = SCHEMA + "by-key"
    return [
        Route("/data/scenes/{scene_id}/asset-instances", SceneInstancesResource(), tags=tags, operations={
            "GET": Operation(summary="Asset instances of a scene, by asset", response_schema=by_key),
            "POST": Operation(summary="Instantiate an asset in a scene", request_schema=SCHEMA + "scene-instance",
                              response_schema=SCHEMA + "instance", status=201,
                              description="Managers. Numbered after the asset's last instance in the scene.")}),
        Route("/data/scenes/{scene_id}/camera-instances", SceneCamerasResource(), tags=tags, operations={
            "GET": Operation(summary="Camera instances of a scene, by camera asset", response_schema=by_key)}),
        Route("/data/assets/{asset_id}/asset-asset-instances", AssetInstancesResource(), tags=tags, operations={
            "GET": Operation(summary="Asset instances placed in an asset, by instantiated asset",
                             response_schema=by_key),
            "POST": Operation(summary="Instantiate an asset in another asset", request_schema=SCHEMA + "asset-instance",
                              response_schema=SCHEMA + "instance", status=201, description="Managers.")}),
        Route("/data/assets/{asset_id}/scene-asset-instances", AssetSceneInstancesResource(), tags=tags,
              operations={"GET": Operation(summary="Scene instances of an asset, by scene", response_schema=by_key)}),
        Route("/data/assets/{asset_id}/shot-asset-instances", AssetShotInstancesResource(), tags=tags,
              operations={"GET": Operation(summary="Instances of an asset used in shots, by shot",
                                           response_schema=by_key)}),
        Route("/data/shots/{shot_id}/asset-instances", ShotInstancesResource(), tags=tags, operations={
            "GET": Operation(summary="Asset instances a shot uses, by asset", response_schema=by_key),
            "POST": Operation(summary="Use an asset instance in a shot", request_schema=SCHEMA + "shot-instance",
                              response_schema="data/entities#/$defs/row", status=201,
                              description="Managers. Answers the shot.")}),
        Route("/data/shots/{shot_id}/asset-instances/{asset_instance_id}", ShotInstanceResource(), tags=tags,
              operations={"DELETE": Operation(summary="Stop using an asset instance in a shot", status=204,
                                              description="Managers.")}),
    ]
