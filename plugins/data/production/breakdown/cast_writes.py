"""Casting writes: replace an entity's casting, or cast one asset in several entities.

Changing a casting changes the casting entity (its ``nb_entities_out``), so it
takes the right to update that entity (``data.entities.update``: managers of
its production). The cast assets must be assets the actor reaches, of the same
production or shared. Links that stay are updated in place (their ids and
creation dates survive), new ones inserted, dropped ones deleted; each new or
changed link emits ``entity-link:new|update`` and each recast entity
``shot:casting-update``, ``episode:casting-update`` or, for any other kind,
``asset:casting-update``, as Zou does.

Casting a shot that belongs to an episode also casts the asset in the episode
(a link flagged ``data: {"auto": true}``, added once and never removed by the
shot), so episode castings list what their shots use, as in Zou.

Under concurrent writers: the recast entities and their episodes are locked
(in id order) before their links are read, so two recasts of one shot queue
and the casting ends as one of the bodies sent, never a mix; episode links are
inserted with ``ON CONFLICT DO NOTHING`` in asset order, so castings of many
shots of one episode never refuse or deadlock on the shared links.
"""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest

from ... import engine
from ...models import Entity, EntityLink
from ...models.base import utcnow
from .casting_counts import recount

# Zou names the casting event after the kind of the recast entity; every other kind counts as an asset.
CASTING_EVENTS = {"Shot": "shot", "Episode": "episode"}


def editable_entities(ctx, project_id, entity_ids) -> list[dict]:
    """The entities whose casting changes, all in ``project_id`` and updatable by the actor."""

    wanted = list(dict.fromkeys(entity_ids))
    found = engine.many(ctx, Entity, Entity.id.in_(wanted)) if wanted else []
    missing = sorted(str(i) for i in set(wanted) - {row["id"] for row in found})
    if missing:
        raise BadRequest(f"Unknown entities: {', '.join(missing)}.")
    elsewhere = sorted(str(row["id"]) for row in found if row["project_id"] != project_id)
    if elsewhere:
        raise BadRequest(f"Entities of another production: {', '.join(elsewhere)}.")
    for row in found[:1]:  # one production, one role: the first row answers for all
        engine.require(ctx, Entity, "update", row=row)
    return found


def check_assets(ctx, project_id, asset_ids, casting_ids=()) -> None:
    """Refuse (400) ids that are not reachable assets of the production (or shared), or cast themselves."""

    wanted = list(dict.fromkeys(asset_ids))
    if not wanted:
        return
    found = {row["id"]: row for row in engine.many(ctx, Entity, Entity.id.in_(wanted))}
    bad = [i for i in wanted if i not in found or found[i]["type"] != "Asset"
           or (found[i]["project_id"] != project_id and not found[i]["is_shared"])]
    if bad:
        raise BadRequest(f"Not assets of this production: {', '.join(sorted(str(i) for i in bad))}.")
    looping = sorted(str(i) for i in set(wanted) & set(casting_ids))
    if looping:
        raise BadRequest(f"An asset cannot be cast in itself: {', '.join(looping)}.")


def replace_casting(ctx, entity: dict, casting: list[dict]) -> list[dict]:
    """Make ``casting`` (``[{asset_id, nb_occurences, label}]``) the whole casting of ``entity``."""

    wanted = {}
    for item in casting:
        asset_id = item["asset_id"] if isinstance(item["asset_id"], uuid.UUID) else uuid.UUID(item["asset_id"])
        wanted[asset_id] = {"asset_id": asset_id, "nb_occurences": item.get("nb_occurences", 1),
                            "label": item.get("label") or ""}
    kept = {k: v for k, v in wanted.items() if v["nb_occurences"] > 0}
    check_assets(ctx, entity["project_id"], list(kept), [entity["id"]])
    _lock_casters([entity])
    current = {row["entity_out"]: row for row in
               EntityLink.select().where(EntityLink.entity_in == entity["id"]).dicts()}
    gone = [current[a]["id"] for a in current if a not in kept]
    if gone:
        EntityLink.delete().where(EntityLink.id.in_(gone)).execute()
    for asset_id, item in kept.items():
        _set_link(ctx, entity, asset_id, item["nb_occurences"], item["label"], current.get(asset_id))
    _after_recast(ctx, [entity], list(kept))
    return [{"asset_id": str(v["asset_id"]), "nb_occurences": v["nb_occurences"], "label": v["label"]}
            for v in kept.values()]


