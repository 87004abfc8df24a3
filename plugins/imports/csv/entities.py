"""What an entity import does, planned row by row in memory, then written in a few statements.

Rows are matched to the entities they name (by the kind's key: a shot by its
sequence and name…) among those the project holds, read once, and those the
file itself creates. As in Zou: a row naming an unknown entity creates it; a
row naming a known one updates it with ``?update=true`` and otherwise leaves
it as it is (it is still answered); a later row naming the same entity as an
earlier one updates what the earlier one planned, with ``?update=true`` only.
The answer lists one row per line, as the entity stands after the import.

``write`` then judges every ``data`` dict about to be stored in one
``data_validate_values`` call, inserts the new rows in chunks, rewrites the
changed ones, and records one ``<kind>:new`` / ``<kind>:update`` event per
entity, as Zou emits them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Callable

import peewee

from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import ValueWrite
from clapboard.plugins.data.models import Entity
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.data.production.entities.rows import plain

from .batch import CHUNK, analyze, emit_many, insert, update_each
from .descriptors import judge


@dataclass
class Stored:
    id: uuid.UUID
    data: dict


@dataclass
class Plan:
    """One entity the file names: new, or stored (``before`` is its ``data``), and what to write."""

    id: uuid.UUID
    line: int
    entity_type_id: uuid.UUID
    new: bool
    before: dict | None
    data: dict
    values: dict = field(default_factory=dict)  # model field -> value
    changed: bool = False
    tasks: list = field(default_factory=list)  # task_columns.TaskChange
    episode_id: uuid.UUID | None = None


class Plans:
    """The entities of one kind named by the file, keyed by the kind's identity."""

    def __init__(self, update: bool, stored: dict):
        self.update = update
        self.stored = stored
        self.by_key: dict = {}
        self.order: list[Plan] = []

    def take(self, line: int, key, entity_type_id, values: dict, data: dict, tasks=(),
             episode_id=None) -> Plan:
        """The plan of the entity ``key`` names, after this line (see the module's rules)."""

        plan = self.by_key.get(key)
        if plan is None:
            stored = self.stored.get(key)
            if stored is None:
                plan = Plan(uuid.uuid4(), line, entity_type_id, True, None, _merged({}, data), dict(values), False,
                            list(tasks), episode_id)
            else:
                before = dict(stored.data or {})
                plan = Plan(stored.id, line, entity_type_id, False, before, dict(before), episode_id=episode_id)
                if self.update:
                    self._merge(plan, line, values, data, tasks)
            self.by_key[key] = plan
        elif self.update:
            self._merge(plan, line, values, data, tasks)
        self.order.append(plan)
        return plan

    @staticmethod
    def _merge(plan: Plan, line: int, values: dict, data: dict, tasks) -> None:
        plan.values.update(values)
        plan.data = _merged(plan.data, data)
        plan.tasks += list(tasks)
        plan.line = line
        plan.changed = not plan.new

    def unique(self) -> list[Plan]:
        return list(self.by_key.values())


def _merged(data: dict, changes: dict) -> dict:
    """``data`` with ``changes`` applied: a ``None`` value removes its key (an empty metadata cell)."""

    merged = {**data, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def stored_by(query, key: Callable) -> dict:
    """``{key(row): Stored}`` for the entities of ``query`` (tuples starting with id and data); the oldest wins."""

    found: dict = {}
    for row in query.order_by(Entity.created_at.desc()).tuples():
        found[key(row)] = Stored(row[0], row[1] or {})
    return found


def write(job, plans: Plans, event: str, payload: Callable[[Plan], dict]) -> None:
    """Judge the ``data`` dicts, insert the new entities, rewrite the changed ones, record their events."""

    touched = [plan for plan in plans.unique() if plan.new or plan.changed]
    judge(job.app, job.ctx.actor, Entity, job.project_id,
          [(plan.line, ValueWrite(before=plan.before or {}, after=plan.data, row_id=None if plan.new else plan.id,
                                  entity_type_id=plan.entity_type_id)) for plan in touched])
    now = utcnow()
    new = [plan for plan in touched if plan.new]
    insert(Entity, [{"id": plan.id, "project": job.project_id, "entity_type": plan.entity_type_id,
                     "data": plan.data, "creator": job.author, "created_at": now, "updated_at": now, **plan.values}
                    for plan in new])
    analyze(Entity, len(new))
    changed = [plan for plan in touched if plan.changed]
    update_each(Entity, [{"id": plan.id, **plan.values, "data": plan.data, "updated_at": now} for plan in changed])
    emit_many(job.ctx, f"{event}:new", [payload(plan) for plan in new], job.project_id)
    emit_many(job.ctx, f"{event}:update", [payload(plan) for plan in changed], job.project_id)
    job.stats.update(created=len(new), updated=len(changed), unchanged=len(plans.by_key) - len(touched))


def answer(plans: Plans) -> list[dict]:
    """One row per line, as Zou serializes entities (typed "Entity"), read back in chunks."""

    model_info = info(Entity)
    found = {}
    ids = [plan.id for plan in plans.unique()]
    for part in peewee.chunked(ids, CHUNK):
        query = rows.select(model_info).where(Entity.id.in_(part))
        for row in rows.fetch_page(model_info, query, False):
            found[row["id"]] = plain(row, "Entity")
    return [found[plan.id] for plan in plans.order]
