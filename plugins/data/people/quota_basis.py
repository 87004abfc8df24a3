"""What quota computations share: the count mode, the reader's timezone, business days, shot tasks.

A shot counts as done at its first feedback request (the task's ``end_date``)
or, in the ``…done`` modes, at its approval (``done_date``). "Weighted" modes
spread a shot over the time logged on it (or, with no time logged, over the
business days between the work start and the end date); "raw" modes count it
whole on the end date. End dates are UTC instants: they are read in the
reader's timezone to find their local day, as Zou does; time spent dates are
plain calendar days already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from clapboard.errors import BadRequest

from ..models import Entity, EntityType, Person, Project, Task, TaskPersonLink

COUNT_MODES = ("weighted", "weighteddone", "feedback", "done")
DEFAULT_TIMEZONE = "Europe/Paris"


@dataclass(frozen=True)
class Mode:
    weighted: bool
    feedback: bool  # count at the feedback request (end_date), else at approval (done_date)

    @property
    def end_column(self):
        return Task.end_date if self.feedback else Task.done_date


def count_mode(params: dict) -> Mode:
    value = params.get("count_mode") or "weighted"
    if value not in COUNT_MODES:
        raise BadRequest("count_mode must be equal to weighted, weigtheddone, feedback, or done")
    return Mode(weighted="weighted" in value, feedback="done" not in value)


def reader_timezone(ctx) -> ZoneInfo:
    name = None
    if ctx.actor is not None and ctx.actor.id is not None:
        name = Person.select(Person.timezone).where(Person.id == ctx.actor.id).scalar()
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def local_day(value, zone: ZoneInfo) -> date:
    """The local calendar day of a UTC instant (a plain date stays as it is)."""

    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc).astimezone(zone).date()
    return value


def to_utc(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive local time as a naive UTC instant."""

    return value.replace(tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def business_days(start, end) -> int:
    """Weekdays after ``start`` up to ``end`` (whole days), as Zou counts them."""

    return sum(1 for n in range((end - start).days) if (start + timedelta(days=n + 1)).weekday() < 5)


def fps(project_id) -> float:
    value = Project.select(Project.fps).where(Project.id == project_id).scalar()
    try:
        return float(value) or 25.0
    except (TypeError, ValueError):
        return 25.0


def shot_task_conditions(project_id, mode: Mode, task_type_id=None, studio_id=None) -> list:
    """Tasks of the production's shots that reached their end (feedback or approval)."""

    shot_type = EntityType.select(EntityType.id).where(EntityType.name == "Shot")
    found = [Task.project == project_id, Entity.entity_type.in_(shot_type), mode.end_column.is_null(False)]
    if task_type_id is not None:
        found.append(Task.task_type == task_type_id)
    if studio_id is not None:
        in_studio = Person.select(Person.id).where(Person.studio == studio_id)
        found.append(Task.id.in_(TaskPersonLink.select(TaskPersonLink.task).where(
            TaskPersonLink.person.in_(in_studio))))
    return found
