"""Streaming a whole collection as one JSON array, a batch of rows at a time.

SQLite cursors are lazy already; on PostgreSQL a named (server-side) cursor in
a read transaction keeps memory flat however large the table. The first batch
is fetched before the response starts, so query errors still become JSON errors.
"""

from __future__ import annotations

import uuid
from typing import Iterator

import orjson
import peewee

from clapboard.db import is_sqlite

BATCH = 500


def _tuples(db: peewee.Database, query) -> Iterator[tuple]:
    sql, params = query.sql()
    if is_sqlite(db):
        cursor = db.execute_sql(sql, params)
        while batch := cursor.fetchmany(BATCH):
            yield from batch
        return
    with db.atomic():
        with db.connection().cursor(name=f"clapboard_{uuid.uuid4().hex}") as cursor:
            cursor.itersize = BATCH
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(BATCH):
                yield from batch


def stream_rows(db, query, keys: list[str], converters: list, finish) -> Iterator[dict]:
    for values in _tuples(db, query):
        row = {}
        for key, convert, value in zip(keys, converters, values):
            row[key] = convert(value) if value is not None and convert is not None else value
        yield finish(row)


def json_array(rows: Iterator[dict], dumps) -> Iterator[bytes]:
    """Encode rows as a JSON array; the first row is produced eagerly by the caller."""

    yield b"["
    first = True
    for row in rows:
        if first:
            first = False
            yield dumps(row)
        else:
            yield b"," + dumps(row)
    yield b"]"


def primed(iterator: Iterator[bytes]) -> Iterator[bytes]:
    """Run the generator up to its first row now (errors surface before headers are sent)."""

    chunks = []
    for chunk in iterator:
        chunks.append(chunk)
        if len(chunks) == 2 or chunk == b"]":
            break

    def rest():
        yield b"".join(chunks)
        yield from iterator

    return rest()
