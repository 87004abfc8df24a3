"""Reading a query a batch at a time, so an export of any size holds one batch of rows.

On SQLite the cursor is lazy already; on PostgreSQL a named (server-side)
cursor inside a read transaction keeps the client from fetching the whole
result (the pattern of ``data``'s ``crud/streaming.py``). Other queries (the
tasks and names of a batch) run on the same connection between two fetches.

Values stay as the driver gives them (ids as stored: 32 hex digits on
SQLite, ``UUID`` objects on PostgreSQL) unless a column is given a
converter: an export only writes text and compares ids from the same
database, so turning 150,000 ids into ``UUID`` objects would be wasted time.
``Among`` puts such ids back into a query (``column IN (…)``) as they came.
"""

from __future__ import annotations

import uuid
from typing import Callable, Iterator, Sequence

import peewee

from clapboard.db import is_sqlite
from clapboard.plugins.data.crud.reading import converter

BATCH = 500


def json_decoders(db: peewee.Database, fields: Sequence) -> list[Callable | None]:
    """Converters that decode the JSON columns among ``fields`` and leave the others as stored."""

    sqlite = is_sqlite(db)
    return [converter(sqlite, f) if isinstance(f, peewee.JSONField) else None for f in fields]


class BatchReader:
    """The rows of ``query`` in lists of ``size`` tuples (``decoders``: per-column converters, ``None``: as is).

    ``fetched`` counts the rows read from the database so far: an export that
    has sent its first chunk has read one batch, not the whole result.
    """

    def __init__(self, db: peewee.Database, query, decoders: Sequence[Callable | None] = (), size: int = BATCH):
        self.db = db
        self.query = query
        self.decoders = [(index, decode) for index, decode in enumerate(decoders) if decode is not None]
        self.size = size
        self.fetched = 0

    def _decoded(self, batch: list) -> list:
        self.fetched += len(batch)
        if not self.decoders:
            return batch
        found = []
        for values in batch:
            values = list(values)
            for index, decode in self.decoders:
                if values[index] is not None:
                    values[index] = decode(values[index])
            found.append(values)
        return found

    def __iter__(self) -> Iterator[list]:
        sql, params = self.query.sql()
        if is_sqlite(self.db):
            cursor = self.db.execute_sql(sql, params)
            try:
                while batch := cursor.fetchmany(self.size):
                    yield self._decoded(batch)
            finally:
                cursor.close()
            return
        with self.db.atomic():
            with self.db.connection().cursor(name=f"clapboard_export_{uuid.uuid4().hex}") as cursor:
                with peewee.__exception_wrapper__:
                    cursor.execute(sql, params)
                    batch = cursor.fetchmany(self.size)
                while batch:
                    yield self._decoded(batch)
                    with peewee.__exception_wrapper__:
                        batch = cursor.fetchmany(self.size)


def raw(db: peewee.Database, query) -> list[tuple]:
    """All the rows of a small query, values as stored."""

    return db.execute_sql(*query.sql()).fetchall()


class Among:
    """A query narrowed by ``column IN (values read as stored)``, its SQL built once, the list filled per batch.

    ``build(marker)`` makes the query with ``column.in_(marker)`` where the
    list goes; each call of ``rows(values)`` then only fills it in: building
    a query of 1,500 ids through peewee costs more than running it. SQLite
    gets one placeholder per value; PostgreSQL one array (``= ANY(%s)``), which
    it plans and the driver parses once whatever the batch.
    """

    MARK = "(__clapboard_batch__)"

    def __init__(self, db: peewee.Database, build: Callable):
        self.db = db
        self.sqlite = is_sqlite(db)
        sql, self.params = build(peewee.SQL(self.MARK)).sql()
        if not self.sqlite:
            sql = sql.replace(f" IN {self.MARK}", " = ANY(%s)", 1)
            if self.MARK in sql:
                raise ValueError("the batch marker must follow IN")
        self.sql = sql
        at = sql.index(self.MARK if self.sqlite else "= ANY(%s)")
        self.at = sql[:at].count(db.param)

    def rows(self, stored_values: Sequence) -> list[tuple]:
        if not stored_values:
            return []
        if not self.sqlite:
            params = [*self.params[:self.at], list(stored_values), *self.params[self.at:]]
            return self.db.execute_sql(self.sql, params).fetchall()
        listed = f"({', '.join([self.db.param] * len(stored_values))})"
        params = [*self.params[:self.at], *stored_values, *self.params[self.at:]]
        return self.db.execute_sql(self.sql.replace(self.MARK, listed, 1), params).fetchall()
