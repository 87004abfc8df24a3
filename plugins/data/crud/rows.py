"""Reading rows as Zou serializes them: API keys, ``type``, relation id lists.

Queries select aliased columns straight into dicts, so a row needs no model
instance; relations are loaded with one query per relation for a whole set of
rows, so the number of queries never grows with the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from . import behaviours, derived
from .meta import ModelInfo


def select(info: ModelInfo, keys=None):
    return info.model.select(*info.select_columns(keys))


def relation_ids(info: ModelInfo, owner_ids) -> dict[str, dict]:
    """``{relation: {owner_id: [related ids]}}`` for owners given as ids or a subquery."""

    found: dict[str, dict] = {}
    for name, relation in info.relations.items():
        by_owner: dict = defaultdict(list)
        query = (relation.through
                 .select(relation.own.alias("owner"), relation.other.alias("related"))
                 .where(relation.own.in_(owner_ids))
                 .tuples())
        for owner, related in query:
            by_owner[owner].append(related)
        found[name] = by_owner
    return found


def attach_relations(info: ModelInfo, rows: list[dict], relations: dict[str, dict]) -> None:
    for row in rows:
        for name, by_owner in relations.items():
            row[name] = by_owner.get(row["id"], [])


def fetch_page(info: ModelInfo, query, with_relations: bool, derived_mode: str | None = None) -> list[dict]:
    """Rows as Zou serializes them: relation id lists when asked, and derived keys
    for ``derived_mode`` ("item", "create" or "update"), a query each."""

    decorate = behaviours.decorator(info)
    rows = [decorate(row) for row in query.dicts()]
    if rows:
        if with_relations and info.relations:
            attach_relations(info, rows, relation_ids(info, [row["id"] for row in rows]))
        if derived_mode is not None:
            derived.attach(info, rows, derived_mode)
    return rows


def fetch_one(info: ModelInfo, row_id, with_relations: bool = True, scope: Iterable = (),
              derived_mode: str | None = "item") -> dict | None:
    query = select(info).where(info.model.id == row_id, *scope)
    rows = fetch_page(info, query, with_relations, derived_mode)
    return rows[0] if rows else None
