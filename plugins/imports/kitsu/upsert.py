"""Writing a batch of imported rows: insert what is new, update what changed, leave the rest untouched.

The Kitsu import routes and ``clapboard sync-from-zou`` both write here, inside
the caller's transaction: every row is checked first (``prepare``, the rows it
points at, the ``data`` values through ``data_validate_values``), so a bad row
refuses the whole batch before anything is written. Rows keep their ids and
timestamps; a row whose values, relation lists and settings equal what is
stored is not written at all (``unchanged``), which makes a second sync of the
same studio a no-op.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import peewee

from clapboard.errors import NotFound
from clapboard.plugins.data.crud import rows as row_reader
from clapboard.plugins.data.crud.meta import ModelInfo
from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.plugins.data.models.base import utcnow

from . import events, links, references, settings, stored
from .idmap import IdMap
from .kinds import Kind, model_for
from .prepare import Prepared, RowError, prepare
from .values import judge_values, same


@dataclass
class Outcome:
    """What a batch did: ids (stored ids, in the order of the rows) by what happened to them."""

    kind: str
    ids: list = field(default_factory=list)
    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)
    unchanged: set = field(default_factory=set)

    def counts(self) -> dict:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged)}


def resolve(app, kind: Kind) -> ModelInfo:
    model = model_for(app, kind.table)
    if model is None:
        raise NotFound(f"Nothing to import {kind.name} into: the plugin that stores them is not enabled.")
    return model_info(model)


def upsert(app, actor, kind: Kind, rows: list, *, silent: bool = False, ids: IdMap | None = None,
           adopt: bool = False) -> Outcome:
    """Write ``rows`` of ``kind`` (a ``RowError`` names the first bad one; nothing is written then).

    ``adopt``: rows whose id is not stored take over the stored row with the same
    unique key (a sync adopting Clapboard's defaults), recorded in ``ids``.
    """

    info = resolve(app, kind)
    ids = ids if ids is not None else IdMap()
    schema = kind.schema or info.schema
    batch = [prepare(app, kind, info, schema, index, row, ids) for index, row in enumerate(rows)]
    _refuse_repeats(batch)
    found = stored.by_id(info, [row.id for row in batch])
    if kind.keys and (adopt or kind.match_always):
        stored.adopt(info, kind, batch, found, ids)
        _refuse_repeats(batch)
    references.check(info, batch)
    judge_values(app, actor, info, batch, found)
    before = stored.links_of(info, list(found))
    outcome = Outcome(kind.name, ids=[row.id for row in batch])
    changed = {row.id for row in _ordered(info, batch) if _write_row(info, row, found.get(row.id))}
    for row in batch:
        for name, after in row.links.items():
            current = before[name].get(row.id)
            if links.differs(current, after):
                links.replace(info.relations[name], row.id, current, after)
                changed.add(row.id)
        if row.settings and settings.apply(row, ids):
            changed.add(row.id)
    for row in batch:
        if row.id not in found:
            outcome.created.add(row.id)
        elif row.id in changed:
            outcome.updated.add(row.id)
            _touch(info, row)
        else:
            outcome.unchanged.add(row.id)
    if not silent:
        written = [r for r in read_back(info, outcome.ids) if r["id"] not in outcome.unchanged]
        events.emit(app, actor, info, written, outcome.created)
    return outcome


def read_back(info: ModelInfo, ids: list) -> list[dict]:
    """The rows ``ids`` as this instance serializes them (without relation lists, as Zou answers an import)."""

    by_id = {}
    for start in range(0, len(ids), stored.CHUNK):
        chunk = ids[start:start + stored.CHUNK]
        for row in row_reader.fetch_page(info, row_reader.select(info).where(info.model.id.in_(chunk)), False):
            by_id[row["id"]] = row
    return [by_id[row_id] for row_id in dict.fromkeys(ids) if row_id in by_id]


def _refuse_repeats(batch: list[Prepared]) -> None:
    seen: dict[uuid.UUID, int] = {}
    for row in batch:
        if row.id in seen:
            raise RowError(row.index, f"the same row as row {seen[row.id]} (id {row.id})")
        seen[row.id] = row.index


def _ordered(info: ModelInfo, batch: list[Prepared]) -> list[Prepared]:
    """Rows pointing at rows of the same batch (a shot at its sequence) come after them."""

    own = [f.name for f in info.model._meta.sorted_fields
           if isinstance(f, peewee.ForeignKeyField) and f.rel_model is info.model]
    if not own:
        return batch
    pending = {row.id: row for row in batch}
    done: list[Prepared] = []
    placed: set = set()
    while pending:
        ready = [row for row in pending.values()
                 if all(row.values.get(name) in placed or row.values.get(name) not in pending for name in own)]
        if not ready:  # a cycle: let the database judge
            ready = list(pending.values())
        for row in ready:
            done.append(row)
            placed.add(row.id)
            del pending[row.id]
    return done


def _write_row(info: ModelInfo, row: Prepared, current: dict | None) -> bool:
    """Insert or update one row's columns; whether anything was written."""

    model = info.model
    try:
        if current is None:
            now = utcnow()
            stamps = {"created_at": row.created_at or now, "updated_at": row.updated_at or row.created_at or now}
            model.insert(id=row.id, **stamps, **row.values).execute()
            return True
        update = {name: value for name, value in row.values.items() if not same(current.get(name), value)}
        if row.created_at is not None and not same(current.get("created_at"), row.created_at):
            update["created_at"] = row.created_at
        if update:
            model.update(**update).where(model.id == row.id).execute()
        return bool(update)
    except (peewee.IntegrityError, peewee.DataError) as exc:
        raise RowError(row.index, _integrity_text(info, exc)) from exc


def _touch(info: ModelInfo, row: Prepared) -> None:
    """An updated row takes the source's ``updated_at`` (now when the source gave none)."""

    info.model.update(updated_at=row.updated_at or utcnow()).where(info.model.id == row.id).execute()


def _integrity_text(info: ModelInfo, exc: Exception) -> str:
    text = (str(exc).splitlines() or [""])[0]
    lowered = text.lower()
    if "unique" in lowered or "duplicate" in lowered:
        return f"another {info.type_name} already has these values ({text})"
    if "check" in lowered:
        return f"a value is out of its allowed range ({text})"
    return f"the row does not fit ({text})"


__all__ = ["Outcome", "RowError", "read_back", "resolve", "upsert"]
