"""Query-string filters of collection routes, as Zou reads them.

``?project_id=<id>`` is equality (cast to the column type); a value starting
with ``[`` is a JSON array meaning IN; ``name`` matches case-insensitively
(``%`` wildcards work); a many-to-many relation name (``assignees=<id>``)
keeps rows whose relation contains the id; ``null`` means IS NULL on
non-text columns. Anything else is a 400 that names the parameter.
"""

from __future__ import annotations

import orjson
import peewee

from clapboard.errors import BadRequest

from .meta import ModelInfo
from .values import BadValue, convert

RESERVED = frozenset({"page", "limit", "relations", "fields", "force"})
_TEXT = (peewee.CharField, peewee.TextField)


def _values(key: str, raw: str) -> list | None:
    """Split a JSON-array filter value; ``None`` for a plain value."""

    if not raw.startswith("["):
        return None
    try:
        values = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise BadRequest(f"Filter '{key}': the value starts with '[' but is not a JSON array.") from exc
    if not isinstance(values, list) or not values:
        raise BadRequest(f"Filter '{key}': expected a non-empty JSON array.")
    return values


def _cast(key: str, field: peewee.Field, value):
    if isinstance(value, (dict, list)):
        raise BadRequest(f"Filter '{key}': nested values are not supported.")
    try:
        return convert(field, value)
    except BadValue as exc:
        raise BadRequest(f"Filter '{key}': {value!r} is not {exc}.", data=None) from exc


def column_filter(info: ModelInfo, key: str, raw: str):
    field = info.columns[key]
    if isinstance(field, peewee.JSONField):
        raise BadRequest(f"Filter '{key}': JSON columns cannot be filtered.")
    values = _values(key, raw)
    if values is not None:
        return field.in_([_cast(key, field, v) for v in values])
    if raw in ("null", "None") and not isinstance(field, _TEXT):
        return field.is_null()
    if key == "name" and isinstance(field, _TEXT):
        return field ** raw  # ILIKE on PostgreSQL, case-insensitive LIKE on SQLite
    return field == _cast(key, field, raw)


def relation_filter(info: ModelInfo, key: str, raw: str):
    relation = info.relations[key]
    values = _values(key, raw) or [raw]
    ids = [_cast(key, relation.other, v) for v in values]
    linked = relation.through.select(relation.own).where(relation.other.in_(ids))
    return info.model.id.in_(linked)


def build_filters(info: ModelInfo, params: dict[str, str], allowed_extra=frozenset(), hidden=frozenset()) -> list:
    expressions = []
    for key, raw in params.items():
        if key in RESERVED or key in allowed_extra:
            continue
        if isinstance(raw, list):
            raise BadRequest(f"Filter '{key}' is given more than once.")
        if key in hidden or key in info.secret_keys:
            raise BadRequest(f"Filter '{key}' is not allowed.")
        if key in info.columns:
            expressions.append(column_filter(info, key, raw))
        elif key in info.relations:
            expressions.append(relation_filter(info, key, raw))
        else:
            raise BadRequest(f"Unknown filter '{key}' for {info.type_name}.")
    return expressions
