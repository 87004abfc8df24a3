"""Writes that stay right when many requests write the same rows at the same moment.

The discipline (see ``docs/plugins.md``, "Writing under concurrent writers"):

- ``lock(model, ids)``: a row a request rewrites as a whole (a shot's casting,
  a task's time and assignees) is locked before it is read, so concurrent
  rewrites queue instead of merging; rows are always locked in id order, so
  two requests never wait for each other in a circle. (PostgreSQL
  ``SELECT … FOR UPDATE``; on SQLite the writer holds the whole file already.)
- ``insert_missing``: ``INSERT … ON CONFLICT DO NOTHING`` instead of "check,
  then insert", rows sorted by their key; answers the rows it really added.
- ``add``: ``INSERT … ON CONFLICT DO UPDATE SET x = x + ?``: arithmetic in the
  database, never on a value read earlier.

What still collides (a deadlock, a serialisation failure) is retried as a whole
transaction by the core (``clapboard.transactions``).
"""

from __future__ import annotations

from typing import Iterable, Sequence

import peewee

from clapboard.db import database, is_sqlite


def _sorted_ids(ids: Iterable) -> list:
    return sorted(dict.fromkeys(i for i in ids if i is not None), key=str)


def lock(model, ids: Iterable) -> None:
    """Lock the rows of ``model`` with these ids until the transaction ends, in id order."""

    ids = _sorted_ids(ids)
    if not ids or is_sqlite(database.obj):
        return
    query = model.select(model._meta.primary_key).where(model._meta.primary_key.in_(ids)).order_by(
        model._meta.primary_key).for_update()
    query.tuples().execute()


def insert_missing(model, rows: Sequence[dict], target: Sequence[peewee.Field],
                   returning: Sequence[peewee.Field] = ()) -> list[tuple]:
    """Insert the rows whose ``target`` key is not taken yet; the ``returning`` values of those inserted.

    Rows go in sorted by their key, so concurrent inserts of overlapping sets
    wait for each other in one order.
    """

    if not rows:
        return []
    names = [field.name for field in target]
    ordered = sorted(rows, key=lambda row: tuple(str(row[name]) for name in names))
    query = model.insert_many(ordered).on_conflict(conflict_target=list(target), action="NOTHING")
    if not returning:
        query.execute()
        return []
    return list(query.returning(*returning).tuples().execute())


def add(model, row: dict, target: Sequence[peewee.Field], column: peewee.Field,
        returning: Sequence[peewee.Field] = (), touch: dict | None = None) -> tuple | None:
    """Insert ``row``, or add its ``column`` value to the existing row with the same ``target`` key.

    ``touch`` holds other columns to set on an existing row (``updated_at``).
    """

    update = {column: column + peewee.EXCLUDED[column.column_name], **(touch or {})}
    query = model.insert(row).on_conflict(conflict_target=list(target), update=update)
    if not returning:
        query.execute()
        return None
    found = list(query.returning(*returning).tuples().execute())
    return found[0] if found else None


def put(model, row: dict, target: Sequence[peewee.Field], columns: Sequence[peewee.Field],
        returning: Sequence[peewee.Field] = ()) -> tuple | None:
    """Insert ``row``, or set ``columns`` from it on the existing row with the same ``target`` key."""

    query = model.insert(row).on_conflict(conflict_target=list(target), preserve=list(columns))
    if not returning:
        query.execute()
        return None
    found = list(query.returning(*returning).tuples().execute())
    return found[0] if found else None
