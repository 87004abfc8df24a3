"""Presence logs: a CSV table of the days each active person logged in from a desktop app (admins).

Zou's layout: a first row holding the year then the days of the month, then
one row per active person (by first then last name): the full name, then
``X`` on the days with a desktop login log. ``;`` separates the cells. Two
queries whatever the number of people or logs.
"""

from __future__ import annotations

import csv
import io
from calendar import monthrange
from datetime import datetime, time

from clapboard import Operation, Route

from ..engine import context, require
from ..models import DesktopLoginLog, Person
from . import periods


def presence_table(year: int, month: int) -> list[list[str]]:
    start, end = (datetime.combine(day, time()) for day in periods.month_bounds(year, month))
    days = monthrange(year, month)[1]
    people = (Person.select(Person.id, Person.first_name, Person.last_name).where(Person.active == True)  # noqa: E712
              .order_by(Person.first_name, Person.last_name).tuples())
    logged: dict = {}
    query = (DesktopLoginLog.select(DesktopLoginLog.person, DesktopLoginLog.date)
             .where(DesktopLoginLog.date >= start, DesktopLoginLog.date < end).tuples())
    for person_id, when in query:
        logged.setdefault(person_id, set()).add(when.day)
    table = [[str(year)] + [str(day) for day in range(1, days + 1)]]
    for person_id, first_name, last_name in people:
        present = logged.get(person_id, set())
        full_name = f"{first_name} {last_name}".strip()
        table.append([full_name] + ["X" if day in present else "" for day in range(1, days + 1)])
    return table


def as_csv(table: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(table)
    return buffer.getvalue()


class PresenceLogs:
    def on_get(self, req, resp, month_date):
        ctx = context(req)
        require(ctx, Person, "read-presence-logs")
        year, month = periods.parse_month(month_date)
        resp.content_type = "text/csv"
        resp.set_header("Content-Disposition", "attachment; filename=kitsu_export.csv")
        resp.text = as_csv(presence_table(year, month))


def routes() -> list[Route]:
    return [Route("/data/persons/presence-logs/{month_date}", PresenceLogs(), tags=("data",), operations={
        "GET": Operation(summary="Desktop logins per person and day of a month, as CSV (admins)",
                         description="`month_date` is `YYYY-MM`. Cells are separated by `;`; an `X` marks a "
                                     "day with a desktop login.",
                         content_type="text/csv")})]
