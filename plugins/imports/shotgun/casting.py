"""Casting from ShotGrid: a shot's ``assets`` and an asset's ``parents``.

A shot's ``assets`` is its whole casting: it is replaced through the data
plugin's casting writer (events, episode castings, counts), keeping the
occurrences and labels of the assets that stay. An asset's ``parents`` are the
assets that cast it, as Zou reads them: each parent's casting gains the asset,
and asset parents that are no longer listed lose it (shots are left alone).
Parents may come later in the same payload, so their links are made once
every item is written.
"""

from __future__ import annotations

from clapboard.plugins.data.engine import asset_type_ids, require
from clapboard.plugins.data.models import Entity, EntityLink
from clapboard.plugins.data.production.breakdown.cast_writes import cast_asset, replace_casting

from .links import Refused, describe
from .records import find


def assets_of(run, item: dict) -> list:
    """The cast assets' ids, each imported before (refused otherwise)."""

    found = []
    for link in item["assets"] or []:
        asset_id = run.links.required("Asset", link, "cast asset")
        if asset_id not in found:
            found.append(asset_id)
    return found


def recast(ctx, shot: dict, assets: list) -> bool:
    """Make ``assets`` the shot's casting; whether anything changed."""

    current = {asset: (count, label) for asset, count, label in EntityLink.select(
        EntityLink.entity_out, EntityLink.nb_occurences, EntityLink.label).where(
        EntityLink.entity_in == shot["id"]).tuples()}
    if set(current) == set(assets):
        return False
    require(ctx, Entity, "update", row=shot)
    replace_casting(ctx, shot, [{"asset_id": asset, "nb_occurences": current.get(asset, (1, ""))[0],
                                 "label": current.get(asset, (1, ""))[1]} for asset in assets])
    return True


def parents_of(run, item: dict) -> list[dict]:
    """The parent links, each an asset imported before or sent in this payload (refused otherwise)."""

    found = []
    for link in item["parents"] or []:
        if link.get("type") not in (None, "Asset"):
            raise Refused(f"A parent must be an Asset, not {link['type']} {link['id']}.")
        if run.links.get("Asset", link["id"]) is None and link["id"] not in run.sent_ids:
            raise Refused(f"The parent asset, {describe('Asset', link)}, has not been imported: "
                          "import it first or in the same payload.")
        found.append(link)
    return found


def sync_parents(run, child_id, parents: list[dict]) -> None:
    """Cast ``child_id`` in each parent asset, and in no other asset."""

    ctx = run.ctx
    try:
        wanted = {run.links.required("Asset", link, "parent asset") for link in parents} - {child_id}
    except Refused as exc:  # a parent sent in the same payload was refused itself
        raise Refused(f"Imported, but not cast in its parents: {exc}") from exc
    holders = {holder for (holder,) in EntityLink.select(EntityLink.entity_in)
               .join(Entity, on=(EntityLink.entity_in == Entity.id))
               .where(EntityLink.entity_out == child_id, Entity.entity_type.in_(asset_type_ids())).tuples()}
    for holder in sorted(wanted ^ holders, key=str):
        row = find(ctx, Entity, Entity.id == holder)
        require(ctx, Entity, "update", row=row)
        cast_asset(ctx, [row], child_id, nb_occurences=None if holder in wanted else 0)
