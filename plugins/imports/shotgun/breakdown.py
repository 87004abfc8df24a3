"""ShotGrid episodes, sequences, scenes, shots and assets -> entities of the project they link.

An entity is matched by ShotGrid id among entities of its kind, then by its
natural key (name, kind or asset type, project, parent) when that entity has no
ShotGrid id yet. Keys an item leaves out keep their stored values (a sequence
sent without ``episode`` keeps its episode). An entity never moves to another
project. Frames, custom fields and casting follow ``schemas/imports/shotgun``.
"""

from __future__ import annotations

from clapboard.plugins.data.engine import ENTITY_KINDS, kind_id
from clapboard.plugins.data.models import Entity, EntityType

from . import casting
from .links import Refused, link_ids, own_ids
from .records import custom_fields, find, merged_data, save

SHOT_MAPPED = ("sg_cut_in", "sg_cut_out", "sg_cut_duration", "sg_sequence", "sg_scene")


def _prefetch(run, items: list, kind: str, parents: dict[str, str]) -> None:
    run.links.prefetch(kind, own_ids(items))
    run.links.prefetch("Project", link_ids(items, "project"))
    for key, space in parents.items():
        run.links.prefetch(space, link_ids(items, key, space))


def _same_name(ctx, kind: str, item: dict, values: dict) -> dict | None:
    """The entity with this item's natural key and no other ShotGrid id, to adopt."""

    parent = values.get("parent_id")
    found = find(ctx, Entity, Entity.project == values["project_id"], Entity.name == values["name"],
                 Entity.entity_type == values["entity_type_id"],
                 Entity.parent.is_null() if parent is None else Entity.parent == parent)
    if found is not None and found.get("shotgun_id") not in (None, item["id"]):
        raise Refused(f"The {kind.lower()} {values['name']!r} already exists here, imported from ShotGrid "
                      f"{kind} {found['shotgun_id']}.")
    return found


def upsert(run, kind: str, item: dict, values: dict, custom: dict | None = None) -> dict:
    """Create or update the ``kind`` entity ``item`` describes (``values`` in API keys); ``custom``
    fields join its ``data``."""

    ctx = run.ctx
    values = {"name": item["code"], "shotgun_id": item["id"], **values}
    if "description" in item:
        values["description"] = item["description"]
    known = run.links.get(kind, item["id"])
    current = find(ctx, Entity, Entity.id == known) if known else _same_name(ctx, kind, item, values)
    if current is not None and str(current["project_id"]) != str(values["project_id"]):
        raise Refused(f"This {kind.lower()} is in another project here: Clapboard does not move entities "
                      "between projects.")
    if current is not None:
        values.pop("project_id")
    if custom or current is None:
        values["data"] = merged_data(current, custom or {})
    row = save(ctx, Entity, current, values, event=kind.lower())
    run.links.remember(kind, item["id"], row["id"])
    return {**row, "type": "Entity"}  # Zou answers imported entities as plain entities


def _required_or_none(run, space: str, link: dict | None, role: str):
    return None if link is None else run.links.required(space, link, role)


def prepare_episodes(run, items: list) -> None:
    _prefetch(run, items, "Episode", {})


def write_episode(run, item: dict) -> dict:
    return upsert(run, "Episode", item, {"project_id": run.links.project(item["project"]),
                                         "entity_type_id": kind_id("Episode")})


def prepare_sequences(run, items: list) -> None:
    _prefetch(run, items, "Sequence", {"episode": "Episode"})


def write_sequence(run, item: dict) -> dict:
    values = {"project_id": run.links.project(item["project"]), "entity_type_id": kind_id("Sequence")}
    if "episode" in item:
        values["parent_id"] = _required_or_none(run, "Episode", item["episode"], "episode")
    return upsert(run, "Sequence", item, values)


def prepare_scenes(run, items: list) -> None:
    _prefetch(run, items, "Scene", {"sequence_sg_scenes_1_sequences": "Sequence"})


def write_scene(run, item: dict) -> dict:
    values = {"project_id": run.links.project(item["project"]), "entity_type_id": kind_id("Scene")}
    if "sequence_sg_scenes_1_sequences" in item:
        sequences = item["sequence_sg_scenes_1_sequences"] or []
        values["parent_id"] = run.links.required("Sequence", sequences[0], "sequence") if sequences else None
    return upsert(run, "Scene", item, values)


def prepare_shots(run, items: list) -> None:
    _prefetch(run, items, "Shot", {"sg_sequence": "Sequence", "sg_scene": "Scene", "assets": "Asset"})


def _frames(item: dict) -> dict:
    """Zou's reading of ShotGrid's cut: in = cut in, out = cut in + duration."""

    frame_in = item.get("sg_cut_in")
    duration = item.get("sg_cut_duration")
    frame_out = frame_in + duration if frame_in is not None and duration is not None else frame_in
    return {"frame_in": frame_in, "frame_out": frame_out}


def write_shot(run, item: dict) -> dict:
    values = {"project_id": run.links.project(item["project"]), "entity_type_id": kind_id("Shot")}
    if "sg_sequence" in item:
        values["parent_id"] = _required_or_none(run, "Sequence", item["sg_sequence"], "sequence")
    if "sg_scene" in item:
        values["source_id"] = _required_or_none(run, "Scene", item["sg_scene"], "scene")
    if "sg_cut_duration" in item:
        values["nb_frames"] = item["sg_cut_duration"]
    custom = custom_fields(item, SHOT_MAPPED)
    if "sg_cut_in" in item:
        custom.update(_frames(item))
    cast = casting.assets_of(run, item) if "assets" in item else None
    row = upsert(run, "Shot", item, values, custom)
    if cast is not None and casting.recast(run.ctx, {**row, "type": "Shot"}, cast):
        row = {**find(run.ctx, Entity, Entity.id == row["id"]), "type": "Entity"}
    return row


def prepare_assets(run, items: list) -> None:
    _prefetch(run, items, "Asset", {"parents": "Asset"})
    run.sent_ids = set(own_ids(items))


def _asset_type_id(ctx, name: str):
    """The asset type called ``name``, created when missing (Zou's ``create_asset_types``)."""

    if name in ENTITY_KINDS:
        raise Refused(f"{name!r} is not an asset type here: it is a reserved kind of entity.")
    found = find(ctx, EntityType, EntityType.name == name)
    if found is None:
        found = save(ctx, EntityType, None, {"name": name})
    return found["id"]


def write_asset(run, item: dict) -> dict:
    ctx = run.ctx
    project_id = run.links.project(item["project"])
    parents = casting.parents_of(run, item) if "parents" in item else None
    row = upsert(run, "Asset", item, {"project_id": project_id,
                                      "entity_type_id": _asset_type_id(ctx, item["sg_asset_type"].strip())})
    if parents is not None:
        run.later.append((run.index, item, lambda: casting.sync_parents(run, row["id"], parents)))
    return row
