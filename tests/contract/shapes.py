"""Comparing two JSON answers by shape, not by value.

``compare(zou_status, zou_body, our_status, our_body)`` returns a sorted list
of differences, each a short stable string so that a test can allow-list an
exact difference with a reason:

- ``status: zou 204, ours 200``
- ``body: zou object, ours array``
- ``missing: <key>`` (Zou has the key, we do not) / ``extra: <key>``
- ``json-type: <key> zou int, ours string`` (null matches any type)
- ``type-value: <key> zou 'Project', ours 'Person'`` (the ``type`` key)
- ``timestamp: <key> ours '2026-11-28T05:38:36.123456'`` (bad date/time format)

Keys are prefixed with where they were found: ``name`` (top-level object),
``[0].name`` (first item of a list), ``data[0].name`` (first item of a page
envelope).
"""

from __future__ import annotations

import re

DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Anything that looks like a date or date-time, whatever its precision or zone.
TIMESTAMPISH = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")

ENVELOPE_KEYS = frozenset({"data", "total", "nb_pages", "limit", "offset", "page"})


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def is_envelope(body) -> bool:
    return isinstance(body, dict) and ENVELOPE_KEYS <= set(body) and isinstance(body.get("data"), list)


def _time_format(value) -> re.Pattern | None:
    if isinstance(value, str):
        if DATETIME.fullmatch(value):
            return DATETIME
        if DATE.fullmatch(value):
            return DATE
    return None


def _compare_object(zou: dict, ours: dict, where: str, diffs: list[str]) -> None:
    for key in sorted(set(zou) - set(ours)):
        diffs.append(f"missing: {where}{key}")
    for key in sorted(set(ours) - set(zou)):
        diffs.append(f"extra: {where}{key}")
    for key in sorted(set(zou) & set(ours)):
        z, o = zou[key], ours[key]
        zt, ot = json_type(z), json_type(o)
        if zt != ot and "null" not in (zt, ot):
            diffs.append(f"json-type: {where}{key} zou {zt}, ours {ot}")
        if key == "type" and z != o:
            diffs.append(f"type-value: {where}{key} zou {z!r}, ours {o!r}")
        wanted = _time_format(z)
        if wanted is not None and isinstance(o, str) and not wanted.fullmatch(o):
            diffs.append(f"timestamp: {where}{key} ours {o!r}")
    # Our own timestamps must be well formed even where Zou had null or no key.
    for key, o in ours.items():
        if key in zou and _time_format(zou[key]) is not None:
            continue
        if isinstance(o, str) and TIMESTAMPISH.fullmatch(o) and _time_format(o) is None:
            diffs.append(f"timestamp: {where}{key} ours {o!r}")


def _compare_list(zou: list, ours: list, where: str, diffs: list[str]) -> None:
    if not zou:
        return  # nothing recorded to compare the items with
    if not ours:
        diffs.append(f"empty: {where}[] ours has no item to compare")
        return
    first_z, first_o = zou[0], ours[0]
    zt, ot = json_type(first_z), json_type(first_o)
    if zt != ot:
        diffs.append(f"json-type: {where}[0] zou {zt}, ours {ot}")
    elif isinstance(first_z, dict):
        _compare_object(first_z, first_o, f"{where}[0].", diffs)


def compare_bodies(zou, ours) -> list[str]:
    diffs: list[str] = []
    zt, ot = json_type(zou), json_type(ours)
    if zt != ot:
        diffs.append(f"body: zou {zt}, ours {ot}")
        return diffs
    if isinstance(zou, list):
        _compare_list(zou, ours, "", diffs)
    elif isinstance(zou, dict):
        if is_envelope(zou):
            _compare_object({k: v for k, v in zou.items() if k != "data"},
                            {k: v for k, v in ours.items() if k != "data"}, "", diffs)
            if isinstance(ours.get("data"), list):
                _compare_list(zou["data"], ours["data"], "data", diffs)
            else:
                diffs.append(f"json-type: data zou array, ours {json_type(ours.get('data'))}")
        else:
            _compare_object(zou, ours, "", diffs)
    return diffs


def compare(zou_status: int, zou_body, our_status: int, our_body) -> list[str]:
    diffs = []
    if zou_status != our_status:
        diffs.append(f"status: zou {zou_status}, ours {our_status}")
    diffs += compare_bodies(zou_body, our_body)
    return sorted(diffs)
