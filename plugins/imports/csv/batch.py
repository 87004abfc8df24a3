"""Writing many rows and their events in a few statements.

An import of 50,000 shots writes its rows with one prepared ``INSERT`` run
for every row (``executemany``) and records the events Zou sends for each
row (``shot:new``, ``task:new``…) the same way: ``api_event`` rows, then each
event queued for ``on_event`` after commit, exactly as the data plugin's
``emit`` would have, one by one. Updates of many rows go the same way.

The statement's text is made once and each value converted by its field
(``db_value``), as peewee's ``insert_many`` does; peewee builds a SQL node
per value instead (three quarters of an import's time), and psycopg parses a
multi-row statement's placeholders again for every chunk. Columns are those
the rows name plus those with a default, as with peewee.
"""

from __future__ import annotations

import uuid
from typing import Callable, Iterable

import peewee

import clapboard
from clapboard.plugins.data.actors import acting_person
from clapboard.plugins.data.models import ApiEvent
from clapboard.plugins.data.models.base import utcnow

CHUNK = 500  # ids in one IN (…) list
RUN_CHUNK = 2000  # rows given to one executemany
ANALYZE_FROM = 1000  # rows added to a table before ``analyze`` refreshes its statistics


def _converter(field, db) -> tuple[str, Callable]:
    """A field's placeholder and value converter: ``?`` and its ``db_value``, but for JSON on SQLite,
    whose ``db_value`` is the node ``json(?)`` around the text: there the text goes in ``json(?)``."""

    sample = field.db_value({}) if isinstance(field, peewee.JSONField) else None
    if isinstance(sample, peewee.Node):
        placeholder, _ = db.get_sql_context().sql(sample).query()
        dumps = field._dumps
        return placeholder, lambda value: None if value is None else dumps(value)
    return db.param, field.db_value


def insert(model, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field names, all naming the same fields) with one prepared statement."""

    if not rows:
        return
    db = model._meta.database
    named = [f for f in model._meta.sorted_fields if f.name in rows[0]]
    made = [f for f in model._meta.sorted_fields if f.name not in rows[0] and callable(f.default)]
    fixed = [f for f in model._meta.sorted_fields
             if f.name not in rows[0] and f.default is not None and not callable(f.default)]
    converters = [(f.name, *_converter(f, db)) for f in named]
    makers = [(f.default, *_converter(f, db)) for f in made]
    constants = [_converter(f, db)[1](f.default) for f in fixed]
    columns = ", ".join(f'"{f.column_name}"' for f in named + made + fixed)
    one = ", ".join([p for _, p, _ in converters] + [p for _, p, _ in makers] + [db.param] * len(fixed))
    _run(db, f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({one})', rows,
         lambda row: [convert(row[name]) for name, _, convert in converters]
         + [convert(make()) for make, _, convert in makers] + constants)


def _run(db, sql: str, rows: list, params: Callable) -> None:
    """Run ``sql`` for each row's ``params(row)``: the first through ``execute_sql``, as every statement
    goes (the caches' generations see the table written), the others by thousands (``executemany``:
    SQLite reuses the prepared statement, psycopg pipelines them); parameters are made a chunk at a time."""

    db.execute_sql(sql, params(rows[0]))
    for part in peewee.chunked(rows[1:], RUN_CHUNK):
        with peewee.__exception_wrapper__:  # the driver's errors as peewee's, as execute_sql gives them
            db.cursor().executemany(sql, [params(row) for row in part])


def update_each(model, rows: list[dict]) -> None:
    """Set each row's values (dicts of field names with its ``id``) on its row: one prepared
    statement per set of fields, run for every row."""

    db = model._meta.database
    groups: dict = {}
    for row in rows:
        groups.setdefault(tuple(name for name in row if name != "id"), []).append(row)
    for names, group in groups.items():
        fields = [model._meta.fields[name] for name in names]
        converters = [_converter(f, db) for f in fields]
        key = _converter(model._meta.primary_key, db)[1]
        sql = (f'UPDATE "{model._meta.table_name}" SET '
               + ", ".join(f'"{f.column_name}" = {placeholder}' for f, (placeholder, _) in zip(fields, converters))
               + f' WHERE "{model._meta.primary_key.column_name}" = {db.param}')
        _run(db, sql, group, lambda row, names=names, converters=converters: [
            convert(row[name]) for name, (_, convert) in zip(names, converters)] + [key(row["id"])])


def analyze(model, added: int) -> None:
    """On PostgreSQL, refresh the statistics of a table this transaction just filled (``added`` rows).

    The rows inserted next reference it (tasks their entity): PostgreSQL checks
    each foreign key with a plan it keeps per connection, made when the table
    was small — a scan of the whole table, for every row, once it holds tens of
    thousands (measured: 50,000 shots imported 4× slower on a connection that
    had imported 10). New statistics make it plan the index lookup again.
    They count this transaction's rows, and go with it when it rolls back.
    """

    db = model._meta.database
    if added >= ANALYZE_FROM and not isinstance(db, peewee.SqliteDatabase):
        db.execute_sql(f'ANALYZE "{model._meta.table_name}"')


def _text(value):
    return str(value) if isinstance(value, uuid.UUID) else value


def emit_many(ctx, name: str, payloads: Iterable[dict], project_id=None) -> int:
    """Record and queue one ``name`` event per payload (delivered after commit), a chunk at a time; how many."""

    user = acting_person(ctx.actor)
    actor_id = str(ctx.actor.id) if ctx.actor is not None and ctx.actor.id else None
    now = utcnow()
    project = str(project_id) if project_id is not None else None  # one string shared by every event
    count = 0
    for part in peewee.chunked(payloads, RUN_CHUNK):
        events = []
        for data in part:
            payload = {key: _text(value) for key, value in data.items()}
            if project is not None:
                payload["project_id"] = project
            events.append({"id": uuid.uuid4(), "name": name, "user_id": user, "project_id": project_id,
                           "data": payload, "created_at": now, "updated_at": now})
        insert(ApiEvent, events)
        for event in events:
            event["data"]["id"] = str(event["id"])
            clapboard.emit(name, event["data"], actor_id=actor_id)
        count += len(events)
    return count
