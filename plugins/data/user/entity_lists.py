"""The parts of a production the user works on: asset types, assets, sequences, episodes, shots, scenes.

Zou lists here only what holds a task assigned to the user in an open
production: the asset types and assets of those tasks, the sequences and
episodes above the shots of those tasks, the shots and scenes of a sequence
carrying one. The production or sequence named in the path must be one the
user reaches (404 otherwise), and every row goes through the policy's scope.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..engine import ENTITY_KINDS, NotFound, context, many, one
from ..models import Entity, EntityType, Task
from ..production.entities.rows import ASSET, of_kind, read_entity, read_project
from .me import READ, my_entity_tasks

ANSWERS = "data/user/answers#/$defs/"


def _worked_on(ctx):
    """Subquery: the entities holding a task of the user."""

    return Task.select(Task.entity).where(*my_entity_tasks(ctx))


def _entities(ctx, kind, *conditions) -> list[dict]:
    return many(ctx, Entity, of_kind(kind), *conditions, order_by=(Entity.name, Entity.id))


def asset_types(ctx, project_id) -> list[dict]:
    project = read_project(ctx, project_id)
    used = Entity.select(Entity.entity_type).where(Entity.project == project["id"], Entity.id.in_(_worked_on(ctx)))
    found = many(ctx, EntityType, EntityType.id.in_(used), EntityType.name.not_in(ENTITY_KINDS),
                 order_by=(EntityType.name, EntityType.id))
    for row in found:
        row["type"] = "AssetType"
    return found


def assets(ctx, project_id, asset_type_id) -> list[dict]:
    project = read_project(ctx, project_id)
    asset_type = one(ctx, EntityType, asset_type_id, relations=False)
    if asset_type["name"] in ENTITY_KINDS:
        raise NotFound(f"Asset type {asset_type_id} not found.")
    return _entities(ctx, ASSET, Entity.project == project["id"], Entity.entity_type == asset_type["id"],
                     Entity.id.in_(_worked_on(ctx)))


def _sequences_of_my_shots(ctx):
    shots = Entity.select(Entity.parent).where(of_kind("Shot"), Entity.id.in_(_worked_on(ctx)))
    return Entity.select(Entity.id).where(of_kind("Sequence"), Entity.id.in_(shots))


def sequences(ctx, project_id) -> list[dict]:
    project = read_project(ctx, project_id)
    return _entities(ctx, "Sequence", Entity.project == project["id"], Entity.id.in_(_sequences_of_my_shots(ctx)))


def episodes(ctx, project_id) -> list[dict]:
    project = read_project(ctx, project_id)
    above = Entity.select(Entity.parent).where(Entity.id.in_(_sequences_of_my_shots(ctx)))
    return _entities(ctx, "Episode", Entity.project == project["id"], Entity.id.in_(above))


def _children(kind):
    def children(ctx, sequence_id) -> list[dict]:
        sequence = read_entity(ctx, "Sequence", sequence_id)
        return _entities(ctx, kind, Entity.parent == sequence["id"], Entity.id.in_(_worked_on(ctx)))

    return children


class _Listing:
    def __init__(self, build):
        self.build = build

    def on_get(self, req, resp, **fields):
        resp.media = self.build(context(req), **fields)


def routes() -> list[Route]:
    def listing(path, build, summary, schema):
        return Route(path, _Listing(build), tags=("data",), operations={"GET": Operation(
            summary=summary, response_schema=ANSWERS + schema, action=READ,
            description="Only what holds a task assigned to the user in an open production.")})

    project = "/data/user/projects/{project_id}"
    return [
        listing(project + "/asset-types", asset_types, "Asset types of the user's assets in a production",
                "asset_types"),
        listing(project + "/asset-types/{asset_type_id}/assets", assets,
                "The user's assets of one type in a production", "entities"),
        listing(project + "/sequences", sequences, "Sequences holding the user's shots in a production",
                "entities"),
        listing(project + "/episodes", episodes, "Episodes holding the user's shots in a production", "entities"),
        listing("/data/user/sequences/{sequence_id}/shots", _children("Shot"), "The user's shots of a sequence",
                "entities"),
        listing("/data/user/sequences/{sequence_id}/scenes", _children("Scene"),
                "The user's scenes of a sequence", "entities"),
    ]
