"""Casting reads: the assets an entity uses, in the shapes Zou answers them.

Casting is stored as ``entity_link`` rows: ``entity_in`` (a shot, an episode,
an asset…) casts ``entity_out`` (an asset), ``nb_occurences`` times, with a
``label``. Every read here asks the policy for ``data.entity-links.read`` and
adds the entity-link scope to its own query (what ``engine.many`` does for a
plain list), so the same people may read a casting as may list its links:
vendors never do. The cast assets are joined in the same query, so a whole
project's casting costs one query whatever its size. Cancelled assets are left
out, as Zou does.
"""

from __future__ import annotations

from collections import defaultdict

from ... import engine
from ...models import Entity, EntityLink, EntityType

Asset = Entity.alias("cast_asset")
Holder = Entity.alias("cast_holder")  # the entity casting the asset (entity_in)
Parent = Entity.alias("cast_parent")  # the holder's parent (a shot's sequence)
Grandparent = Entity.alias("cast_grandparent")  # the parent's parent (a sequence's episode)


def links(ctx, *conditions, holder: bool = False, parents: bool = False):
    """Casting links the actor may read, each row joined to its asset and asset type.

    ``holder`` joins the casting entity as ``Holder``; ``parents`` also its
    parent and grandparent (outer joins: an asset or episode has none).
    """

    engine.require(ctx, EntityLink, "read")
    scope = ctx.app.scope(ctx.actor, EntityLink, "read")
    columns = [EntityLink.id.alias("link_id"), EntityLink.entity_in.alias("holder_id"),
               EntityLink.nb_occurences, EntityLink.label,
               Asset.id.alias("asset_id"), Asset.name.alias("asset_name"), Asset.preview_file_id,
               Asset.is_shared, Asset.project.alias("project_id"), Asset.source.alias("episode_id"),
               Asset.ready_for_task_type.alias("ready_for"), EntityType.name.alias("asset_type_name")]
    query = (EntityLink.select(*columns)
             .join(Asset, on=(EntityLink.entity_out == Asset.id))
             .join(EntityType, on=(Asset.entity_type == EntityType.id)))
    if holder or parents:
        query = query.switch(EntityLink).join(Holder, on=(EntityLink.entity_in == Holder.id))
        query = query.select_extend(Holder.name.alias("holder_name"), Holder.preview_file_id.alias("holder_preview"),
                                    Holder.entity_type.alias("holder_type_id"))
    if parents:
        outer = engine.peewee.JOIN.LEFT_OUTER
        query = (query.join(Parent, outer, on=(Holder.parent == Parent.id))
                 .join(Grandparent, outer, on=(Parent.parent == Grandparent.id))
                 .select_extend(Parent.name.alias("parent_name"), Grandparent.id.alias("grandparent_id"),
                                Grandparent.name.alias("grandparent_name")))
    return (query.where(Asset.canceled == False, *conditions, *scope)  # noqa: E712
            .order_by(EntityType.name, Asset.name, EntityLink.id).dicts())


def entity_entry(row: dict) -> dict:
    """One cast asset of ``GET …/entities/{id}/casting``."""

    return {"asset_id": row["asset_id"], "asset_name": row["asset_name"], "asset_type_name": row["asset_type_name"],
            "ready_for": row["ready_for"], "episode_id": row["episode_id"], "preview_file_id": row["preview_file_id"],
            "nb_occurences": row["nb_occurences"], "label": row["label"], "is_shared": row["is_shared"],
            "project_id": row["project_id"]}


def grouped_entry(row: dict) -> dict:
    """One cast asset of the per-entity casting tables (episodes, asset types)."""

    return {"asset_id": row["asset_id"], "name": row["asset_name"], "asset_name": row["asset_name"],
            "asset_type_name": row["asset_type_name"], "preview_file_id": row["preview_file_id"],
            "nb_occurences": row["nb_occurences"], "label": row["label"], "is_shared": row["is_shared"],
            "project_id": row["project_id"]}


def shot_entry(row: dict) -> dict:
    """One cast asset of the shot casting tables: the grouped entry with the shot's sequence name."""

    entry = grouped_entry(row)
    entry["sequence_name"] = row["parent_name"]
    return entry


def entity_casting(ctx, entity_id) -> list[dict]:
    return [entity_entry(row) for row in links(ctx, EntityLink.entity_in == entity_id)]


def castings_by_entity(ctx, *conditions, entry=grouped_entry, parents: bool = False) -> dict[str, list[dict]]:
    """``{casting entity id: [cast assets]}`` for the casting entities matching ``conditions``."""

    found: dict[str, list[dict]] = defaultdict(list)
    for row in links(ctx, *conditions, holder=True, parents=parents):
        found[str(row["holder_id"])].append(entry(row))
    return dict(found)


def entities_castings(ctx, entity_ids) -> dict[str, list[dict]]:
    """The full casting of each entity of ``entity_ids`` (every id gets a key, possibly empty)."""

    found: dict[str, list[dict]] = {str(i): [] for i in entity_ids}
    for row in links(ctx, EntityLink.entity_in.in_(list(entity_ids))):
        found[str(row["holder_id"])].append(entity_entry(row))
    return found


def cast_in(ctx, asset_id) -> list[dict]:
    """Where an asset is cast: shots first (by episode, sequence, shot), then assets.

    Episodes casting the asset (Zou's automatic episode links) are not listed.
    """

    kinds = dict(EntityType.select(EntityType.id, EntityType.name).tuples())
    shots, assets = [], []
    for row in links(ctx, EntityLink.entity_out == asset_id, Holder.canceled == False,  # noqa: E712
                     parents=True):
        kind = kinds.get(row["holder_type_id"])
        if kind == "Shot":
            shots.append({"shot_id": row["holder_id"], "shot_name": row["holder_name"],
                          "sequence_name": row["parent_name"], "episode_id": row["grandparent_id"],
                          "episode_name": row["grandparent_name"], "preview_file_id": row["holder_preview"],
                          "nb_occurences": row["nb_occurences"]})
        elif kind not in engine.ENTITY_KINDS:
            assets.append({"asset_id": row["holder_id"], "asset_name": row["holder_name"], "asset_type_name": kind,
                           "preview_file_id": row["holder_preview"], "nb_occurences": row["nb_occurences"]})
    shots.sort(key=lambda s: (s["episode_name"] or "", s["sequence_name"] or "", s["shot_name"]))
    assets.sort(key=lambda a: (a["asset_type_name"], a["asset_name"]))
    return shots + assets
