"""The events of an import, as Zou emits them: ``<kind>:new`` or ``<kind>:update`` per row, after commit.

An entity is named by its kind (``shot:new`` with ``shot_id``, ``asset:update``
with ``asset_id``); other rows by their model's event prefix (``task:new`` with
``task_id``, ``entity-link:new``…). Each carries the row's project where the
row knows it (a comment through its task). ``?silent=true`` skips them all.
"""

from __future__ import annotations

from clapboard.plugins.data.crud.meta import ModelInfo
from clapboard.plugins.data.events import emit_event
from clapboard.plugins.data.models import EntityType, Task

from .kinds import ENTITY_KINDS


def _entity_prefixes(rows: list[dict]) -> dict:
    type_ids = {row.get("entity_type_id") for row in rows}
    names = dict(EntityType.select(EntityType.id, EntityType.name).where(EntityType.id.in_(list(type_ids))).tuples())
    return {type_id: (name.lower() if name in ENTITY_KINDS else "asset") for type_id, name in names.items()}


def _projects(info: ModelInfo, rows: list[dict]) -> dict:
    """``{row id: project id}`` for rows that say where they belong."""

    if info.table == "project":
        return {row["id"]: row["id"] for row in rows}
    if info.table == "comment":
        tasks = dict(Task.select(Task.id, Task.project).where(
            Task.id.in_([row["object_id"] for row in rows])).tuples())
        return {row["id"]: tasks.get(row["object_id"]) for row in rows}
    return {row["id"]: row.get("project_id") for row in rows}


def emit(app, actor, info: ModelInfo, rows: list[dict], created: set) -> None:
    """One event per row of ``rows`` (serialized), ``new`` for those in ``created``, ``update`` for the others."""

    if not rows:
        return
    prefixes = _entity_prefixes(rows) if info.table == "entity" else {}
    projects = _projects(info, rows)
    for row in rows:
        prefix = prefixes.get(row.get("entity_type_id"), "entity") if info.table == "entity" else info.event_prefix
        verb = "new" if row["id"] in created else "update"
        emit_event(app, actor, f"{prefix}:{verb}", {f"{prefix.replace('-', '_')}_id": row["id"]},
                   projects.get(row["id"]))
