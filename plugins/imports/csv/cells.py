"""Numbers in cells: a bad one refuses its line, naming the column (never a 500, never stored as text)."""

from __future__ import annotations

import math

from .reader import CsvError


def number(value: str, line: int, label: str) -> int | float:
    """A number as a spreadsheet writes it ("25", "23.976", "1001.0"): an int when it is whole."""

    try:
        found = float(value.strip().replace(",", ".")) if value.count(",") == 1 and "." not in value \
            else float(value.strip())
    except ValueError:
        found = math.nan
    if not math.isfinite(found):
        raise CsvError(f"A value is invalid: {label}: {value!r} is not a number.", line)
    return int(found) if found.is_integer() and abs(found) < 2 ** 53 else found


def whole(value: str, line: int, label: str) -> int:
    """A whole number (frames), within what the database holds."""

    found = number(value, line, label)
    if not isinstance(found, int) or abs(found) >= 2 ** 31:
        raise CsvError(f"A value is invalid: {label}: {value!r} is not a whole number.", line)
    return found


def name(row, column: str, what: str, field=None) -> str:
    """The non-empty name a row gives in ``column``, no longer than ``field`` holds (SQLite would keep a
    longer one that PostgreSQL refuses: both refuse the line)."""

    from clapboard.plugins.data.models import Entity

    value = row.get(column)
    if not value:
        raise CsvError(f"{what} is required in the {column} column.", row.line_number)
    limit = (field or Entity.name).max_length
    if len(value) > limit:
        raise CsvError(f"A value is invalid: {column}: longer than {limit} characters.", row.line_number)
    return value
