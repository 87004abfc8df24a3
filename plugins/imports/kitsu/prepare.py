"""One imported row, checked and turned into column values, or a 400 naming its index.

A row is read as another instance serves it: ``type``, derived keys (a
person's ``full_name``, a project's ``descriptors``…) and keys this instance
does not store (a newer Zou's columns, the extra keys of a shot answer) are
left out; secrets are never taken. What remains must be a valid create body
of the model's JSON Schema (``<schema>#/$defs/create``), then each value is
converted for its column; ids pointing at adopted rows are rewritten through
the ``IdMap``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from clapboard.errors import BadRequest, ValidationFailed
from clapboard.plugins.data.crud.meta import ModelInfo
from clapboard.plugins.data.crud.values import BadValue, convert, to_datetime, to_uuid

from .idmap import IdMap
from .kinds import Kind

TIMESTAMPS = ("created_at", "updated_at")


class RowError(BadRequest):
    """A bad row: the whole request is refused, the message and ``index`` say which row and why."""

    def __init__(self, index: int, message: str, errors: list | None = None):
        found = [{**error, "path": f"[{index}]" + (f".{error['path']}" if error.get("path") else "")}
                 for error in (errors or [])]
        super().__init__(f"Row {index}: {message}", index=index, errors=found)


@dataclass
class Prepared:
    """A row ready to write: ``values`` by peewee field name, ``links`` by relation name."""

    index: int
    id: uuid.UUID
    source_id: uuid.UUID
    values: dict
    links: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)
    created_at: datetime | None = None
    updated_at: datetime | None = None


def _timestamp(index: int, row: dict, key: str) -> datetime | None:
    value = row.get(key)
    if value is None:
        return None
    try:
        return to_datetime(value)
    except BadValue as exc:
        raise RowError(index, f"{key}: not {exc}", [{"path": key, "message": f"not {exc}"}]) from exc


def _row_id(index: int, row: dict) -> uuid.UUID:
    if row.get("id") is None:
        raise RowError(index, "id: missing (rows keep their ids)", [{"path": "id", "message": "missing"}])
    try:
        return to_uuid(row["id"])
    except BadValue as exc:
        raise RowError(index, "id: not a UUID", [{"path": "id", "message": "not a UUID"}]) from exc


def prepare(app, kind: Kind, info: ModelInfo, schema: str, index: int, row, ids: IdMap) -> Prepared:
    """Check and convert row ``index`` (a ``RowError`` when it is not a valid row of ``kind``)."""

    if not isinstance(row, dict):
        raise RowError(index, "not a JSON object")
    row = dict(row)
    if kind.normalize is not None:
        row = kind.normalize(row)
    source_id = _row_id(index, row)
    created_at, updated_at = (_timestamp(index, row, key) for key in TIMESTAMPS)
    settings = {key: row[key] for key in kind.settings if row.get(key) is not None}
    body = {key: value for key, value in row.items()
            if key not in info.read_only and (key in info.writable or key in kind.relations)}
    try:
        app.schemas.validate(f"{schema}#/$defs/create", body)
    except ValidationFailed as exc:
        raise RowError(index, exc.message, exc.details.get("errors")) from exc
    values, links, errors = {}, {}, []
    for key, value in body.items():
        try:
            if key in kind.relations:
                relation = info.relations[key]
                target = relation.target._meta.table_name
                links[key] = list(dict.fromkeys(ids.get(target, convert(relation.other, v)) for v in value or ()))
            else:
                column = info.writable[key]
                values[column.name] = _mapped(kind, column, convert(column, value), ids)
        except BadValue as exc:
            errors.append({"path": key, "message": f"not {exc}"})
    if errors:
        raise RowError(index, f"{errors[0]['path']}: {errors[0]['message']}", errors)
    return Prepared(index, ids.get(info.table, source_id), source_id, values, links, settings, created_at,
                    updated_at)


def _mapped(kind: Kind, column, value, ids: IdMap):
    """A copied id rewritten to the stored row's id when that row was adopted under another id."""

    target = getattr(column, "rel_model", None)
    if target is not None:
        return ids.get(target._meta.table_name, value)
    if column.column_name in kind.soft_refs:
        return ids.get(kind.soft_refs[column.column_name], value)
    return value
