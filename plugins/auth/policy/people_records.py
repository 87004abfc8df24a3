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

from . import membership, targets


def _may_read_task_dates(actor, resource) -> bool:
    if actor.role not in ("manager", "supervisor"):
        return False
    project_id = targets.changes(resource).get("project_id")
    return project_id is None or membership.is_member(actor, project_id)


ACTIONS = {
    "data.persons.read-tasks": lambda actor, resource: targets.is_self(actor, resource) or actor.role != "vendor",
    "data.persons.see-tasks": lambda actor, resource: actor.role not in ("client", "vendor"),
    "data.persons.read-task-dates": _may_read_task_dates,
    "data.persons.read-desktop-logs": lambda actor, resource: (targets.is_self(actor, resource)
                                                               or actor.role == "manager"),
    "data.persons.log-desktop-login": targets.is_self,
    "data.persons.change-departments": targets.nobody,
    "data.persons.clear-avatar": targets.nobody,
    "data.persons.clear-own-avatar": targets.is_self,
    "data.persons.change-avatar": targets.is_self,
    "data.departments.read-equipment": targets.nobody,
    "data.departments.change-equipment": targets.nobody,
}
