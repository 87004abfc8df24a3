"""Turning JSON and query-string values into column values, with clear errors."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import peewee

from clapboard.errors import BadRequest


class BadValue(ValueError):
    """A value does not fit its column; the message says what was expected."""


def to_uuid(value) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise BadValue("a UUID") from exc


def to_datetime(value) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError as exc:
            raise BadValue("a date-time (YYYY-MM-DDTHH:MM:SS)") from exc
    if parsed.tzinfo is not None:  # stored as naive UTC, like Zou
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def to_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        if len(text) > 10:  # Kitsu sometimes sends a full date-time for a date column
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return date.fromisoformat(text)
    except ValueError as exc:
        raise BadValue("a date (YYYY-MM-DD)") from exc


def to_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise BadValue("true or false")


def to_int(value) -> int:
    if isinstance(value, bool):
        raise BadValue("an integer")
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise BadValue("an integer") from exc


def to_float(value) -> float:
    if isinstance(value, bool):
        raise BadValue("a number")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise BadValue("a number") from exc


def convert(field: peewee.Field, value):
    """The Python value to store in ``field`` for an API value (``None`` passes through)."""

    if value is None:
        return None
    if isinstance(field, (peewee.ForeignKeyField, peewee.UUIDField)):
        return to_uuid(value)
    if isinstance(field, peewee.DateTimeField):
        return to_datetime(value)
    if isinstance(field, peewee.DateField):
        return to_date(value)
    if isinstance(field, peewee.BooleanField):
        return to_bool(value)
    if isinstance(field, (peewee.IntegerField, peewee.BigIntegerField)):
        return to_int(value)
    if isinstance(field, peewee.FloatField):
        return to_float(value)
    return value


def parse_id(value: str) -> uuid.UUID:
    """An id from a URL: a malformed one is a 400, as in Zou."""

    try:
        return to_uuid(value)
    except BadValue as exc:
        raise BadRequest("Malformed ID.", data=None) from exc


@dataclass(frozen=True)
class ValueWrite:
    """One write of a row's ``data`` dict, as ``data_validate_values`` receives it.

    ``before`` is the stored dict (``{}`` on create), ``after`` the dict about
    to be stored; ``entity_type_id`` / ``task_type_id`` say which descriptors
    apply; ``row_id`` is ``None`` on create.
    """

    before: Any
    after: Any
    row_id: uuid.UUID | None = None
    entity_type_id: uuid.UUID | None = None
    task_type_id: uuid.UUID | None = None
