"""Converting a stored value when its descriptor changes type (or its choices): pure, one value at a time.

A retype turns each stored value into the form its new type is written in by
Kitsu — numbers as JSON numbers, booleans as ``"true"``/``"false"``, taglists
as a comma-separated string without spaces (Kitsu's tag combobox splits and
joins on ``","``), checklists as a JSON text of ``{item: checked}`` — and then
``values.check_value`` judges the result under the new descriptor. A value
the new type cannot hold (``"n/a"`` for a number, a tag outside the new
choices, a text over the length limit) is **kept as stored** and reported
with the check's message: nothing is ever lost by a retype. When only the
choices change (same type), values are judged, never rewritten.
``None`` and ``""`` (a cleared cell) stay as they are under every type.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from . import values

_INTEGER = re.compile(r"^[+-]?\d+$")
_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})
_CHOICE_TYPES = frozenset({"list", "taglist", "checklist"})


@dataclass(frozen=True)
class Outcome:
    """What becomes of one stored value: ``value`` to store, whether it ``changed``, or why it is kept (``problem``)."""

    value: Any
    changed: bool = False
    problem: str | None = None


def needs_conversion(before: Mapping, after: Mapping) -> bool:
    """Whether the stored values must be gone through: the type changed, or the choices of a choice type did."""

    if (before.get("data_type") or "string") != (after.get("data_type") or "string"):
        return True
    return (after.get("data_type") in _CHOICE_TYPES
            and list(before.get("choices") or []) != list(after.get("choices") or []))


def _text(value: Any) -> str:
    """A scalar or a structure as text: ``12``, ``1.5``, ``"true"``, tags joined, JSON for the rest."""

    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ",".join(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _to_number(value: Any, descriptor: Mapping) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.match(text):
            return int(text)
        if re.match(values.NUMBER_PATTERN, text):
            number = float(text)
            return number if math.isfinite(number) else value
    return value


def _to_boolean(value: Any, descriptor: Mapping) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)) and value in (0, 1):
        return "true" if value else "false"
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return "true"
        if word in _FALSE:
            return "false"
    return value


def _to_list(value: Any, descriptor: Mapping) -> Any:
    if isinstance(value, list) and len(value) == 1:  # a taglist of one tag, as an array
        value = value[0]
    if isinstance(value, str):
        tags = [tag.strip() for tag in value.split(",") if tag.strip()]
        return tags[0] if len(tags) == 1 else value
    return _text(value) if isinstance(value, (bool, int, float)) else value


def _to_taglist(value: Any, descriptor: Mapping) -> Any:
    if isinstance(value, (bool, int, float)):
        value = _text(value)
    if isinstance(value, str):
        value = [tag.strip() for tag in value.split(",")]
    if isinstance(value, list) and all(isinstance(tag, str) for tag in value):
        return ",".join(dict.fromkeys(tag for tag in value if tag))
    return value


def _to_checklist(value: Any, descriptor: Mapping) -> Any:
    entries = value
    if isinstance(value, str):
        try:
            entries = json.loads(value)
        except ValueError:
            return value
    if isinstance(entries, list) and all(isinstance(item, dict) and set(item) == {"text", "checked"}
                                         and isinstance(item["text"], str) for item in entries):
        entries = {item["text"]: item["checked"] for item in entries}
    if not isinstance(entries, dict):
        return value
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def _stripped(value: Any, descriptor: Mapping) -> Any:
    return value.strip() if isinstance(value, str) else value


def _to_person(value: Any, descriptor: Mapping) -> Any:
    if isinstance(value, str):
        try:
            return str(uuid.UUID(value.strip()))
        except ValueError:
            return value
    return value


def _to_text(value: Any, descriptor: Mapping) -> Any:
    return _text(value)


CONVERTERS: dict[str, Callable[[Any, Mapping], Any]] = {
    "string": _to_text, "textarea": _to_text, "number": _to_number, "boolean": _to_boolean, "date": _stripped,
    "url": _stripped, "list": _to_list, "taglist": _to_taglist, "checklist": _to_checklist, "person": _to_person,
}


def convert(value: Any, before: Mapping, after: Mapping, team: values.Team = None) -> Outcome:
    """What ``value``, stored under ``before``, becomes under ``after`` (``team`` judges ``person`` values)."""

    if value is None or value == "":
        return Outcome(value)
    kind = after.get("data_type") or "string"
    converter = CONVERTERS.get(kind)
    if converter is None:  # a type this version does not know: stored as sent, as the checks do
        return Outcome(value)
    candidate = value
    if (before.get("data_type") or "string") != kind:
        candidate = converter(value, after)
    if values.check_value(after, candidate, team) is None:
        return Outcome(candidate, changed=type(candidate) is not type(value) or candidate != value)
    as_stored = values.check_value(after, value, team)
    if as_stored is None:  # what was stored already fits the new type: left alone
        return Outcome(value)
    return Outcome(value, problem=as_stored.message)
