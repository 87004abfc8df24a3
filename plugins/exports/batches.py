"""Reading a query a batch at a time, so an export of any size holds one batch of rows.

On SQLite the cursor is lazy already; on PostgreSQL a named (server-side)
cursor inside a read transaction keeps the client from fetching the whole
result (the pattern of ``data``'s ``crud/streaming.py``). Other queries (the
tasks and names of a batch) run on the same connection between two fetches.
Values come back as peewee's Python values (UUIDs, dates, decoded JSON),
converted column by column with ``data``'s readers.
"""

from __future__ import annotations

import uuid
from typing import Iterator, Sequence

import peewee

from clapboard.db import is_sqlite
from clapboard.plugins.data.crud.reading import converter

BATCH = 500


class BatchReader:
    """The rows of ``query`` (its selected ``fields`` in order) in lists of ``size`` tuples.

    ``fetched`` counts the rows read from the database so far: an export that
    has sent its first chunk has read one batch, not the whole result.
    """

    def __init__(self, db: peewee.Database, query, fields: Sequence, size: int = BATCH):
        self.db = db
        self.query = query
        sqlite = is_sqlite(db)
        self.convert = tuple(converter(sqlite, f) for f in fields)
        self.size = size
        self.fetched = 0

    def _converted(self, batch: list) -> list[tuple]:
        self.fetched += len(batch)
        convert = self.convert
        return [tuple(change(value) if change is not None and value is not None else value
                      for change, value in zip(convert, values)) for values in batch]

    def __iter__(self) -> Iterator[list[tuple]]:
        sql, params = self.query.sql()
        if is_sqlite(self.db):
            cursor = self.db.execute_sql(sql, params)
            try:
                while batch := cursor.fetchmany(self.size):
                    yield self._converted(batch)
            finally:
                cursor.close()
            return
        with self.db.atomic():
            with self.db.connection().cursor(name=f"clapboard_export_{uuid.uuid4().hex}") as cursor:
                with peewee.__exception_wrapper__:
                    cursor.execute(sql, params)
                    batch = cursor.fetchmany(self.size)
                while batch:
                    yield self._converted(batch)
                    with peewee.__exception_wrapper__:
                        batch = cursor.fetchmany(self.size)

