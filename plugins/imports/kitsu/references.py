"""Every row an imported batch points at must exist: checked before writing, a 400 naming the first row that
points at nothing (clearer than the database's foreign-key error, and the same on SQLite and PostgreSQL).

Ids are looked up in chunks, one query per chunk and target table, whatever the
number of rows; rows of the batch itself count (a shot whose sequence comes in
the same list).
"""

from __future__ import annotations

from collections import defaultdict

from clapboard.plugins.data.crud.meta import ModelInfo

from .prepare import Prepared, RowError

CHUNK = 500


def _existing(model, ids: set) -> set:
    found = set()
    ordered = sorted(ids, key=str)
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        key = model._meta.primary_key
        found.update(value for (value,) in model.select(key).where(key.in_(chunk)).tuples())
    return found


def check(info: ModelInfo, rows: list[Prepared]) -> None:
    """Raise a ``RowError`` for the first row whose foreign keys or relation lists point at a missing row."""

    wanted: dict[type, set] = defaultdict(set)
    uses = []  # (row, key, target model, id)
    for row in rows:
        for name, value in row.values.items():
            column = info.model._meta.fields[name]
            target = getattr(column, "rel_model", None)
            if target is not None and value is not None:
                wanted[target].add(value)
                uses.append((row, column.column_name, target, value))
        for name, ids in row.links.items():
            target = info.relations[name].target
            wanted[target].update(ids)
            uses.extend((row, name, target, value) for value in ids)
    if not uses:
        return
    known = {target: _existing(target, ids) for target, ids in wanted.items()}
    known.setdefault(info.model, set()).update(row.id for row in rows)
    for row, key, target, value in uses:
        if value not in known.get(target, ()):
            label = getattr(target._meta, "type_name", None) or target.__name__
            raise RowError(row.index, f"{key}: no {label} {value}", [{"path": key, "message": f"no {label} {value}"}])
