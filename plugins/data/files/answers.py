"""Rows read and answered by the files routes: reference rows by id, rows as Zou serializes them."""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest, NotFound

from ..crud import rows
from ..crud.meta import info
from ..crud.values import parse_id
from ..engine import masked


def row_id(value, name: str) -> uuid.UUID:
    """An id from a body or query (400 naming ``name`` when malformed)."""

    try:
        return value if isinstance(value, uuid.UUID) else parse_id(value)
    except BadRequest as exc:
        raise BadRequest(f"'{name}' is not a valid id.") from exc


def instance(model, value, name: str, error=NotFound):
    """The peewee row of ``model`` with this id; ``error`` (404 by default) when there is none."""

    found = model.get_or_none(model.id == row_id(value, name))
    if found is None:
        raise error(f"{info(model).type_name} {value} not found.")
    return found


def serialized(ctx, model, found_id, relations: bool = False) -> dict:
    """A row as Zou answers it, with the values hidden from the actor left out."""

    return masked(ctx, model, [rows.fetch_one(info(model), found_id, relations, derived_mode=None)])[0]
