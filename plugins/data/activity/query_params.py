"""Reading the query strings of the activity routes, every bad value a 400.

Zou reads these parameters loosely (a malformed id or date often ends as a
500 there); here each one is checked and refused with a message naming it.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from clapboard.errors import BadRequest

from ..crud.values import BadValue, to_datetime, to_uuid

# Event names are "<object>:<action>" made of lowercase words, digits and dashes (Zou's rule),
# which also keeps LIKE wildcards out of the name filters.
NAME_PART = re.compile(r"^[a-z0-9-]+$")


def text(req, name: str) -> str | None:
    """A single-valued parameter (the last one when repeated); ``None`` when absent or empty."""

    value = req.params.get(name)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if value not in (None, "") else None


def values(req, name: str) -> list[str]:
    """Every value of a repeated parameter (``?person_ids=a&person_ids=b``)."""

    return [v for v in (req.get_param_as_list(name) or []) if v != ""]


def an_id(req, name: str, message: str | None = None) -> uuid.UUID | None:
    raw = text(req, name)
    if raw is None:
        return None
    try:
        return to_uuid(raw)
    except BadValue as exc:
        raise BadRequest(message or f"The {name} parameter is not a valid id.") from exc


def ids(req, name: str) -> list[uuid.UUID]:
    try:
        return [to_uuid(v) for v in values(req, name)]
    except BadValue as exc:
        raise BadRequest(f"The {name} parameter holds an invalid id.") from exc


def moment(req, name: str) -> datetime | None:
    """A date or date-time bound (``2022-07-12`` means its midnight)."""

    raw = text(req, name)
    if raw is None:
        return None
    try:
        return to_datetime(raw)
    except BadValue as exc:
        raise BadRequest(f"Wrong date format for {name}: {raw}.") from exc


def integer(req, name: str, default: int, minimum: int) -> int:
    raw = text(req, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(f"The {name} parameter must be an integer.") from exc
    if value < minimum:
        raise BadRequest(f"The {name} parameter must be at least {minimum}.")
    return min(value, 2**31 - 1)


def flag(req, name: str) -> bool:
    """A boolean parameter: "true" / "1" (any case) is true, anything else false, as Zou reads it."""

    return str(text(req, name) or "").lower() in ("true", "1")


def name_parts(req, name: str) -> list[str]:
    found = values(req, name)
    if any(not NAME_PART.match(part) for part in found):
        raise BadRequest(f"The {name} parameter contains an invalid value.")
    return found
