"""Who reads whose time spent, day offs and quotas, after Zou's persons and projects routes.

Admins are allowed before any of these is asked. For the others:

- another person's time spent (by date or aggregated by period): global
  managers and supervisors only, narrowed to the productions whose team holds
  them and, for a supervisor with departments, to those departments' task
  types (scope ``data.time-spents.read-others``); a ``project_id`` filter
  outside their productions is refused. Everybody reads their own.
- a person's whole time log (``…/time-spents`` with a date range), presence
  logs and a project's budget time: admins only. A month of raw rows:
  oneself only.
- the studio time tables: managers and supervisors get the rows of their
  productions (and departments), anybody else their own rows only.
- day offs: one's own in full; the dates of the persons sharing a production
  where one is manager or supervisor; their descriptions only when manager
  there (scopes ``data.day-offs.read-dates`` / ``read-details``).
- a production's day offs: its team except clients and vendors, descriptions
  of others' for its managers; its task-type time: its managers; its
  per-person quotas: managers and supervisors, or the person themself.
- an entity's time spent: the production's team, vendors only on entities
  holding a task assigned to them.
- quota shots of a person: oneself, or a manager of the named production.
"""

from __future__ import annotations

from clapboard.plugins.data.models import (
    DayOff,
    DepartmentLink,
    ProjectPersonLink,
    Task,
    TaskPersonLink,
    TimeSpent,
)

from . import membership as ms
from . import targets

MANAGING = frozenset({"manager", "supervisor"})
MANAGER = frozenset({"manager"})


def _departments(actor):
    return DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == actor.id)


def colleagues(actor, roles):
    """Subquery: persons in the team of a production where the actor's role is one of ``roles``."""

    link = ProjectPersonLink
    return link.select(link.person).where(link.project.in_(ms.projects_with_role(actor, roles)))


def _others_time(actor):
    """What a manager or supervisor reads of other people's time: their productions (and departments)."""

    tasks = Task.select(Task.id).where(Task.project.in_(ms.member_projects(actor)))
    if actor.role == "supervisor" and _departments(actor).exists():
        tasks = tasks.where(Task.task_type.in_(ms.department_task_types(actor)))
    return TimeSpent.task.in_(tasks)


def may_read_time(actor, resource) -> bool:
    if targets.is_self(actor, resource):
        return True
    if actor.role not in MANAGING:
        return False
    project_id = targets.changes(resource).get("project_id")
    return project_id is None or ms.is_member(actor, project_id)


def may_read_table(actor, resource) -> bool:
    if actor.role not in MANAGING:
        return True  # narrowed to their own rows by the table scope
    changes = targets.changes(resource)
    if changes.get("project_id") is not None and not ms.is_member(actor, changes["project_id"]):
        return False
    department_id = changes.get("department_id")
    if actor.role == "supervisor" and department_id is not None:
        return _departments(actor).where(DepartmentLink.department == department_id).exists()
    return True


def _shares(actor, resource, roles) -> bool:
    if targets.is_self(actor, resource):
        return True
    return colleagues(actor, roles).where(ProjectPersonLink.person == targets.row(resource).get("id")).exists()


def may_read_quota_shots(actor, resource) -> bool:
    project_id = targets.changes(resource).get("project_id")
    role = ms.effective_role(actor, project_id) or actor.role
    if role == "manager":
        return project_id is not None and ms.effective_role(actor, project_id) == "manager"
    return targets.is_self(actor, resource)


def _role_on_project(actor, resource) -> str | None:
    return ms.effective_role(actor, targets.row(resource).get("id"))


def may_read_project_day_offs(actor, resource) -> bool:
    return _role_on_project(actor, resource) not in (None, "client", "vendor")


def _manages_project(actor, resource) -> bool:
    return _role_on_project(actor, resource) == "manager"


def may_read_person_quotas(actor, resource) -> bool:
    if _role_on_project(actor, resource) in MANAGING:
        return True
    return str(targets.changes(resource).get("person_id")) == actor.id


def may_read_entity_time(actor, resource) -> bool:
    entity = targets.row(resource)
    role = ms.effective_role(actor, entity.get("project_id"))
    if role == "vendor":
        return TaskPersonLink.select().join(Task, on=(Task.id == TaskPersonLink.task)).where(
            Task.entity == entity.get("id"), TaskPersonLink.person == actor.id).exists()
    return role is not None


ACTIONS = {
    "data.persons.read-time": may_read_time,
    "data.persons.read-time-log": targets.nobody,
    "data.persons.read-month-time": targets.is_self,
    "data.persons.read-presence-logs": targets.nobody,
    "data.persons.read-day-offs": lambda actor, resource: _shares(actor, resource, MANAGING),
    "data.persons.read-day-off-details": lambda actor, resource: _shares(actor, resource, MANAGER),
    "data.persons.read-quota-shots": may_read_quota_shots,
    "data.time-spents.read-table": may_read_table,
    "data.projects.read-day-offs": may_read_project_day_offs,
    "data.projects.read-day-off-details": _manages_project,
    "data.projects.read-task-type-time": _manages_project,
    "data.projects.read-person-quotas": may_read_person_quotas,
    "data.projects.read-budget-time": targets.nobody,
    "data.entities.read-time": may_read_entity_time,
}

# Row scopes of named reads (``app.scope(actor, model, verb)``), for non-admins.
SCOPES = {
    "data.time-spents.read-others": _others_time,
    "data.time-spents.read-table": lambda actor: (
        _others_time(actor) if actor.role in MANAGING else TimeSpent.person == actor.id),
    "data.day-offs.read-dates": lambda actor: (DayOff.person == actor.id) | DayOff.person.in_(
        colleagues(actor, MANAGING)),
    "data.day-offs.read-details": lambda actor: (DayOff.person == actor.id) | DayOff.person.in_(
        colleagues(actor, MANAGER)),
}
