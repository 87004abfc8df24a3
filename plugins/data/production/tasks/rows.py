"""How the tasks family serializes what Zou adds around task, comment and person rows.

Task lists of Zou carry denormalized names (``task_type_name``, ``entity_name``…)
and comment answers carry the author and status rows. Each helper here fills
one such addition for a whole list with one query per related table, so every
answer costs a constant number of queries whatever its length.
"""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest, NotFound

from ...crud import rows
from ...crud.meta import info
from ...crud.service import only_keys, visible_keys
from ...engine import ENTITY_KINDS, Context
from ...models import Entity, EntityType, Person, Project, TaskStatus, TaskType


def default_status_id() -> uuid.UUID:
    """The status new tasks start with (Zou's ``is_default`` status, else Todo)."""

    found = (TaskStatus.select(TaskStatus.id).where(TaskStatus.is_default == True)  # noqa: E712
             .order_by(TaskStatus.created_at).scalar())
    if found is None:
        found = TaskStatus.select(TaskStatus.id).where(TaskStatus.short_name == "todo").scalar()
    if found is None:
        raise BadRequest("No default task status is defined.")
    return found


def status_row(status_id) -> dict:
    """A task status as Zou serializes it; 404 when unknown."""

    found = rows.fetch_one(info(TaskStatus), status_id, False, derived_mode=None)
    if found is None:
        raise NotFound(f"TaskStatus {status_id} not found.")
    return found


def persons(ctx: Context, ids, departments: bool = False) -> dict:
    """``{person id: row}`` as the actor may see them (non-admins get a person card)."""

    wanted = [i for i in dict.fromkeys(ids) if i is not None]
    if not wanted:
        return {}
    model_info = info(Person)
    found = rows.fetch_page(model_info, rows.select(model_info).where(Person.id.in_(wanted)), departments)
    visible = visible_keys(ctx, model_info)
    return {row["id"]: only_keys(row, visible) for row in found}


def _names(model, ids) -> dict:
    ids = [i for i in set(ids) if i is not None]
    if not ids:
        return {}
    return dict(model.select(model.id, model.name).where(model.id.in_(ids)).tuples())


def with_names(tasks: list[dict]) -> list[dict]:
    """Add Zou's ``project_name``, ``task_type_name``, ``task_status_name``, ``entity_type_name``, ``entity_name``.

    Assets are named by their asset type ("Character"), as in Zou.
    """

    projects = _names(Project, [t["project_id"] for t in tasks])
    task_types = _names(TaskType, [t["task_type_id"] for t in tasks])
    statuses = _names(TaskStatus, [t["task_status_id"] for t in tasks])
    entities = {}
    entity_ids = list({t["entity_id"] for t in tasks if t.get("entity_id")})
    if entity_ids:
        query = (Entity.select(Entity.id, Entity.name, EntityType.name.alias("kind"))
                 .join(EntityType, on=(Entity.entity_type == EntityType.id))
                 .where(Entity.id.in_(entity_ids)).tuples())
        entities = {entity_id: (name, kind) for entity_id, name, kind in query}
    for task in tasks:
        entity_name, kind = entities.get(task.get("entity_id"), (None, None))
        task["project_name"] = projects.get(task["project_id"])
        task["task_type_name"] = task_types.get(task["task_type_id"])
        task["task_status_name"] = statuses.get(task["task_status_id"])
        task["entity_type_name"] = kind
        task["entity_name"] = entity_name
    return tasks


def with_status_and_type(tasks: list[dict]) -> list[dict]:
    """Add the status and type keys Zou puts on the tasks it has just created."""

    statuses = {s.id: s for s in TaskStatus.select().where(TaskStatus.id.in_({t["task_status_id"] for t in tasks}))}
    task_types = {t.id: t for t in TaskType.select().where(TaskType.id.in_({t["task_type_id"] for t in tasks}))}
    for task in tasks:
        status, task_type = statuses.get(task["task_status_id"]), task_types.get(task["task_type_id"])
        task["task_status_name"] = status.name if status else None
        task["task_status_short_name"] = status.short_name if status else None
        task["task_status_color"] = status.color if status else None
        task["task_type_name"] = task_type.name if task_type else None
        task["task_type_color"] = task_type.color if task_type else None
        task["task_type_priority"] = task_type.priority if task_type else None
    return tasks


def kind_of(entity: dict) -> str:
    """"Asset" for every asset type, else the reserved kind name ("Shot"…)."""

    return entity["type"] if entity["type"] in ENTITY_KINDS else "Asset"


def plain_entity(entity: dict) -> dict:
    """An entity as Zou embeds it in other answers: its columns, typed "Entity"."""

    columns = info(Entity).columns
    found = {key: entity[key] for key in columns if key in entity}
    found["type"] = "Entity"
    return found
