"""Typed values of metadata descriptors: the checks, and the JSON Schema each project's descriptors give.

Pure: descriptor dicts (Zou's shape: ``name``, ``field_name``, ``data_type``,
``choices``, ``entity_type``, ``task_type_id``) and ``data`` dicts in, problems
out; no database. Values are judged in the forms Kitsu writes and reads back
(``"true"``/``"false"`` for booleans, numbers as strings, a taglist as a
comma-separated string, a checklist as a JSON string of ``{text: checked}``)
as well as the plain JSON ones, and are never rewritten. ``None`` and ``""``
clear a value of any type. See ``docs/metadata-design.md`` §5.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Collection, Iterable, Mapping
from urllib.parse import urlsplit

from clapboard.errors import BadRequest

STRING_MAX = 1_000
TEXTAREA_MAX = 100_000
# Keys Zou itself keeps in ``data`` (shot frame ranges and the like): never "unknown", even when strict.
RESERVED_KEYS = frozenset({"frame_in", "frame_out", "fps", "resolution", "max_retakes"})
NUMBER_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# What ``_url`` accepts, for forms: a scheme and a host, or a ``file:`` path; no spaces.
URL_PATTERN = r"^(?:[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+\S*|[fF][iI][lL][eE]:(?:///|/(?!/)|[^/\s?#])\S*)$"
_NUMBER = re.compile(NUMBER_PATTERN)
_DATE = re.compile(DATE_PATTERN)
_CHECKLIST_ITEM = re.compile(r"^\[([ xX])\] (.*)$", re.DOTALL)
_SHOWN = 60

Team = Callable[[], Collection[str]] | Collection[str] | None


@dataclass(frozen=True)
class Problem:
    """One refused value: where (``data.<field_name>``), which rule, and a message naming both."""

    path: str
    rule: str
    message: str

    def as_error(self) -> dict:
        return {"path": self.path, "rule": self.rule, "message": self.message}


class _Refused(Exception):
    def __init__(self, rule: str, detail: str):
        super().__init__(detail)
        self.rule = rule
        self.detail = detail


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def checklist_items(descriptor: Mapping) -> list[str]:
    """The item texts of a checklist descriptor.

    Kitsu stores them as choices ``"[x] text"`` / ``"[ ] text"`` (checked by
    default or not); when not every choice has that form, the choices are the texts.
    """

    choices = [c for c in (descriptor.get("choices") or []) if isinstance(c, str)]
    matched = [_CHECKLIST_ITEM.match(c) for c in choices]
    if choices and all(matched):
        return [m.group(2) for m in matched]
    return choices


# -- the checks, one per data type ----------------------------------------------


def _string(limit: int):
    def check(descriptor, value, team):
        if not isinstance(value, str):
            raise _Refused("string", f"{_shown(value)} is not a string")
        if len(value) > limit:
            raise _Refused("maxLength", f"a text of {len(value)} characters is longer than {limit:,}")
    return check


def _number(descriptor, value, team):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _Refused("number", f"{_shown(value)} is not a number")
    if isinstance(value, str) and not _NUMBER.match(value):
        raise _Refused("number", f"{_shown(value)} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Refused("number", f"{value} is not a finite number")


def _boolean(descriptor, value, team):
    if not isinstance(value, bool) and value not in ("true", "false"):
        raise _Refused("boolean", f"{_shown(value)} is not a boolean (true, false, \"true\" or \"false\")")


def _date(descriptor, value, team):
    if not isinstance(value, str) or not _DATE.match(value):
        raise _Refused("date", f"{_shown(value)} is not a date written YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise _Refused("date", f"{_shown(value)} is not a calendar date") from exc


def _url(descriptor, value, team):
    if not isinstance(value, str) or any(c.isspace() for c in value):
        raise _Refused("url", f"{_shown(value)} is not a URL")
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise _Refused("url", f"{_shown(value)} is not a URL") from exc
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*$", parts.scheme or "-"):
        raise _Refused("url", f"{_shown(value)} is not an absolute URL (no scheme such as https://)")
    if not parts.netloc and not (parts.scheme.lower() == "file" and parts.path):
        raise _Refused("url", f"{_shown(value)} is not an absolute URL (no host)")


def _choices(descriptor) -> list:
    return list(descriptor.get("choices") or [])


def _list(descriptor, value, team):
    choices = _choices(descriptor)
    if not isinstance(value, str):
        raise _Refused("enum", f"{_shown(value)} is not one of the choices" if choices else
                       f"{_shown(value)} is not a string")
    if choices and value not in choices:
        raise _Refused("enum", f"{_shown(value)} is not one of the choices {_shown(choices)}")


def _tags(value) -> list:
    if isinstance(value, str):
        return [tag.strip() for tag in value.split(",") if tag.strip()]
    if isinstance(value, list):
        if not all(isinstance(tag, str) for tag in value):
            raise _Refused("taglist", f"{_shown(value)} is not a list of tags (strings)")
        if len(set(value)) != len(value):
            raise _Refused("taglist", f"{_shown(value)} names a tag twice")
        return value
    raise _Refused("taglist", f"{_shown(value)} is not a list of tags nor a comma-separated text")


def _taglist(descriptor, value, team):
    choices = _choices(descriptor)
    for tag in _tags(value):
        if choices and tag not in choices:
            raise _Refused("enum", f"the tag {_shown(tag)} is not one of the choices {_shown(choices)}")


def _checklist_entries(value) -> dict:
    """``{text: checked}`` from any of the accepted forms."""

    if isinstance(value, str):
        try:
            decoded = json.loads(value)
        except ValueError as exc:
            raise _Refused("checklist", f"{_shown(value)} is not a checklist (a JSON text of {{item: true|false}})") \
                from exc
        if not isinstance(decoded, dict):
            raise _Refused("checklist", f"{_shown(value)} is not a checklist (a JSON text of {{item: true|false}})")
        value = decoded
    if isinstance(value, dict):
        entries = value
    elif isinstance(value, list):
        entries = {}
        for item in value:
            if not (isinstance(item, dict) and set(item) == {"text", "checked"} and isinstance(item["text"], str)):
                raise _Refused("checklist", f"{_shown(item)} is not a checklist item {{\"text\", \"checked\"}}")
            if item["text"] in entries:
                raise _Refused("checklist", f"the item {_shown(item['text'])} is listed twice")
            entries[item["text"]] = item["checked"]
    else:
        raise _Refused("checklist", f"{_shown(value)} is not a checklist")
    for text, checked in entries.items():
        if not isinstance(checked, bool):
            raise _Refused("checklist", f"the item {_shown(text)} is checked {_shown(checked)}, not true or false")
    return entries


def _checklist(descriptor, value, team):
    items = checklist_items(descriptor)
    for text in _checklist_entries(value):
        if items and text not in items:
            raise _Refused("checklist", f"{_shown(text)} is not an item of the checklist {_shown(items)}")


def _person(descriptor, value, team):
    try:
        person_id = str(uuid.UUID(value)) if isinstance(value, str) else None
    except ValueError:
        person_id = None
    if person_id is None or person_id != value:  # the dashed lower-case form only: values are stored as sent
        raise _Refused("person", f"{_shown(value)} is not a person id")
    if team is not None:
        members = {str(member) for member in (team() if callable(team) else team)}
        if person_id not in members:
            raise _Refused("person", f"{person_id} is not a person of the project's team")


CHECKS = {
    "string": _string(STRING_MAX), "textarea": _string(TEXTAREA_MAX), "number": _number, "boolean": _boolean,
    "date": _date, "url": _url, "list": _list, "taglist": _taglist, "checklist": _checklist, "person": _person,
}


def _path(descriptor: Mapping) -> str:
    return f"data.{descriptor['field_name']}"


def check_value(descriptor: Mapping, value: Any, team: Team = None) -> Problem | None:
    """The problem with ``value`` for ``descriptor``, or ``None`` when it is acceptable.

    ``team`` (the project's person ids, or a function answering them) is
    consulted for ``person`` values only; without it only the id's form is checked.
    """

    if value is None or value == "":
        return None
    kind = descriptor.get("data_type") or "string"
    check = CHECKS.get(kind)
    if check is None:  # a type this version does not know: stored as sent, as before
        return None
    try:
        check(descriptor, value, team)
    except _Refused as refused:
        message = f"{_path(descriptor)} ({descriptor.get('name') or descriptor['field_name']}, {kind}): " \
                  f"{refused.detail}."
        return Problem(_path(descriptor), refused.rule, message)
    return None


def changed_keys(before: Mapping | None, after: Mapping | None) -> list[str]:
    """Keys of ``after`` whose value differs from ``before`` (a removed key is no write to judge)."""

    before = before or {}
    return [key for key, value in (after or {}).items()
            if key not in before or type(before[key]) is not type(value) or before[key] != value]


def descriptors_for(descriptors: Iterable[Mapping], entity_type: str, task_type_id=None) -> list[Mapping]:
    """The descriptors that apply to rows of ``entity_type`` ("Asset" for every asset type; "Task" per task type)."""

    wanted_task_type = str(task_type_id) if task_type_id is not None else None
    return [d for d in descriptors if d.get("entity_type") == entity_type and (
        entity_type != "Task" or (d.get("task_type_id") is not None and str(d["task_type_id"]) == wanted_task_type))]


def _memo(team: Team) -> Team:
    """``team`` asked at most once, however many person values a write holds."""

    if not callable(team):
        return team
    found: list = []

    def once():
        if not found:
            found.append(frozenset(str(member) for member in team()))
        return found[0]
    return once


def check_values(descriptors: Iterable[Mapping], before: Mapping | None, after: Mapping | None, *,
                 strict: bool = False, team: Team = None) -> list[Problem]:
    """The problems of a write of ``data`` from ``before`` to ``after``, judged on the changed keys only.

    ``descriptors`` are those that apply to the row (see ``descriptors_for``).
    Keys no descriptor names are free-form unless ``strict`` (Zou's own keys,
    ``RESERVED_KEYS``, always are).
    """

    if after is not None and not isinstance(after, Mapping):
        return [Problem("data", "object", f"data: {_shown(after)} is not an object.")]
    by_key = {d["field_name"]: d for d in descriptors}
    team = _memo(team)
    problems = []
    for key in changed_keys(before, after):
        descriptor = by_key.get(key)
        if descriptor is None:
            if strict and key not in RESERVED_KEYS:
                problems.append(Problem(f"data.{key}", "unknown", f"data.{key}: no metadata descriptor of this "
                                        "project names this key, and the project accepts only described keys."))
            continue
        problem = check_value(descriptor, after[key], team)
        if problem is not None:
            problems.append(problem)
    return problems


def refusal(problems: list[Problem]) -> BadRequest:
    """The 400 answer for ``problems`` (not empty): the first in the message, all in ``errors``."""

    first = problems[0].message
    more = f" ({len(problems) - 1} more problem(s) in errors)" if len(problems) > 1 else ""
    return BadRequest(first + more, errors=[p.as_error() for p in problems])


# -- JSON Schema, for forms and the OpenAPI document -------------------------------


_CLEARED = [{"type": "null"}, {"const": ""}]


def _forms(descriptor: Mapping, team_ids: Collection[str] | None) -> list[dict]:
    kind = descriptor.get("data_type") or "string"
    choices = _choices(descriptor)
    if kind in ("string", "textarea"):
        return [{"type": "string", "maxLength": STRING_MAX if kind == "string" else TEXTAREA_MAX}]
    if kind == "number":
        return [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]
    if kind == "boolean":
        return [{"type": "boolean"}, {"enum": ["true", "false"]}]
    if kind == "date":
        return [{"type": "string", "format": "date", "pattern": DATE_PATTERN}]
    if kind == "url":
        return [{"type": "string", "format": "uri", "pattern": URL_PATTERN}]
    if kind == "list":
        return [{"enum": choices}] if choices else [{"type": "string"}]
    if kind == "taglist":
        tag = {"enum": choices} if choices else {"type": "string"}
        return [{"type": "array", "items": tag, "uniqueItems": True},
                {"type": "string", "description": "tags separated by commas"}]
    if kind == "checklist":
        items = checklist_items(descriptor)
        text = {"enum": items} if items else {"type": "string"}
        return [
            {"type": "array", "items": {"type": "object", "required": ["text", "checked"],
                                        "additionalProperties": False,
                                        "properties": {"text": text, "checked": {"type": "boolean"}}}},
            {"type": "object", "propertyNames": text, "additionalProperties": {"type": "boolean"}},
            {"type": "string", "contentMediaType": "application/json",
             "description": "a JSON text of {item: true|false}"},
        ]
    if kind == "person":
        person = {"type": "string", "format": "uuid"}
        if team_ids is not None:
            person["enum"] = sorted(str(member) for member in team_ids)
        return [person]
    return [{}]


def value_schema(descriptor: Mapping, team_ids: Collection[str] | None = None) -> dict:
    """The JSON Schema of one descriptor's values (``x-data-type`` keeps the descriptor's type for forms)."""

    return {"title": descriptor.get("name") or descriptor["field_name"],
            "x-data-type": descriptor.get("data_type") or "string",
            "anyOf": _CLEARED + _forms(descriptor, team_ids)}


def data_schema(descriptors: Iterable[Mapping], *, strict: bool = False,
                team_ids: Collection[str] | None = None) -> dict:
    """The JSON Schema of the ``data`` of rows these descriptors apply to."""

    properties = {d["field_name"]: value_schema(d, team_ids) for d in descriptors}
    if strict:
        for key in sorted(RESERVED_KEYS - set(properties)):
            properties[key] = {}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "properties": properties, "additionalProperties": not strict}
