"""Task actions beyond CRUD, after Zou's task action access rules.

- ``data.tasks.comment`` (comment, change status, add a preview): managers of
  the project; supervisors on tasks of their departments or assigned to them;
  artists and vendors on tasks assigned to them (artists also on entities they
  created); clients on their productions. Artists may only set statuses flagged
  ``is_artist_allowed``, clients those flagged ``is_client_allowed``.
- ``data.tasks.assign``: managers; supervisors assign people of their
  departments to tasks of their departments; artists assign themselves to tasks
  of their departments.
- ``data.tasks.time-spent``: managers for any person; others for themselves on
  tasks assigned to them.
- ``data.tasks.set-main-preview``: the production's team but clients; vendors
  on entities of their tasks.
- ``data.tasks.annotate`` (a preview's annotations): managers and clients;
  supervisors on tasks of their departments (or any, with no department).
"""

from __future__ import annotations

from clapboard.plugins.data.models import DepartmentLink, Entity, Task, TaskPersonLink, TaskStatus, TaskType

from . import membership


def _assigned(actor, task_id) -> bool:
    return TaskPersonLink.select().where(TaskPersonLink.task == task_id, TaskPersonLink.person == actor.id).exists()


def _in_my_departments(actor, task_type_id) -> bool:
    return membership.department_task_types(actor).where(TaskType.id == task_type_id).exists()


def _status_allowed(role: str, status_id) -> bool:
    if not status_id:
        return True
    flags = TaskStatus.select(TaskStatus.is_artist_allowed, TaskStatus.is_client_allowed).where(
        TaskStatus.id == status_id).tuples().first()
    if flags is None:
        return True  # an unknown status is refused later as a 404/400
    artist_ok, client_ok = flags
    if role == "client":
        return bool(client_ok)
    if role in ("user", "vendor"):
        return bool(artist_ok)
    return True


def may_comment(actor, task: dict, changes: dict | None) -> bool:
    role = membership.effective_role(actor, task.get("project_id"))
    if role is None:
        return False
    if not _status_allowed(role, (changes or {}).get("task_status_id")):
        return False
    if role == "manager" or role == "client":
        return True
    if role == "supervisor":
        return _in_my_departments(actor, task.get("task_type_id")) or _assigned(actor, task["id"])
    if role == "user":
        if _assigned(actor, task["id"]):
            return True
        creator = Entity.select(Entity.creator).where(Entity.id == task.get("entity_id")).scalar()
        return creator is not None and str(creator) == actor.id
    if role == "vendor":
        return _assigned(actor, task["id"])
    return False


def may_assign(actor, task: dict, changes: dict | None) -> bool:
    role = membership.effective_role(actor, task.get("project_id"))
    person = str((changes or {}).get("person_id") or "")
    if role == "manager":
        return True
    if role not in ("supervisor", "user") or not _in_my_departments(actor, task.get("task_type_id")):
        return False
    if role == "user":
        return person == actor.id
    mine = DepartmentLink.select(DepartmentLink.department).where(DepartmentLink.person == actor.id)
    return DepartmentLink.select().where(DepartmentLink.person == person, DepartmentLink.department.in_(mine)).exists()


def may_log_time(actor, task: dict, changes: dict | None) -> bool:
    role = membership.effective_role(actor, task.get("project_id"))
    if role is None:
        return False
    if role == "manager":
        return True
    return str((changes or {}).get("person_id") or actor.id) == actor.id and _assigned(actor, task["id"])


def may_set_main_preview(actor, task: dict, changes: dict | None) -> bool:
    """Zou: the production's team and the vendors reaching the entity; never clients."""

    role = membership.effective_role(actor, task.get("project_id"))
    if role is None or role == "client":
        return False
    if role == "vendor":
        return Entity.select().where(Entity.id == task.get("entity_id"),
                                     Entity.id.in_(membership.assigned_entities(actor))).exists()
    return True


def may_annotate(actor, task: dict, changes: dict | None) -> bool:
    """Zou: managers and clients of the production; supervisors of the task's department (or of none)."""

    role = membership.effective_role(actor, task.get("project_id"))
    if role in ("manager", "client"):
        return True
    if role != "supervisor":
        return False
    has_departments = DepartmentLink.select().where(DepartmentLink.person == actor.id).exists()
    return not has_departments or _in_my_departments(actor, task.get("task_type_id"))


def _on_task(check):
    """A task action is decided on the task row (``resource.row``) and the body (``resource.changes``)."""

    def decide(actor, resource) -> bool:
        row = getattr(resource, "row", None)
        return row is not None and check(actor, row, getattr(resource, "changes", None))

    return decide


ACTIONS = {f"data.tasks.{verb}": _on_task(check)
           for verb, check in (("comment", may_comment), ("assign", may_assign), ("time-spent", may_log_time),
                               ("set-main-preview", may_set_main_preview), ("annotate", may_annotate))}


__all__ = ["ACTIONS", "Task"]
