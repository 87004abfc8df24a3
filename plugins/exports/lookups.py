"""Small tables an export reads once: descriptor columns, task types and statuses, entity types, names.

Descriptors come from the ``data_descriptors`` hook (none when the
``metadata`` plugin is disabled), of one entity type, by position then name,
without those whose values the actor may not see (``data_hidden_values``, the
same decision that masks ``data`` in every answer of the engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone

from clapboard.plugins.data.crud.masking import ValueMask, value_mask
from clapboard.plugins.data.models import EntityType, Person, TaskStatus, TaskType

from .batches import raw


@dataclass(frozen=True)
class Descriptor:
    name: str
    field_name: str
    data_type: str

    def cell(self, data: dict):
        """The value as Zou exports it: stored form as is, a boolean as ``true``/``false``."""

        value = data.get(self.field_name, "")
        if self.data_type == "boolean":
            return "true" if str(value).lower() == "true" else "false"
        return value


def descriptors(app, mask: ValueMask | None, project_id, kind: str) -> list[Descriptor]:
    """The ``kind`` descriptor columns of the project the actor may see."""

    answers = app.hook.data_descriptors(app=app, project_ids=[project_id])
    found = [d for answer in answers if answer for d in answer.get(str(project_id), [])]
    hidden = mask.hidden(project_id, kind) if mask is not None else frozenset()
    return [Descriptor(d["name"], d["field_name"], d["data_type"]) for d in found
            if d["entity_type"] == kind and d["field_name"] not in hidden]


def masker(ctx):
    """The actor's ``data`` mask (``None``: every key visible)."""

    return value_mask(ctx.app, ctx.actor)


def task_types(db=None) -> dict:
    """``{task type id: (name, priority)}``; ids as stored when ``db`` is given (to meet raw reads)."""

    query = TaskType.select(TaskType.id, TaskType.name, TaskType.priority)
    found = raw(db, query) if db is not None else query.tuples()
    return {row[0]: (row[1], row[2] or 0) for row in found}


def status_names(column="short_name", db=None) -> dict:
    """``{task status id: short name}`` (or another column); ids as stored when ``db`` is given."""

    query = TaskStatus.select(TaskStatus.id, getattr(TaskStatus, column))
    return dict(raw(db, query) if db is not None else query.tuples())


def entity_type_id(name: str):
    """The id of a reserved entity type ("Shot"…), ``None`` when the studio has none yet (nothing is created)."""

    return EntityType.select(EntityType.id).where(EntityType.name == name).scalar()


def full_name(first_name, last_name) -> str:
    """A person's name as Zou's ``Person.full_name``."""

    first, last = first_name or "", last_name or ""
    return f"{first} {last}" if first and last else f"{first}{last}"


def actor_zone(actor):
    """The time zone of the acting person (Zou dates its exports in it); UTC for the system actor."""

    from zoneinfo import ZoneInfo

    name = None
    if actor is not None and actor.id is not None and actor.kind in ("person", "bot"):
        name = Person.select(Person.timezone).where(Person.id == str(actor.id)).scalar()
    try:
        return ZoneInfo(name or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def local_text(moment, zone) -> str:
    """A stored (naive UTC) date-time in ``zone``, as Zou writes it: ``YYYY-MM-DDTHH:MM:SS``."""

    if moment is None:
        return ""
    return moment.replace(tzinfo=timezone.utc).astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")
