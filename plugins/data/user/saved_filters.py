"""The user's saved search filters and filter groups, grouped as Zou hands them to Kitsu.

``{list type: {project id or "all": [rows]}}``: the user's own rows and the
ones shared with them (the policy's scope: shared rows of their productions),
of open productions or of none. A row tied to a department shows only to
managers, admins and members of that department.
"""

from __future__ import annotations

from ..engine import Context, many
from ..models import DepartmentLink
from .me import open_projects
from .person_only import person_id


def visible_departments(ctx: Context):
    """``None`` when every department's rows show (admins and managers), else the user's departments."""

    if ctx.actor.role in ("admin", "manager"):
        return None
    me = person_id(ctx)
    return {department for (department,) in
            DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == me).tuples()}


def grouped(ctx: Context, model, departments, order_by=()) -> dict:
    """The ``model`` rows (``SearchFilter`` or ``SearchFilterGroup``) the user sees, grouped;
    ``departments`` is what ``visible_departments`` answers (read once for both models)."""

    rows = many(ctx, model, model.project.in_(open_projects()) | model.project.is_null(),
                order_by=(*order_by, model.id))
    found: dict = {}
    for row in rows:
        if departments is not None and row["department_id"] is not None and row["department_id"] not in departments:
            continue
        project = "all" if row["project_id"] is None else str(row["project_id"])
        found.setdefault(row["list_type"], {}).setdefault(project, []).append(row)
    return found
