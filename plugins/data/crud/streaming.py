"""Streaming a whole collection as one JSON array, a batch of rows at a time.

SQLite cursors are lazy already; on PostgreSQL a named (server-side) cursor in
a read transaction keeps memory flat however large the table. The first batch
is fetched before the response starts, so query errors still become JSON errors.
"""

from __future__ import annotations

import uuid
from typing import Iterator

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
            with peewee.__exception_wrapper__:  # driver errors become peewee's (a bad value: a 400)
                cursor.execute(sql, params)
                batch = cursor.fetchmany(BATCH)
            while batch:
                yield from batch
                with peewee.__exception_wrapper__:
                    batch = cursor.fetchmany(BATCH)


def _uuid_text(value):
    """SQLite keeps UUIDs as 32 hex digits; JSON wants the dashed form (no UUID object needed)."""

    if isinstance(value, str) and len(value) == 32:
        return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"
    return str(value)


def _datetime_text(value):
    if isinstance(value, str):
        return value[:19].replace(" ", "T")
    return value.replace(microsecond=0).isoformat() if hasattr(value, "isoformat") else value


def converters(db, fields) -> list:
    """Per-column conversions to JSON-ready values; SQLite text is reshaped without parsing."""

    if not is_sqlite(db):
        return [f.python_value for f in fields]
    found = []
    for f in fields:
        if isinstance(f, (peewee.UUIDField, peewee.ForeignKeyField)):
            found.append(_uuid_text)
        elif isinstance(f, peewee.DateTimeField):
            found.append(_datetime_text)
        elif isinstance(f, peewee.DateField):
            found.append(str)
        else:
            found.append(f.python_value)
    return found


def stream_rows(db, query, keys: list[str], converters: list, finish) -> Iterator[dict]:
    for values in _tuples(db, query):
        row = {}
        for key, convert, value in zip(keys, converters, values):
            row[key] = convert(value) if value is not None and convert is not None else value
        yield finish(row)


CHUNK_BYTES = 64 * 1024


def json_array(rows: Iterator[dict], dumps) -> Iterator[bytes]:
    """Encode rows as a JSON array, in chunks of about 64 KiB (not one write per row)."""

    yield b"["
    parts: list[bytes] = []
    size = 0
    first = True
    for row in rows:
        encoded = dumps(row) if first else b"," + dumps(row)
        first = False
        parts.append(encoded)
        size += len(encoded)
        if size >= CHUNK_BYTES:
            yield b"".join(parts)
            parts, size = [], 0
    if parts:
        yield b"".join(parts)
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
