"""Zou's rules for saved search filters and their groups (the side panel of Kitsu's lists).

A filter or group belongs to the person who saved it. Listing shows one's own
and the ones shared in a production: shared ones reach the production's team
(and admins), only while the production is open; a row tied to a department
shows to its members and to managers and admins only. Only a manager of the
production (or an admin) may share, and asking to share otherwise is
silently turned down, as Zou does. Item routes reach one's own rows, or any
row for an admin; anything else reads as missing (404). The writes both kinds
share (a new row, the changes a body asks, saving them) are here too; the
policy decides each one.
"""

from __future__ import annotations

import uuid

from clapboard.errors import BadRequest, NotFound

from ..actors import require_person
from ..crud import rows
from ..crud.meta import info
from ..crud.service import Target
from ..crud.values import parse_id
from ..engine import many, require
from ..models import Department, DepartmentLink, Project, ProjectPersonLink, SearchFilterGroup
from ..models.base import utcnow
from ..production.projects import open_project_ids
from .me import is_admin

SHARING_MISMATCH = "A search filter should have the same value for is_shared than its search filter group."


def visible(ctx, model, me) -> list:
    """Conditions on ``model`` (filters or groups) for the rows the person's lists show."""

    shared = model.is_shared == True  # noqa: E712
    if not is_admin(ctx):
        shared &= model.project.in_(ProjectPersonLink.select(ProjectPersonLink.project)
                                    .where(ProjectPersonLink.person == me))
    conditions = [(model.person == me) | shared, model.project.is_null() | model.project.in_(open_project_ids())]
    if ctx.actor.role not in ("admin", "manager"):
        departments = DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == me)
        conditions.append(model.department.is_null() | model.department.in_(departments))
    return conditions


def grouped(ctx, model, me) -> dict:
    """``{list_type: {project id or "all": [rows]}}`` as Kitsu reads them (one query): filters in the
    order they were saved, groups newest first (Zou). The context's lists are these too."""

    created = model.created_at.desc() if model is SearchFilterGroup else model.created_at
    found: dict = {}
    for row in many(ctx, model, *visible(ctx, model, me), order_by=(created, model.id)):
        project = str(row["project_id"]) if row.get("project_id") else "all"
        found.setdefault(row["list_type"], {}).setdefault(project, []).append(row)
    return found


def own_row(ctx, model, row_id, me) -> dict:
    """The person's own row (any row for an admin), or a 404."""

    row_id = parse_id(row_id)
    scope = [] if is_admin(ctx) else [model.person == me]
    row = rows.fetch_one(info(model), row_id, False, scope, derived_mode=None)
    if row is None:
        raise NotFound(f"{info(model).type_name} {row_id} not found.")
    return row


def reached(ctx, model, row_id, verb: str) -> dict:
    """The person's own row (any row for an admin) that the policy lets them ``verb``; 404 otherwise."""

    row = own_row(ctx, model, row_id, require_person(ctx))
    require(ctx, model, verb, row=row)
    return row


def fetch(model, row_id) -> dict:
    return rows.fetch_one(info(model), row_id, False, derived_mode=None)


def insert(ctx, model, values: dict) -> dict:
    """Save a new row (``values`` name its ``person`` and ``project``) once the policy agrees; the row."""

    require(ctx, model, "create", changes={"person_id": str(values["person"]), "project_id": values["project"]})
    now = utcnow()
    row_id = uuid.uuid4()
    model.insert(id=row_id, created_at=now, updated_at=now, **values).execute()
    return fetch(model, row_id)


def changes(ctx, model, row: dict, body: dict, keys) -> dict:
    """What a body changes on ``row``: ``keys`` as given, the production and department (404 when
    unknown), the sharing flag (a change turned down when the actor may not share there)."""

    found = {key: body[key] for key in keys if body.get(key) is not None}
    if body.get("project_id") is not None:
        found["project"] = project_id(body["project_id"])
    if body.get("department_id") is not None:
        found["department"] = department_id(body["department_id"])
    if body.get("is_shared") is not None:
        wanted = body["is_shared"]
        if wanted != row["is_shared"] and not may_share(ctx, model, found.get("project", row["project_id"])):
            wanted = False
        found["is_shared"] = wanted
    return found


def save(ctx, model, row: dict, found: dict, now) -> None:
    """Write ``found`` (what ``changes`` answered, perhaps completed) on ``row`` once the policy agrees."""

    require(ctx, model, "update", row=row, changes={k: str(v) if isinstance(v, uuid.UUID) else v
                                                    for k, v in found.items()})
    model.update(updated_at=now, **found).where(model.id == row["id"]).execute()


def may_share(ctx, model, project_id) -> bool:
    """Whether the actor may share a row of ``project_id`` (a production's manager, or an admin)."""

    if project_id is None:
        return False
    target = Target(model, changes={"project_id": project_id})
    return ctx.app.allowed(ctx.actor, f"data.{info(model).path}.share", target)


def existing(model, value, label: str) -> uuid.UUID | None:
    """The id in a body (``None`` stays ``None``) of a row that must exist: 404 otherwise."""

    if value is None:
        return None
    row_id = uuid.UUID(str(value))
    if not model.select().where(model.id == row_id).exists():
        raise NotFound(f"No {label} found with id: {row_id}")
    return row_id


def project_id(value) -> uuid.UUID | None:
    return existing(Project, value, "project")


def department_id(value) -> uuid.UUID | None:
    return existing(Department, value, "department")


def group_for_filter(ctx, group_id, me, is_shared: bool) -> uuid.UUID | None:
    """The group a filter is filed under: one the person's lists show (any, for an admin),
    shared exactly as the filter is (400 otherwise, as in Zou)."""

    if group_id is None:
        return None
    group_id = uuid.UUID(str(group_id))
    query = SearchFilterGroup.select(SearchFilterGroup.is_shared).where(SearchFilterGroup.id == group_id)
    if not is_admin(ctx):
        query = query.where(*visible(ctx, SearchFilterGroup, me))
    found = query.tuples().first()
    if found is None:
        raise NotFound(f"SearchFilterGroup {group_id} not found.")
    if bool(found[0]) != bool(is_shared):
        raise BadRequest(SHARING_MISMATCH)
    return group_id
