"""The stored rows an imported batch will update: found by id, or adopted by one of the kind's unique keys.

Reads are chunked (one query per 500 ids, and per key for adoption) so a
batch of any size costs a bounded number of statements per chunk, never one
per row.
"""

from __future__ import annotations

from clapboard.plugins.data.crud import rows as row_reader
from clapboard.plugins.data.crud.meta import ModelInfo

from .idmap import IdMap
from .kinds import Kind
from .prepare import Prepared

CHUNK = 500


def _chunks(values: list):
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def by_id(info: ModelInfo, ids: list) -> dict:
    """``{id: {field name: value}}`` of the stored rows among ``ids``."""

    model = info.model
    found = {}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        for row in model.select().where(model.id.in_(chunk)).dicts():
            found[row["id"]] = row
    return found


def links_of(info: ModelInfo, ids: list) -> dict:
    """``{relation: {owner id: set of related ids}}`` of the stored rows ``ids``."""

    found: dict = {name: {} for name in info.relations}
    for chunk in _chunks(list(dict.fromkeys(ids))):
        for name, by_owner in row_reader.relation_ids(info, chunk).items():
            for owner, related in by_owner.items():
                found[name][owner] = set(related)
    return found


def _key_fields(info: ModelInfo, key: tuple[str, ...]):
    return [info.columns[name] for name in key]


def adopt(info: ModelInfo, kind: Kind, rows: list[Prepared], stored: dict, ids: IdMap) -> None:
    """Rows whose id is not stored take the id of the stored row with the same unique key (one row each).

    Matching is exact on every part of the key, ``NULL`` included (a sequence without
    an episode); the adopted ids go to ``ids`` so later rows point at the stored row,
    except for ``reid`` kinds, whose stored row takes the copied id instead.
    """

    batch_ids = {row.id for row in rows}
    adopted = []
    for key in kind.keys:
        fields = _key_fields(info, key)
        pending = [row for row in rows if row.id not in stored and row.id not in adopted
                   and all(f.name in row.values for f in fields)]
        if not pending:
            continue
        # Look candidates up by the most selective part of the key, then compare whole keys here.
        pivot = max(fields, key=lambda f: len({row.values[f.name] for row in pending}))
        values = [row.values[pivot.name] for row in pending if row.values[pivot.name] is not None]
        candidates: dict[tuple, object] = {}
        for chunk in _chunks(list(dict.fromkeys(values))):
            query = info.model.select(info.model.id, *fields).where(pivot.in_(chunk)).tuples()
            for found_id, *parts in query:
                candidates.setdefault(tuple(parts), found_id)
        claimed = set(stored) | set(adopted)
        for row in pending:
            found_id = candidates.get(tuple(row.values[f.name] for f in fields))
            if found_id is None or found_id in claimed or found_id in batch_ids:
                continue
            claimed.add(found_id)
            if kind.reid:  # nothing points at these rows: they take the copied id
                info.model.update(id=row.source_id).where(info.model.id == found_id).execute()
                found_id = row.source_id
            else:
                ids.add(info.table, row.source_id, found_id)
            row.id = found_id
            adopted.append(found_id)
    stored.update(by_id(info, adopted))
