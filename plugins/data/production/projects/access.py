"""The project a projects-family route acts on, and what it answers after a settings change.

Every route of the family names a project in its path. Reading it needs a
seat in its team (or admin): ``one()`` answers 404 when the project is out of
reach, so outsiders cannot tell a project exists. Changing its team or its
settings is a project update in the policy's terms (managers of the project
and admins), as in Zou where these routes require manager access.
"""

from __future__ import annotations

import uuid

from ...crud import rows
from ...crud.meta import info
from ...engine import Context, emit, one, require
from ...models import DepartmentLink, Project, ProjectPersonLink


def readable_project(ctx: Context, project_id) -> dict:
    """The project's columns, once the actor is known to reach it (404 otherwise)."""

    return one(ctx, Project, project_id, relations=False)


def managed_project(ctx: Context, project_id) -> dict:
    """The project's columns, once the actor is known to manage it (404 out of reach, 403 refused)."""

    project = readable_project(ctx, project_id)
    require(ctx, Project, "update", row=project)
    return project


def plain_project(project_id) -> dict:
    """The project as Zou answers a settings change: its columns only."""

    return rows.fetch_one(info(Project), project_id, with_relations=False, derived_mode=None)


def project_changed(ctx: Context, project_id) -> None:
    """Zou's ``project:update``: clients re-read the project after a team or settings change."""

    emit(ctx, "project:update", {}, project_id)


def effective_roles(ctx: Context, project_ids) -> dict:
    """``{project_id: role}``: the actor's role on each project (a per-project role wins)."""

    actor = ctx.actor
    if actor is None or actor.role == "admin" or actor.id is None:
        return {pid: getattr(actor, "role", None) for pid in project_ids}
    link = ProjectPersonLink
    overrides = dict(link.select(link.project, link.role)
                     .where(link.person == actor.id, link.project.in_(list(project_ids))).tuples())
    return {pid: overrides.get(pid) or actor.role for pid in project_ids}


def actor_departments(ctx: Context) -> set[str]:
    actor = ctx.actor
    if actor is None or actor.id is None:
        return set()
    query = DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == actor.id)
    return {str(department) for (department,) in query.tuples()}


class DescriptorFilter:
    """Which metadata descriptors the actor may see on each project, as Zou narrows them.

    A client (on that project) sees only the descriptors published to clients;
    a vendor only those of their departments or of no department; others all.
    """

    def __init__(self, ctx: Context, project_ids):
        ids = [pid if isinstance(pid, uuid.UUID) else uuid.UUID(str(pid)) for pid in project_ids]
        self.roles = {str(pid): role for pid, role in effective_roles(ctx, ids).items()}
        self.departments = actor_departments(ctx) if "vendor" in self.roles.values() else set()

    def visible(self, project_id, descriptor: dict) -> bool:
        role = self.roles.get(str(project_id))
        if role == "client":
            return bool(descriptor.get("for_client"))
        if role == "vendor":
            departments = {str(d) for d in descriptor.get("departments") or []}
            return not departments or bool(departments & self.departments)
        return True

    def keep(self, project_id, descriptors: list[dict]) -> list[dict]:
        return [d for d in descriptors if self.visible(project_id, d)]
