"""The work assigned to the person behind a ``/data/user/…`` request.

Zou serves the current user's views to persons only (``actors.require_person``; the
route-level ``data.user.read`` action refuses bots too). "The user's work" is
what Zou's user service lists: tasks assigned to them in open productions,
narrowed to the productions whose team holds them, and always to what the
policy lets them reach.
"""

from __future__ import annotations

from ..actors import require_person
from ..engine import Context
from ..models import ProjectPersonLink, Task, TaskPersonLink
from ..production.projects import open_project_ids

READ = "data.user.read"


def is_admin(ctx: Context) -> bool:
    return ctx.actor is not None and ctx.actor.role == "admin"


def team_projects(person):
    """Subquery: the productions whose team holds ``person``."""

    return ProjectPersonLink.select(ProjectPersonLink.project).where(ProjectPersonLink.person == person)


def projects_as(ctx: Context, role: str):
    """Subquery: the productions where the user's role is ``role`` (a per-project role wins
    over their studio role)."""

    link = ProjectPersonLink
    condition = link.role == role
    if ctx.actor.role == role:
        condition = condition | link.role.is_null()
    return link.select(link.project).where(link.person == require_person(ctx), condition)


def assigned_tasks(person):
    return TaskPersonLink.select(TaskPersonLink.task).where(TaskPersonLink.person == person)


def my_tasks(ctx: Context, team: bool = True) -> list:
    """Conditions on ``Task``: assigned to the user, in an open production (of their team when
    ``team``), within the policy's task scope."""

    me = require_person(ctx)
    conditions = [Task.id.in_(assigned_tasks(me)), Task.project.in_(open_project_ids())]
    if team:
        conditions.append(Task.project.in_(team_projects(me)))
    return conditions + ctx.app.scope(ctx.actor, Task, "read")


def my_entity_tasks(ctx: Context) -> list:
    """``my_tasks`` as the entity views use them: an admin's are not limited to their teams (Zou)."""

    return my_tasks(ctx, team=not is_admin(ctx))
