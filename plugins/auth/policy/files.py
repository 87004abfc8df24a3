"""Publishing files, after Zou's files routes (project and entity access), clients left out.

- ``data.working-files.publish`` (a new working file revision on a task):
  managers, supervisors and artists of the task's production; vendors on the
  tasks assigned to them.
- ``data.output-files.publish`` (a new output file on an entity or asset
  instance): the same team; vendors on the entities holding a task assigned to
  them.
Zou only asks for access to the production (and, for vendors, to the
entity); clients, who review and never produce files, are refused here.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Entity, TaskPersonLink

from . import membership

STAFF = ("manager", "supervisor", "user")


def may_publish_working_file(actor, task: dict) -> bool:
    role = membership.effective_role(actor, task.get("project_id"))
    if role in STAFF:
        return True
    return role == "vendor" and TaskPersonLink.select().where(
        TaskPersonLink.task == task["id"], TaskPersonLink.person == actor.id).exists()


def may_publish_output_file(actor, entity: dict) -> bool:
    role = membership.effective_role(actor, entity.get("project_id"))
    if role in STAFF:
        return True
    return role == "vendor" and Entity.select().where(
        Entity.id == entity["id"], Entity.id.in_(membership.assigned_entities(actor))).exists()


def _on_row(check):
    def decide(actor, resource) -> bool:
        row = getattr(resource, "row", None)
        return row is not None and check(actor, row)

    return decide


ACTIONS = {
    "data.working-files.publish": _on_row(may_publish_working_file),
    "data.output-files.publish": _on_row(may_publish_output_file),
}