def cast_asset(ctx, entities: list[dict], asset_id, nb_occurences=None, label=None) -> None:
    """Cast one asset in each entity, leaving their other assets alone (``nb_occurences`` 0 uncasts).

    A missing ``nb_occurences`` or ``label`` keeps the current value (1 and "" on a new link).
    """

    holders = [row["id"] for row in entities]
    _lock_casters(entities)
    current = {row["entity_in"]: row for row in EntityLink.select().where(
        EntityLink.entity_out == asset_id, EntityLink.entity_in.in_(holders)).dicts()}
    if nb_occurences == 0:
        if current:
            EntityLink.delete().where(EntityLink.id.in_([row["id"] for row in current.values()])).execute()
        _after_recast(ctx, entities, [])
        return
    for entity in entities:
        link = current.get(entity["id"])
        count = nb_occurences if nb_occurences is not None else (link["nb_occurences"] if link else 1)
        text = label if label is not None else (link["label"] if link else "")
        _set_link(ctx, entity, asset_id, count, text or "", link)
    _after_recast(ctx, entities, [asset_id])


def _lock_casters(entities: list[dict]) -> None:
    """Lock the entities whose casting changes and the episodes above the shots, in id order."""

    shots = [e for e in entities if e["type"] == "Shot"]
    engine.lock(Entity, [e["id"] for e in entities] + _episodes_of(shots))


def _episodes_of(shots: list[dict]) -> list:
    sequence_ids = {shot["parent_id"] for shot in shots if shot.get("parent_id")}
    if not sequence_ids:
        return []
    return list(dict.fromkeys(row for (row,) in Entity.select(Entity.parent).where(
        Entity.id.in_(list(sequence_ids)), Entity.parent.is_null(False)).tuples()))


def _new_links(ctx, project_id, links: list[tuple], data=None) -> None:
    """Insert the (entity, asset, count, label) links not there yet; an event for each one added."""

    now = utcnow()
    rows = [{"id": uuid.uuid4(), "entity_in": entity_id, "entity_out": asset_id, "nb_occurences": count,
             "label": label, "data": data, "created_at": now, "updated_at": now}
            for entity_id, asset_id, count, label in links]
    added = engine.insert_missing(EntityLink, rows, (EntityLink.entity_in, EntityLink.entity_out),
                                  returning=(EntityLink.id, EntityLink.entity_in, EntityLink.entity_out,
                                             EntityLink.nb_occurences))
    for link_id, entity_id, asset_id, count in added:
        _link_event(ctx, "entity-link:new", link_id, {"id": entity_id, "project_id": project_id}, asset_id, count)


def _set_link(ctx, entity: dict, asset_id, nb_occurences: int, label: str, current: dict | None) -> None:
    if current is None:
        _new_links(ctx, entity["project_id"], [(entity["id"], asset_id, nb_occurences, label)])
    elif (current["nb_occurences"], current["label"]) != (nb_occurences, label):
        EntityLink.update(nb_occurences=nb_occurences, label=label, updated_at=utcnow()).where(
            EntityLink.id == current["id"]).execute()
        _link_event(ctx, "entity-link:update", current["id"], entity, asset_id, nb_occurences)


def _link_event(ctx, name, link_id, entity, asset_id, nb_occurences) -> None:
    engine.emit(ctx, name, {"entity_link_id": link_id, "entity_in_id": entity["id"], "entity_out_id": asset_id,
                            "nb_occurences": nb_occurences}, entity["project_id"])


def _after_recast(ctx, entities: list[dict], asset_ids: list) -> None:
    """Episode links for the shots, fresh ``nb_entities_out`` counts, one casting event per entity."""

    episodes = _cast_in_episodes(ctx, [e for e in entities if e["type"] == "Shot"], asset_ids)
    counts = recount([e["id"] for e in entities] + episodes)
    for entity in entities:
        kind = CASTING_EVENTS.get(entity["type"], "asset")
        engine.emit(ctx, f"{kind}:casting-update",
                    {f"{kind}_id": entity["id"], "nb_entities_out": counts.get(entity["id"], 0)},
                    entity["project_id"])


def _cast_in_episodes(ctx, shots: list[dict], asset_ids: list) -> list:
    """Add the missing automatic episode links for assets cast in ``shots``; the episodes touched."""

    if not shots or not asset_ids:
        return []
    episode_ids = _episodes_of(shots)
    if not episode_ids:
        return []
    links = [(episode_id, asset_id, 1, "") for episode_id in episode_ids for asset_id in asset_ids]
    _new_links(ctx, shots[0]["project_id"], links, data={"auto": True})
    return episode_ids
