"""Where a metadata descriptor's values live, and keeping them in step with the descriptor.

Values are stored under the descriptor's ``field_name`` in the ``data`` of the
rows it describes: the project itself (Project), the tasks of its task type
(Task), or the entities of its kind (every asset type for Asset). Renaming a
descriptor moves the values to the new key, changing its type converts them
(``conversion.py``), deleting it strips them.

Each of these runs inside the request's transaction and costs a fixed number of
statements whatever the number of rows: a rename or a delete is one ``UPDATE``
with the database's JSON functions (``jsonsql.py``), never a read into
Python. A retype needs Python (the conversions and their checks are
``values.py``'s), so it reads the holders' values once (locked on PostgreSQL)
and writes every converted value back in one ``UPDATE … FROM`` over a JSON
document mapping row ids to new values.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

import peewee
from peewee import Cast

from clapboard.db import database, is_sqlite
from clapboard.plugins.data.engine import BadRequest, asset_type_ids
from clapboard.plugins.data.models import Entity, EntityType, Project, Task

from . import jsonsql
from .checks import project_team
from .conversion import convert, needs_conversion
from .models import MetadataDescriptor

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
FAILURES_LISTED = 1_000


def field_name_for(name: str) -> str:
    """The key a descriptor's values are stored under: its name as an ASCII slug joined by ``_``."""

    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("_", text.lower().replace("'", "")).strip("_")
    if not slug:
        raise BadRequest("A metadata descriptor name needs at least one letter or digit.")
    return slug


def _holders(descriptor: dict):
    """The model and the rows whose ``data`` may hold the descriptor's values."""

    project_id, kind = descriptor["project_id"], descriptor["entity_type"]
    if kind == "Project":
        return Project, Project.id == project_id
    if kind == "Task":
        return Task, (Task.project == project_id) & (Task.task_type == descriptor["task_type_id"])
    kinds = asset_type_ids() if kind == "Asset" else EntityType.select(EntityType.id).where(EntityType.name == kind)
    return Entity, (Entity.project == project_id) & Entity.entity_type.in_(kinds)


# -- rename, delete ------------------------------------------------------------------


def _refuse_overwrite(descriptor: dict, new_key: str) -> None:
    """A 400 when rows hold a value under ``new_key`` (a free-form key) besides the descriptor's: a rename
    would replace it, and values are never lost silently."""

    model, where = _holders(descriptor)
    both = model.select(model.id).where(where, jsonsql.holds(model.data, descriptor["field_name"]),
                                        jsonsql.holds(model.data, new_key)).count()
    if both:
        raise BadRequest(f"{both} row(s) already hold a value under {new_key!r} besides {descriptor['field_name']!r}: "
                         f"the rename would replace it. Move or remove those values first.")


def move_values(descriptor: dict, new_key: str) -> int:
    """Move the stored values of ``descriptor`` (as it was) to ``new_key``; how many rows moved.

    Refused (400, nothing written) when a row also holds a value under ``new_key``.
    """

    model, where = _holders(descriptor)
    old_key = descriptor["field_name"]
    if old_key == new_key:
        return 0
    _refuse_overwrite(descriptor, new_key)
    return model.update(data=jsonsql.moved(model.data, old_key, new_key)).where(
        where, jsonsql.holds(model.data, old_key)).execute()


def strip_values(descriptor: dict) -> int:
    """Remove the stored values of ``descriptor`` from every row holding one; how many rows changed."""

    model, where = _holders(descriptor)
    key = descriptor["field_name"]
    return model.update(data=jsonsql.without(model.data, key)).where(where, jsonsql.holds(model.data, key)).execute()


# -- retype ------------------------------------------------------------------------------


@dataclass
class Conversion:
    """What a change of type does (or would do) to the stored values; ``as_dict`` is the dry run's report."""

    descriptor: dict
    dry_run: bool
    holding: int = 0
    converted: int = 0
    unchanged: int = 0
    failures: list = field(default_factory=list)
    new_values: dict = field(default_factory=dict, repr=False)  # row id -> value to store

    def as_dict(self) -> dict:
        listed = sorted(self.failures, key=lambda f: (f["name"] or "", f["id"]))[:FAILURES_LISTED]
        return {"dry_run": self.dry_run, "descriptor": self.descriptor, "holding": self.holding,
                "converted": self.converted, "unchanged": self.unchanged, "failed": len(self.failures),
                "failures": listed}


