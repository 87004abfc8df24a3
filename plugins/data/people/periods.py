"""Periods named in paths (a year, a month, an ISO week, a day, a date) as half-open date bounds.

Every period route compares DATE columns with ``start <= date < end`` (or, for
day offs spanning several days, ``date < end AND end_date >= start``), which
reads the same on SQLite and PostgreSQL. A value that names no real period
(month 13, week 53 of a short year, ``2026-02-30``, ``abc``) is Zou's 400.
"""

from __future__ import annotations

from datetime import date, timedelta

from clapboard.errors import BadRequest

from ..crud.values import parse_id

BAD_PERIOD = "Invalid month or year."
BAD_DATE = "Invalid date format."


def _number(value) -> int:
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > 6:
        raise BadRequest(BAD_PERIOD)
    return int(text)


def _checked(build):
    try:
        return build()
    except (ValueError, OverflowError) as exc:
        raise BadRequest(BAD_PERIOD) from exc


def year_bounds(year) -> tuple[date, date]:
    number = _number(year)
    return _checked(lambda: (date(number, 1, 1), date(number + 1, 1, 1)))


def month_bounds(year, month) -> tuple[date, date]:
    y, m = _number(year), _number(month)

    def build():
        start = date(y, m, 1)
        return start, (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1))

    return _checked(build)


def week_bounds(year, week) -> tuple[date, date]:
    """Monday of ISO week ``week`` of ISO year ``year``, and the Monday after."""

    y, w = _number(year), _number(week)

    def build():
        start = date.fromisocalendar(y, w, 1)
        return start, start + timedelta(days=7)

    return _checked(build)


def day_bounds(year, month, day) -> tuple[date, date]:
    y, m, d = _number(year), _number(month), _number(day)

    def build():
        start = date(y, m, d)
        return start, start + timedelta(days=1)

    return _checked(build)


def parse_day(value, message: str = BAD_DATE) -> date:
    """A ``YYYY-MM-DD`` date (400 otherwise)."""

    text = str(value)
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise BadRequest(message) from exc


def parse_month(value) -> tuple[int, int]:
    """``YYYY-MM`` as (year, month) (400 otherwise)."""

    text = str(value)
    parts = text.split("-")
    if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) not in (1, 2):
        raise BadRequest(BAD_PERIOD)
    start, _ = month_bounds(parts[0], parts[1])
    return start.year, start.month


def optional_id(params: dict, name: str):
    """An id given as a query parameter, or ``None`` (400 when malformed)."""

    value = params.get(name)
    if value in (None, ""):
        return None
    return parse_id(value)


def optional_day(params: dict, name: str):
    value = params.get(name)
    if value in (None, ""):
        return None
    return parse_day(value, f"Wrong date format for {value}")
