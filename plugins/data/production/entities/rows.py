"""Entity rows as Zou shapes them: which rows are of a kind, reading them, the names lists add.

Every production element is an ``entity`` row typed by ``entity_type_id``:
the reserved kinds (Episode, Sequence, Shot, Scene, Edit, Concept) and
"Asset" for every other entity type. Reads go through ``common.one/many`` so
the policy scopes them (a vendor only reaches the entities holding one of
their tasks); a row of another kind than the route's is a 404, as in Zou.
"""

from __future__ import annotations

from ...crud.filters import build_filters
from ...crud.meta import info
from ...engine import NotFound, asset_type_ids, kind_id, many, one
from ...models import Entity, Project

ASSET = "Asset"
ENTITY_COLUMNS = tuple(info(Entity).columns)


def of_kind(kind: str):
    """The condition selecting the entities of ``kind`` ("Asset" or a reserved kind)."""

    if kind == ASSET:
        return Entity.entity_type.in_(asset_type_ids())
    return Entity.entity_type == kind_id(kind)


def read_entity(ctx, kind: str, entity_id, verb: str = "read") -> dict:
    """The ``kind`` entity the actor may ``verb``, as its plain row; 404 when absent, out of reach or another kind."""

    row = one(ctx, Entity, entity_id, verb, relations=False)
    if row["type"] != kind:
        raise NotFound(f"{kind} {entity_id} not found.")
    return row


def read_project(ctx, project_id) -> dict:
    """The project the actor reaches (404 otherwise): the gate of every ``/data/projects/{id}/…`` route."""

    return one(ctx, Project, project_id, relations=False)


def list_entities(ctx, kind: str, *conditions, relations: bool = False) -> list[dict]:
    """The ``kind`` entities matching ``conditions`` that the actor reaches, by name."""

    return many(ctx, Entity, of_kind(kind), *conditions, order_by=(Entity.name, Entity.id), relations=relations)


def plain(row: dict, type_name: str | None = None) -> dict:
    """Only the columns and ``type`` (Zou's serialization without relations)."""

    shaped = {key: row[key] for key in ENTITY_COLUMNS if key in row}
    shaped["type"] = type_name or row["type"]
    return shaped


def query_conditions(ctx, renamed: dict | None = None, ignored=frozenset()) -> list:
    """The column filters of the query string; ``renamed`` maps Zou's aliases (``sequence_id``) to columns."""

    params = {(renamed or {}).get(key, key): value for key, value in ctx.params.items() if key not in ignored}
    return build_filters(info(Entity), params)


def add_project_names(rows: list[dict]) -> list[dict]:
    names = dict(Project.select(Project.id, Project.name)
                 .where(Project.id.in_({row["project_id"] for row in rows})).tuples()) if rows else {}
    for row in rows:
        row["project_name"] = names.get(row["project_id"])
    return rows


def parents_of(rows: list[dict], key: str = "parent_id") -> dict:
    """``{id: (name, parent_id)}`` of the entities named by ``key`` in ``rows`` (one query)."""

    ids = {row[key] for row in rows if row.get(key)}
    if not ids:
        return {}
    query = Entity.select(Entity.id, Entity.name, Entity.parent).where(Entity.id.in_(ids)).tuples()
    return {entity_id: (name, parent) for entity_id, name, parent in query}


def add_parent_names(rows: list[dict], name_key: str) -> list[dict]:
    """Add the parent's name under ``name_key`` (``sequence_name`` of shots and scenes)."""

    parents = parents_of(rows)
    for row in rows:
        row[name_key] = parents.get(row.get("parent_id"), (None, None))[0]
    return rows
