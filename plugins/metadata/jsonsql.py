"""One top-level key of a ``data`` column, read and rewritten in SQL on either database.

The ``data`` columns are peewee ``JSONField``s: ``JSONB`` on PostgreSQL, JSON
text on SQLite. These expressions let the lifecycle change a key in every row
with one statement: SQLite's ``->``, ``json_remove`` and ``json_set`` (a value
taken with ``->`` keeps its JSON type, so ``true`` stays a boolean, not ``1``),
PostgreSQL's ``->``, ``-`` and ``jsonb_set``. A key absent from a row, or a
``data`` that is not an object, reads as SQL ``NULL``; a JSON ``null`` is a value.
"""

from __future__ import annotations

import json

from peewee import SQL, Cast, Expression, Value, fn

from clapboard.db import database, is_sqlite


def _quoted(key: str) -> str:
    return key.replace("\\", "\\\\").replace('"', '\\"')


def _path(key: str) -> Value:
    """SQLite's JSON path of a top-level key."""

    return Value(f'$."{_quoted(key)}"', converter=False)


def _text_array(key: str) -> str:
    """PostgreSQL's path of a top-level key, as the text of a ``text[]``."""

    return f'{{"{_quoted(key)}"}}'


def _key(key: str) -> Cast:
    return Cast(Value(key, converter=False), "text")


def value_of(column, key: str):
    """The JSON value under ``key``."""

    if is_sqlite(database.obj):
        return Expression(column, "->", _path(key))
    return Expression(column, "->", _key(key))


def holds(column, key: str):
    """The rows whose ``column`` holds ``key`` (whatever its value, ``null`` included)."""

    return value_of(column, key).is_null(False)


def without(column, key: str):
    """``column`` less ``key``."""

    if is_sqlite(database.obj):
        return fn.json_remove(column, _path(key))
    return Expression(column, "-", _key(key))


def moved(column, old_key: str, new_key: str):
    """``column`` with the value of ``old_key`` under ``new_key`` (replacing what was there) and no ``old_key``."""

    if is_sqlite(database.obj):
        return fn.json_set(without(column, old_key), _path(new_key), value_of(column, old_key))
    path = Cast(Value(_text_array(new_key), converter=False), "text[]")
    return fn.jsonb_set(without(column, old_key), path, value_of(column, old_key), SQL("true"))


def set_each(model, key: str, new_values: dict) -> None:
    """Store ``new_values`` (row id -> any JSON value) under ``key`` in one statement, whatever their number.

    The values travel as one JSON document ``{id: value as JSON text}``,
    joined to the table on its primary key (``UPDATE … FROM json_each``).
    """

    if not new_values:
        return
    db, table = database.obj, model._meta.table_name
    document = json.dumps({model.id.db_value(row_id): json.dumps(value, ensure_ascii=False)
                           for row_id, value in new_values.items()}, ensure_ascii=False)
    if is_sqlite(db):
        sql = (f'UPDATE "{table}" SET "data" = json_set("{table}"."data", ?, json(m.value)) '
               f'FROM json_each(?) AS m WHERE "{table}"."id" = m.key')
        params = (f'$."{_quoted(key)}"', document)
    else:
        sql = (f'UPDATE "{table}" SET "data" = jsonb_set("{table}"."data", %s::text[], m.value::jsonb) '
               f'FROM json_each_text(%s::json) AS m WHERE "{table}"."id" = m.key::uuid')
        params = (_text_array(key), document)
    db.execute_sql(sql, params)
