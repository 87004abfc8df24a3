"""Reading rows without peewee's per-field conversions: raw tuples, one converter per column.

peewee turns every value of every row through its field's ``python_value``
(a UUID parsed from text, a date-time tried against several formats, JSON
decoded by the standard library): most of a list's time. Here each selected
column gets one converter, chosen once per query shape, producing the very
same Python types (``uuid.UUID``, ``datetime``, ``date``, ``bool``, decoded
JSON) much faster; on PostgreSQL the driver already returns those types and
columns pass through untouched.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date, datetime
from typing import Callable, Iterable, Sequence

import orjson
import peewee

from clapboard.db import is_sqlite

_new_uuid = uuid.UUID.__new__
_set = object.__setattr__
_UNKNOWN = uuid.SafeUUID.unknown


def uuid_from_hex(value):
    """SQLite keeps UUIDs as 32 hex digits: build the object without re-validating the text."""

    if type(value) is str and len(value) == 32:
        made = _new_uuid(uuid.UUID)
        _set(made, "int", int(value, 16))
        _set(made, "is_safe", _UNKNOWN)
        return made
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def datetime_value(value):
    """A date-time from SQLite text (or as the driver gave it)."""

    if type(value) is str:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return peewee.DateTimeField().python_value(value)
    return value


def _date(value):
    if type(value) is str:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return peewee.DateField().python_value(value)
    return value


def _json(value):
    return orjson.loads(value) if isinstance(value, (str, bytes)) else value


_PASS = (peewee.CharField, peewee.TextField, peewee.IntegerField, peewee.BigIntegerField, peewee.AutoField)


def _target(field: peewee.Field) -> peewee.Field:
    while isinstance(field, peewee.ForeignKeyField):
        field = field.rel_field
    return field


def converter(sqlite: bool, field) -> Callable | None:
    """The function turning a raw value of ``field`` into its Python value (``None``: as is)."""

    if not isinstance(field, peewee.Field):
        return None
    field = _target(field)
    if not sqlite:  # the driver returns Python values already (JSON decoded: a str is a JSON string)
        return None if isinstance(field, (*_PASS, peewee.JSONField, peewee.UUIDField, peewee.DateTimeField,
                                          peewee.DateField, peewee.BooleanField, peewee.FloatField)) else field.python_value
    if isinstance(field, peewee.UUIDField):
        return uuid_from_hex
    if isinstance(field, peewee.DateTimeField):
        return datetime_value
    if isinstance(field, peewee.DateField):
        return _date
    if isinstance(field, peewee.BooleanField):
        return bool
    if isinstance(field, peewee.FloatField):
        return float
    if isinstance(field, peewee.JSONField):
        return _json
    if isinstance(field, _PASS):
        return None
    return field.python_value


@functools.lru_cache(maxsize=4096)
def converters(sqlite: bool, fields: tuple) -> tuple:
    return tuple(converter(sqlite, f) for f in fields)


def execute(db: peewee.Database, query):
    """The raw cursor of a peewee query (its SQL built once here)."""

    sql, params = query.sql()
    return db.execute_sql(sql, params)


def dicts(db: peewee.Database, query, keys: Sequence[str], fields: Iterable) -> list[dict]:
    """The rows of ``query`` as ``{key: value}``, ``keys``/``fields`` in select order."""

    keys = tuple(keys)
    seen: dict = {}  # foreign keys repeat down a list: one UUID object per distinct value

    def shared_uuid(value):
        made = seen.get(value)
        if made is None:
            made = seen[value] = uuid_from_hex(value)
        return made

    changes = tuple((index, key, shared_uuid if change is uuid_from_hex else change) for index, (key, change)
                    in enumerate(zip(keys, converters(is_sqlite(db), tuple(fields)))) if change is not None)
    found = []
    for values in execute(db, query).fetchall():
        row = dict(zip(keys, values))
        for index, key, change in changes:
            value = values[index]
            if value is not None:
                row[key] = change(value)
        found.append(row)
    return found


def tuples(db: peewee.Database, query, fields: Iterable) -> list[tuple]:
    """The rows of ``query`` as tuples of Python values."""

    convert = converters(is_sqlite(db), tuple(fields))
    if not any(convert):
        return [tuple(values) for values in execute(db, query).fetchall()]
    return [tuple(change(value) if change is not None and value is not None else value
                  for change, value in zip(convert, values))
            for values in execute(db, query).fetchall()]
