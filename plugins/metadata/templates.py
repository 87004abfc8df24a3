"""``data_add_descriptors``: a project template's descriptors created on the project it is applied to.

Applying a template only adds, as in Zou: a descriptor the project already has
(same entity type and name, and task type for task descriptors) is left alone,
and one that cannot be created here (a task descriptor without an existing
task type, a name with no letter or digit) is skipped. Departments that no
longer exist are dropped. Each creation goes through ``data``'s generic
engine, so it is validated, checked and announced (``metadata-descriptor:new``)
like one made through the API.
"""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest, ClapboardError
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.models import Department, TaskType

from .lifecycle import field_name_for
from .models import MetadataDescriptor as md


def _uuid(value) -> uuid.UUID | None:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _body(project_id, snapshot: dict) -> dict | None:
    """The create body for one snapshot entry, or ``None`` when it cannot be created here."""

    name, kind = snapshot.get("name"), snapshot.get("entity_type")
    if not isinstance(name, str) or not name.strip() or not isinstance(kind, str) or not kind:
        return None
    try:
        field_name = field_name_for(name)
    except BadRequest:
        return None
    task_type_id = _uuid(snapshot.get("task_type_id")) if kind == "Task" else None
    if kind == "Task" and (task_type_id is None or not TaskType.select().where(TaskType.id == task_type_id).exists()):
        return None
    existing = md.select().where(md.project == project_id, md.entity_type == kind, md.name == name)
    if kind == "Task":
        existing = existing.where(md.task_type == task_type_id)
    if existing.exists():
        return None
    wanted = [i for i in map(_uuid, snapshot.get("departments") or []) if i is not None]
    departments = [str(i) for (i,) in Department.select(Department.id).where(Department.id.in_(wanted)).tuples()] \
        if wanted else []
    body = {"project_id": str(project_id), "entity_type": kind, "name": name, "field_name": field_name,
            "task_type_id": str(task_type_id) if task_type_id else None,
            "data_type": snapshot.get("data_type") or "string", "choices": snapshot.get("choices") or [],
            "for_client": bool(snapshot.get("for_client")), "departments": departments}
    if isinstance(snapshot.get("position"), int) and not isinstance(snapshot.get("position"), bool):
        body["position"] = snapshot["position"]
    return body


def add_descriptors(app, actor, project_id, descriptors) -> list[dict]:
    ctx = service.Context(app=app, actor=actor)
    created = []
    for snapshot in descriptors or []:
        body = _body(project_id, snapshot) if isinstance(snapshot, dict) else None
        if body is None:
            continue
        try:  # refused values (an unknown data type, a clashing field name) skip the entry, as in Zou
            created.append(service.create_row(ctx, info(md), body, event="metadata-descriptor:new"))
        except ClapboardError:
            continue
    return created
