"""Where a metadata descriptor's values live, and keeping them in step with the descriptor.

Values are stored under the descriptor's ``field_name`` in the ``data`` of the
rows it describes: the project itself (Project), the tasks of its task type
(Task), or the entities of its kind (every asset type for Asset). Renaming a
descriptor moves the values to the new key; deleting it strips them (§8).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

from clapboard.plugins.data.engine import BadRequest, asset_type_ids
from clapboard.plugins.data.models import Entity, EntityType, Project, Task

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_WRITE_BATCH = 200


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


def _rewrite(descriptor: dict, change: Callable[[dict], None]) -> int:
    """Apply ``change`` to the ``data`` of every holder that has the descriptor's key; how many changed."""

    model, where = _holders(descriptor)
    key = descriptor["field_name"]
    changed = []
    for row_id, data in model.select(model.id, model.data).where(where, model.data.is_null(False)).tuples():
        if isinstance(data, dict) and key in data:
            data = dict(data)
            change(data)
            changed.append(model(id=row_id, data=data))
    if changed:
        model.bulk_update(changed, fields=[model.data], batch_size=_WRITE_BATCH)
    return len(changed)


def move_values(descriptor: dict, new_key: str) -> int:
    """Move the stored values of ``descriptor`` (as it was) to ``new_key``."""

    old_key = descriptor["field_name"]

    def rename(data: dict) -> None:
        data[new_key] = data.pop(old_key)

    return _rewrite(descriptor, rename)


def strip_values(descriptor: dict) -> int:
    """Remove the stored values of ``descriptor`` from every row holding one."""

    key = descriptor["field_name"]
    return _rewrite(descriptor, lambda data: data.pop(key, None))
