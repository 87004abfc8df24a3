"""Reading rows as Zou serializes them: API keys, ``type``, relation id lists.

Queries select aliased columns straight into dicts through ``reading`` (raw
tuples, one converter per column), so a row needs no model instance nor
peewee's per-field conversions; every relation of a set of rows is loaded by
one statement, so the number of statements never grows with the rows.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import peewee

from clapboard.db import database

from . import behaviours, derived, reading
from .meta import ModelInfo


def select(info: ModelInfo, keys=None):
    return info.model.select(*info.select_columns(keys))


def relation_ids(info: ModelInfo, owner_ids) -> dict[str, dict]:
    """``{relation: {owner_id: [related ids]}}`` for owners given as ids or a subquery, in one statement."""

    names = list(info.relations)
    found: dict[str, dict] = {name: defaultdict(list) for name in names}
    if not names:
        return found
    parts = [relation.through
             .select(peewee.Value(index).alias("relation"), relation.own.alias("owner"),
                     relation.other.alias("related"))
             .where(relation.own.in_(owner_ids))
             for index, relation in enumerate(info.relations.values())]
    query = parts[0]
    for part in parts[1:]:
        query = query.union_all(part)
    first = next(iter(info.relations.values()))
    for index, owner, related in reading.tuples(database.obj, query, (None, first.own, first.other)):
        found[names[index]][owner].append(related)
    return found


def _columns(query) -> tuple[list[str], list] | None:
    """The keys and fields of a query's select list, as ``.dicts()`` names them (``None``: unknown)."""

    keys, fields = [], []
    for node in query._returning:
        if isinstance(node, peewee.Alias):
            keys.append(node._alias)
            fields.append(node.node if isinstance(node.node, peewee.Field) else None)
        elif isinstance(node, peewee.Field):
            keys.append(node.name)
            fields.append(node)
        else:
            return None
    return keys, fields


def dicts(query) -> list[dict]:
    """The rows of a select as dicts, converted column by column (peewee's ``dicts()`` otherwise)."""

    columns = _columns(query)
    if columns is None:
        return list(query.dicts())
    return reading.dicts(database.obj, query, *columns)


def attach_relations(info: ModelInfo, rows: list[dict], relations: dict[str, dict]) -> None:
    for row in rows:
        for name, by_owner in relations.items():
            row[name] = by_owner.get(row["id"], [])


def fetch_page(info: ModelInfo, query, with_relations: bool, derived_mode: str | None = None) -> list[dict]:
    """Rows as Zou serializes them: relation id lists when asked, and derived keys
    for ``derived_mode`` ("item", "create" or "update"), a query each."""

    decorate = behaviours.decorator(info)
    rows = [decorate(row) for row in dicts(query)]
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
