"""Who belongs to which production, and with which effective role.

A team membership (``project_person_link``) may carry a per-project role that
overrides the person's global role for that project; ``admin`` is global only.
"""

from __future__ import annotations

import peewee

from clapboard.plugins.data.models import DepartmentLink, Entity, ProjectPersonLink, Task, TaskPersonLink, TaskType


def member_projects(actor):
    """Subquery: ids of the projects whose team holds the actor."""

    return ProjectPersonLink.select(ProjectPersonLink.project).where(ProjectPersonLink.person == actor.id)


def is_member(actor, project_id) -> bool:
    """Whether the team of ``project_id`` holds the actor."""

    return member_projects(actor).where(ProjectPersonLink.project == project_id).exists()


def projects_with_role(actor, roles):
    """Subquery: projects where the actor's effective role is one of ``roles``."""

    link = ProjectPersonLink
    condition = link.role.in_(list(roles))
    if actor.role in roles:
        condition = condition | link.role.is_null()
    return link.select(link.project).where(link.person == actor.id, condition)


def effective_role(actor, project_id) -> str | None:
    """The actor's role on one project, or ``None`` when not in its team."""

    if project_id is None:
        return None
    link = (ProjectPersonLink.select(ProjectPersonLink.role)
            .where(ProjectPersonLink.person == actor.id, ProjectPersonLink.project == project_id)
            .tuples().first())
    if link is None:
        return None
    return link[0] or actor.role


def has_any_role(actor, roles) -> bool:
    """Whether the actor holds one of ``roles`` globally or on some project."""

    if actor.role in roles:
        return True
    return ProjectPersonLink.select().where(
        ProjectPersonLink.person == actor.id, ProjectPersonLink.role.in_(list(roles))).exists()


def assigned_tasks(actor):
    return TaskPersonLink.select(TaskPersonLink.task).where(TaskPersonLink.person == actor.id)


def assigned_entities(actor):
    return Task.select(Task.entity).where(Task.id.in_(assigned_tasks(actor)))


NON_VENDOR_ROLES = ("manager", "supervisor", "user", "client")


def member_tasks(actor):
    """Tasks the actor reaches: those of productions where they are not a vendor,
    and the ones assigned to them (a vendor's only tasks), per-project roles included."""

    return Task.select(Task.id).where(
        Task.project.in_(projects_with_role(actor, NON_VENDOR_ROLES)) | Task.id.in_(assigned_tasks(actor)))


def member_entities(actor):
    """Entities the actor reaches, by the same rule as tasks; a vendor also reaches the
    sequence and episode above an assigned shot (to find it in the hierarchy)."""

    assigned = assigned_entities(actor)
    parents = Entity.select(Entity.parent).where(Entity.id.in_(assigned))
    grandparents = Entity.select(Entity.parent).where(Entity.id.in_(parents))
    return Entity.select(Entity.id).where(
        Entity.project.in_(projects_with_role(actor, NON_VENDOR_ROLES)) | Entity.id.in_(assigned)
        | Entity.id.in_(parents) | Entity.id.in_(grandparents))


def department_task_types(actor):
    """Task types of the departments the actor belongs to."""

    departments = DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == actor.id)
    return TaskType.select(TaskType.id).where(TaskType.department.in_(departments))


def project_of_task(task_id):
    if task_id is None:
        return None
    return Task.select(Task.project).where(Task.id == task_id).scalar()


def project_of_entity(entity_id):
    if entity_id is None:
        return None
    return Entity.select(Entity.project).where(Entity.id == entity_id).scalar()


__all__ = ["peewee"]
