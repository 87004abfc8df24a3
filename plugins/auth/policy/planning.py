"""Actions beyond CRUD for a production's planning (the projects family).

- ``data.production-schedule-versions.read-task-links``: the tasks' dates
  planned in one schedule version, for the production's team but clients and
  vendors (Zou's rule; the generic task-link list stays with managers).
"""

from __future__ import annotations

from . import membership

PLANNERS = frozenset({"manager", "supervisor", "user"})


def may_read_task_links(actor, resource) -> bool:
    row = getattr(resource, "row", None) or {}
    return membership.effective_role(actor, row.get("project_id")) in PLANNERS


ACTIONS: dict = {
    "data.production-schedule-versions.read-task-links": may_read_task_links,
}
