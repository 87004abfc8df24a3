"""One entity in detail: ``GET /data/<kind>/{id}`` and a shot's or edit's version history.

Zou answers each kind differently: an asset or a shot is its board row
(tasks inline) merged into the full row (relation lists, ``entities_in``);
a sequence, an episode or a scene is its plain row plus the names of its
project and parents; an edit is its board row. Versions are the snapshots
kept in ``entity_version`` (see ``updates``), newest first.
"""

from __future__ import annotations

from ...crud import rows as row_reader
from ...crud.masking import value_mask
from ...crud.meta import info
from ...engine import NotFound, one
from ...models import Entity, EntityVersion, Project
from .boards import asset_rows, concept_rows, edit_rows, shot_rows
from .http import get
from .rows import parents_of, read_entity

ITEM = "data/production/entities/answers#/$defs/entity"
VERSIONS = "data/production/entities/answers#/$defs/versions"


def _full(ctx, kind: str, entity_id) -> dict:
    """The row with its relation lists and ``entities_in``, after checking its kind."""

    row = one(ctx, Entity, entity_id)
    if row["type"] != kind:
        raise NotFound(f"{kind} {entity_id} not found.")
    return row


def _board_row(rows: list, kind: str, entity_id) -> dict:
    if not rows:  # the entity is there but the board scope hides it
        raise NotFound(f"{kind} {entity_id} not found.")
    return rows[0]


def asset(ctx, req, asset_id):
    """An asset with its tasks, type and project names and the episodes casting it."""

    row = _full(ctx, "Asset", asset_id)
    board = _board_row(asset_rows(ctx, [Entity.id == row["id"]]), "Asset", asset_id)
    row.pop("source_id", None)
    row.pop("nb_frames", None)
    row["project_name"] = Project.select(Project.name).where(Project.id == row["project_id"]).scalar()
    row.update(board)
    return row


def shot(ctx, req, shot_id):
    """A shot with its tasks, sequence and episode names and frame range."""

    row = _full(ctx, "Shot", shot_id)
    board = _board_row(shot_rows(ctx, [Entity.id == row["id"]]), "Shot", shot_id)
    board.update(row)
    return board


def _with_episode(row: dict, parent: tuple) -> dict:
    """Add the episode above ``parent`` (``(name, parent_id)`` of a sequence), when there is one."""

    episode_id = parent[1] if parent else None
    if episode_id is not None:
        row["episode_id"] = episode_id
        row["episode_name"] = Entity.select(Entity.name).where(Entity.id == episode_id).scalar()
    return row


def _project_name(row: dict) -> dict:
    row["project_name"] = Project.select(Project.name).where(Project.id == row["project_id"]).scalar()
    return row


def sequence(ctx, req, sequence_id):
    """A sequence with its project and episode names."""

    row = _project_name(read_entity(ctx, "Sequence", sequence_id))
    if row["parent_id"] is not None:
        row["episode_id"] = row["parent_id"]
        row["episode_name"] = Entity.select(Entity.name).where(Entity.id == row["parent_id"]).scalar()
    return row


def episode(ctx, req, episode_id):
    """An episode with its project name."""

    return _project_name(read_entity(ctx, "Episode", episode_id))


def scene(ctx, req, scene_id):
    """A scene with its project, sequence and episode names."""

    row = _project_name(read_entity(ctx, "Scene", scene_id))
    parent = parents_of([row]).get(row["parent_id"])
    row["sequence_id"] = row["parent_id"]
    row["sequence_name"] = parent[0] if parent else None
    return _with_episode(row, parent)


def edit(ctx, req, edit_id):
    """An edit with its tasks and its project and episode names."""

    row = read_entity(ctx, "Edit", edit_id)
    return _board_row(edit_rows(ctx, [Entity.id == row["id"]]), "Edit", edit_id)


def concept(ctx, req, concept_id):
    """A concept with its tasks and the entities it illustrates."""

    row = _full(ctx, "Concept", concept_id)
    board = _board_row(concept_rows(ctx, [Entity.id == row["id"]]), "Concept", concept_id)
    board.update(row)
    return board


def _versions(kind: str, type_name: str):
    def versions(ctx, req, **path):
        (entity_id,) = path.values()
        entity = read_entity(ctx, kind, entity_id)
        version_info = info(EntityVersion)
        query = (row_reader.select(version_info).where(EntityVersion.entity == entity["id"])
                 .order_by(EntityVersion.created_at.desc(), EntityVersion.id))
        found = row_reader.fetch_page(version_info, query, False)
        mask = value_mask(ctx.app, ctx.actor)
        for row in found:
            row["type"] = type_name
            if mask is not None:
                row["data"] = mask.clean(row.get("data"), entity["project_id"], kind)
        return found

    versions.__doc__ = f"The {kind.lower()}'s earlier frame ranges and names, newest first."
    return versions


def methods() -> list:
    def item(path, handler, summary, response=ITEM):
        return get(path, handler, summary, response)

    return [
        item("/data/assets/{asset_id}", asset, "Get an asset with its tasks"),
        item("/data/shots/{shot_id}", shot, "Get a shot with its tasks"),
        item("/data/sequences/{sequence_id}", sequence, "Get a sequence"),
        item("/data/episodes/{episode_id}", episode, "Get an episode"),
        item("/data/scenes/{scene_id}", scene, "Get a scene"),
        item("/data/edits/{edit_id}", edit, "Get an edit with its tasks"),
        item("/data/concepts/{concept_id}", concept, "Get a concept with its tasks"),
        item("/data/shots/{shot_id}/versions", _versions("Shot", "ShotVersion"), "List a shot's versions", VERSIONS),
        item("/data/edits/{edit_id}/versions", _versions("Edit", "EditVersion"), "List an edit's versions", VERSIONS),
    ]
