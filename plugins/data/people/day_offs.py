"""Day offs of a person (all, one date, an ISO week, a month, a year) and of everybody for a month.

A day off runs from ``date`` to ``end_date`` (both included): it belongs to a
period when it overlaps it, so a holiday from Friday to Monday shows in both
weeks. Who reads what is the policy's (``people_time``): oneself in full,
colleagues' dates when one manages or supervises a production they are in,
their descriptions when one manages it, admins everything. A reader who may
see only the dates gets the rows without ``description``.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..crud import rows
from ..crud.meta import info
from ..crud.service import Target
from ..engine import context
from ..models import DayOff, Person
from . import periods, subjects

LIST = "data/day-offs#/$defs/list"


def overlapping(start, end) -> list:
    """Day offs overlapping ``[start, end)``."""

    return [DayOff.date < end, DayOff.end_date >= start]


def fetch(*conditions) -> list[dict]:
    query = rows.select(info(DayOff)).where(*conditions).order_by(DayOff.date, DayOff.person)
    return rows.fetch_page(info(DayOff), query, False)


def dates_only(row: dict) -> dict:
    return {key: value for key, value in row.items() if key != "description"}


def _reader(ctx, person_id) -> tuple[dict, bool]:
    """The person, once the actor may read their day offs, and whether descriptions are shown."""

    person = subjects.person(ctx, person_id)
    subjects.require_on(ctx, "read-day-offs", person)
    detailed = ctx.app.allowed(ctx.actor, "data.persons.read-day-off-details", Target(Person, row=person))
    return person, detailed


class PersonDayOffs:
    """GET a person's day offs; ``bounds`` (path values -> dates) picks a period, none: all of them."""

    def __init__(self, bounds=None):
        self.bounds = bounds

    def on_get(self, req, resp, person_id, **period):
        ctx = context(req)
        person, detailed = _reader(ctx, person_id)
        window = overlapping(*self.bounds(**period)) if self.bounds else []
        found = fetch(DayOff.person == person["id"], *window)
        resp.media = found if detailed else [dates_only(row) for row in found]


class PersonDayOff:
    """GET ``/data/persons/<id>/day-offs/<date>``: the day off covering that date, or ``{}``."""

    def on_get(self, req, resp, person_id, date):
        ctx = context(req)
        person, detailed = _reader(ctx, person_id)
        day = periods.parse_day(date)
        found = fetch(DayOff.person == person["id"], DayOff.date <= day, DayOff.end_date >= day)
        row = found[0] if found else {}
        resp.media = row if detailed or not row else dates_only(row)


class MonthDayOffs:
    """GET ``/data/persons/day-offs/<year>/<month>``: everybody's day offs the actor may read."""

    def on_get(self, req, resp, year, month):
        ctx = context(req)
        window = overlapping(*periods.month_bounds(year, month))
        found = fetch(*window, *ctx.app.scope(ctx.actor, DayOff, "read-dates"))
        details = ctx.app.scope(ctx.actor, DayOff, "read-details")
        if details and found:
            full = {row_id for (row_id,) in DayOff.select(DayOff.id).where(*window, *details).tuples()}
            found = [row if row["id"] in full else dates_only(row) for row in found]
        resp.media = found


def routes() -> list[Route]:
    base = "/data/persons/{person_id}/day-offs"
    note = ("Oneself and admins get the whole rows; managers and supervisors of a production the person "
            "works on get the dates (managers the descriptions too). A day off counts in every period it "
            "overlaps.")

    def get(summary, schema=LIST):
        return {"GET": Operation(summary=summary, description=note, response_schema=schema)}

    return [
        Route(base, PersonDayOffs(), tags=("data",), operations=get("A person's day offs")),
        Route(base + "/{date}", PersonDayOff(), tags=("data",), operations=get(
            "The day off of a person covering a date (an empty object when none)",
            "data/people/time#/$defs/day_off_or_empty")),
        Route(base + "/week/{year}/{week}", PersonDayOffs(periods.week_bounds), tags=("data",),
              operations=get("A person's day offs overlapping an ISO week")),
        Route(base + "/month/{year}/{month}", PersonDayOffs(periods.month_bounds), tags=("data",),
              operations=get("A person's day offs overlapping a month")),
        Route(base + "/year/{year}", PersonDayOffs(periods.year_bounds), tags=("data",),
              operations=get("A person's day offs overlapping a year")),
        Route("/data/persons/day-offs/{year}/{month}", MonthDayOffs(), tags=("data",), operations=get(
            "Day offs overlapping a month, of everybody the actor may read")),
    ]
