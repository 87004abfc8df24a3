"""Shots made out of a scene: the shot's ``source_id`` names the scene it came from.

Linking or unlinking changes the shot, so it takes the right to update it
(managers); the events are Zou's ``shot:add-to-scene`` and
``shot:remove-from-scene``.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ... import engine
from ...models import Entity, Project
from ...models.base import utcnow
from .entities import as_plain_entity, entity

SCHEMA = "data/production/breakdown/instances#/$defs/"


class SceneShotsResource:
    """``/data/scenes/{scene_id}/shots``."""

    def on_get(self, req, resp, scene_id):
        """Shots made from a scene, with their production and sequence names."""

        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        shots = engine.many(ctx, Entity, Entity.source == scene["id"], Entity.entity_type == engine.kind_id("Shot"),
                            order_by=(Entity.name, Entity.id))
        parents = {row["id"]: row["name"] for row in engine.many(
            ctx, Entity, Entity.id.in_([s["parent_id"] for s in shots if s["parent_id"]]))} if shots else {}
        project_name = Project.select(Project.name).where(Project.id == scene["project_id"]).scalar()
        for shot in shots:
            shot["project_name"] = project_name
            shot["sequence_name"] = parents.get(shot["parent_id"])
        shots.sort(key=lambda s: (s["sequence_name"] or "", s["name"]))
        resp.media = shots

    def on_post(self, req, resp, scene_id):
        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        body = engine.validated(req, SCHEMA + "scene-shot")
        shot = entity(ctx, body["shot_id"], "Shot")
        if shot["project_id"] != scene["project_id"]:
            raise engine.BadRequest(f"Shot {shot['id']} belongs to another production.")
        resp.media = as_plain_entity(_set_source(ctx, shot, scene, scene["id"], "shot:add-to-scene"))
        resp.status = falcon.HTTP_201


class SceneShotResource:
    """``/data/scenes/{scene_id}/shots/{shot_id}``."""

    def on_delete(self, req, resp, scene_id, shot_id):
        ctx = engine.context(req)
        scene = entity(ctx, scene_id, "Scene")
        shot = entity(ctx, shot_id, "Shot")
        engine.require(ctx, Entity, "update", row=shot, changes={"source_id": None})
        if shot["source_id"] == scene["id"]:
            _set_source(ctx, shot, scene, None, "shot:remove-from-scene")
        resp.status = falcon.HTTP_204


def _set_source(ctx, shot: dict, scene: dict, source_id, event: str) -> dict:
    engine.require(ctx, Entity, "update", row=shot, changes={"source_id": source_id})
    Entity.update(source=source_id, updated_at=utcnow()).where(Entity.id == shot["id"]).execute()
    engine.emit(ctx, event, {"scene_id": scene["id"], "shot_id": shot["id"]}, shot["project_id"])
    return entity(ctx, shot["id"])


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/scenes/{scene_id}/shots", SceneShotsResource(), tags=tags, operations={
            "GET": Operation(summary="Shots made from a scene", response_schema="data/entities#/$defs/list"),
            "POST": Operation(summary="Record that a shot was made from a scene", request_schema=SCHEMA + "scene-shot",
                              response_schema="data/entities#/$defs/row", status=201,
                              description="Managers. Answers the shot.")}),
        Route("/data/scenes/{scene_id}/shots/{shot_id}", SceneShotResource(), tags=tags, operations={
            "DELETE": Operation(summary="Unlink a shot from its scene", status=204, description="Managers.")}),
    ]
