"""Per-model behaviour layered on the generic engine (derived keys, defaults, cascades).

Zou's CRUD resources override a few steps for some models; the equivalents
live here, keyed by table name, so the engine itself stays generic.
"""

from __future__ import annotations

from typing import Callable

from clapboard.errors import BadRequest

from .meta import ModelInfo

_DECORATORS: dict[str, Callable[[dict], None]] = {}
_BEFORE_CREATE: dict[str, Callable] = {}
_BEFORE_UPDATE: dict[str, Callable] = {}
_AFTER_CREATE: dict[str, Callable] = {}
_BEFORE_DELETE: dict[str, Callable] = {}


def _register(table: str, registry: dict):
    def decorate(func):
        registry[table] = func
        return func

    return decorate


def decorate(info: ModelInfo, row: dict) -> dict:
    func = _DECORATORS.get(info.table)
    if func is not None:
        func(row)
    return row


def before_create(ctx, info: ModelInfo, values: dict) -> None:
    func = _BEFORE_CREATE.get(info.table)
    if func is not None:
        func(ctx, values)


def after_create(ctx, info: ModelInfo, row: dict) -> None:
    func = _AFTER_CREATE.get(info.table)
    if func is not None:
        func(ctx, row)


def before_update(ctx, info: ModelInfo, current: dict, values: dict) -> None:
    func = _BEFORE_UPDATE.get(info.table)
    if func is not None:
        func(ctx, current, values)


def before_delete(ctx, info: ModelInfo, current: dict, force: bool) -> None:
    func = _BEFORE_DELETE.get(info.table)
    if func is not None:
        func(ctx, current, force)


@_register("person", _DECORATORS)
def _person_full_name(row: dict) -> None:
    if "first_name" in row and "last_name" in row:
        row["full_name"] = f"{row['first_name']} {row['last_name']}".strip()


@_register("person", _BEFORE_CREATE)
def _person_email_lowercase(ctx, values: dict) -> None:
    if values.get("email"):
        values["email"] = values["email"].strip().lower()


@_register("person", _BEFORE_UPDATE)
def _person_email_lowercase_update(ctx, current: dict, values: dict) -> None:
    _person_email_lowercase(ctx, values)


@_register("day_off", _BEFORE_CREATE)
def _day_off_end_date(ctx, values: dict) -> None:
    # Zou takes a one-day leave when no end date is given.
    if values.get("end_date") is None and values.get("date") is not None:
        values["end_date"] = values["date"]
    if values.get("end_date") and values.get("date") and values["end_date"] < values["date"]:
        raise BadRequest("end_date must not be before date.", errors=[{"path": "end_date", "message": "before date"}])