def _stored(before: dict, key: str, lock: bool):
    """``(id, name, value as JSON text)`` of the rows holding ``key`` (a task is named by its entity)."""

    model, where = _holders(before)
    value = Cast(jsonsql.value_of(model.data, key), "text")
    if model is Task:
        query = (Task.select(Task.id, Entity.name, value).join(Entity, peewee.JOIN.LEFT_OUTER,
                                                                on=(Task.entity == Entity.id)))
    else:
        query = model.select(model.id, model.name, value)
    query = query.where(where, jsonsql.holds(model.data, key))
    if lock and not is_sqlite(database.obj):  # SQLite: the writer holds the whole file already
        query = query.order_by(model.id).for_update(of=model)  # in id order, as crud.writes.lock does
    return model, query.tuples()


def convert_values(before: dict, after: dict, *, key: str | None = None, dry_run: bool = False) -> Conversion:
    """Convert the values of the rows ``before`` describes, stored under ``key``, to what ``after`` says.

    ``key`` defaults to ``after``'s field name (a rename has moved the values
    already); a dry run reads them where they are and writes nothing. Values
    that cannot be converted stay as stored and are listed in ``failures``.
    """

    key = key or after["field_name"]
    model, rows = _stored(before, key, lock=not dry_run)
    report = Conversion(descriptor=after, dry_run=dry_run)
    team = project_team(before["project_id"])
    for row_id, name, text in rows:
        value = json.loads(text)
        outcome = convert(value, before, after, team)
        report.holding += 1
        if outcome.problem is not None:
            report.failures.append({"id": str(row_id), "name": name, "value": value, "message": outcome.problem})
        elif outcome.changed:
            report.converted += 1
            report.new_values[row_id] = outcome.value
        else:
            report.unchanged += 1
    if not dry_run:
        jsonsql.set_each(model, key, report.new_values)
    return report


# -- what a PUT of a descriptor does to the values ----------------------------------------


def dry_run_asked(params) -> bool:
    """``?dry_run=true`` (or ``1``); ``false``, ``0`` or absent: apply. Anything else is refused."""

    raw = params.get("dry_run")
    if raw is None or str(raw).lower() in ("false", "0", ""):
        return False
    if str(raw).lower() in ("true", "1"):
        return True
    raise BadRequest("Parameter 'dry_run' must be true or false.")


def _refuse_clash(descriptor: dict, after: dict) -> None:
    """The 400 the write would meet: the new name (or field name) taken by another descriptor of the kind."""

    md = MetadataDescriptor
    same_task_type = (md.task_type.is_null() if after.get("task_type_id") is None
                      else md.task_type == after["task_type_id"])
    taken = md.select(md.name).where(
        md.project == after["project_id"], md.entity_type == after["entity_type"], same_task_type,
        md.id != descriptor["id"], (md.name == after["name"]) | (md.field_name == after["field_name"])).scalar()
    if taken is not None:
        raise BadRequest(f"Another MetadataDescriptor already has these values: the {after['entity_type']} "
                         f"descriptor {taken!r} takes the name {after['name']!r} or the field name "
                         f"{after['field_name']!r}.")


def preview(descriptor: dict, changes: dict) -> dict:
    """The dry run of a PUT: the descriptor as it would be, and what would become of its stored values."""

    after = {**descriptor, **changes}
    _refuse_clash(descriptor, after)
    if after["field_name"] != descriptor["field_name"]:
        _refuse_overwrite(descriptor, after["field_name"])
    return convert_values(descriptor, after, key=descriptor["field_name"], dry_run=True).as_dict()


def follow(before: dict, after: dict) -> None:
    """Keep the stored values in step with a descriptor changed from ``before`` to ``after``: move, then convert."""

    if after["field_name"] != before["field_name"]:
        move_values(before, after["field_name"])
    if needs_conversion(before, after):
        convert_values(before, after)
