"""Who reads a person's task lists and desktop logs, and who changes departments and avatars.

Admins are allowed before any check runs. The rules follow Zou's persons, tasks and
departments resources, which decide on the global role:

- a person's task lists: anybody, except a vendor asking for someone else's;
  clients and vendors find nothing in them;
- the studio's task dates: supervisors and managers, for productions whose
  team holds them;
- desktop login logs: read by the person and managers, written by the person;
- department membership, another person's avatar, department equipment: admins.
"""

from __future__ import annotations

from clapboard.plugins.data.models import ProjectPersonLink

from . import membership


def _is_self(actor, resource) -> bool:
    row = getattr(resource, "row", None) or {}
    return row.get("id") is not None and str(row["id"]) == actor.id


def _may_read_task_dates(actor, resource) -> bool:
    if actor.role not in ("manager", "supervisor"):
        return False
    project_id = (getattr(resource, "changes", None) or {}).get("project_id")
    return project_id is None or membership.member_projects(actor).where(
        ProjectPersonLink.project == project_id).exists()


def _nobody(actor, resource) -> bool:
    return False


ACTIONS = {
    "data.persons.read-tasks": lambda actor, resource: _is_self(actor, resource) or actor.role != "vendor",
    "data.persons.see-tasks": lambda actor, resource: actor.role not in ("client", "vendor"),
    "data.persons.read-task-dates": _may_read_task_dates,
    "data.persons.read-desktop-logs": lambda actor, resource: _is_self(actor, resource) or actor.role == "manager",
    "data.persons.log-desktop-login": _is_self,
    "data.persons.change-departments": _nobody,
    "data.persons.clear-avatar": _nobody,
    "data.persons.clear-own-avatar": _is_self,
    "data.departments.read-equipment": _nobody,
    "data.departments.change-equipment": _nobody,
}
