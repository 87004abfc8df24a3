"""ShotGrid tasks -> tasks of the entity they are on, of their step's task type.

A task is matched by ShotGrid id, then by its natural key (name, project, task
type, entity) when that task has no ShotGrid id yet. Its status is the task
status whose short name is ``sg_status_list`` (the studio's default status for
a new task without one); its assignees are the HumanUsers among
``task_assignees`` (ShotGrid groups have no counterpart and are left out); its
assigner is ``created_by`` when that person was imported. ShotGrid dates
(``YYYY-MM-DD``) are stored at midnight, as Kitsu sends them.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Entity, Task, TaskStatus

from .links import ENTITY_SPACES, Refused, link_ids, own_ids
from .records import find, save

PERSON = "HumanUser"


def prepare_tasks(run, items: list) -> None:
    links = run.links
    links.prefetch("Task", own_ids(items))
    links.prefetch("Project", link_ids(items, "project"))
    links.prefetch("Step", link_ids(items, "step"))
    links.prefetch(PERSON, link_ids(items, "task_assignees", PERSON) + link_ids(items, "created_by", PERSON))
    for space in ENTITY_SPACES:
        links.prefetch(space, link_ids(items, "entity", space))
    run.statuses = dict(TaskStatus.select(TaskStatus.short_name, TaskStatus.id).tuples())
    run.default_status = (TaskStatus.select(TaskStatus.id).where(TaskStatus.is_default == True)  # noqa: E712
                          .order_by(TaskStatus.created_at).scalar())


def _entity(run, link: dict, project_id):
    kind = link.get("type")
    if kind not in ENTITY_SPACES:
        raise Refused(f"Tasks are imported on assets, shots, sequences, episodes and scenes, not on a {kind}.")
    entity_id = run.links.required(kind, link, "entity")
    if Entity.select(Entity.project).where(Entity.id == entity_id).scalar() != project_id:
        raise Refused("The task's entity belongs to another project.")
    return entity_id


def _status(run, code: str | None, creating: bool):
    if code is None:
        return run.default_status if creating else None
    found = run.statuses.get(code)
    if found is None:
        raise Refused(f"No task status has the short name {code!r}: import status first.")
    return found


def _people(run, item: dict):
    """The assignees (``None`` when the item does not list them: they stay as stored) and the assigner."""

    assignees = None if "task_assignees" not in item else []
    for link in item.get("task_assignees") or []:
        if link.get("type", PERSON) == PERSON:
            person = run.links.required(PERSON, link, "assignee")
            if person not in assignees:
                assignees.append(person)
    creator = item.get("created_by")
    assigner = run.links.get(PERSON, creator["id"]) if creator and creator.get("type", PERSON) == PERSON else None
    return assignees, assigner


def _midnight(value: str | None) -> str | None:
    return None if value is None else f"{value}T00:00:00"


def write_task(run, item: dict) -> dict:
    ctx = run.ctx
    name = (item.get("cached_display_name") or item.get("content") or "").strip()
    if not name:
        raise Refused("The task has no name (cached_display_name or content).")
    project_id = run.links.project(item["project"])
    task_type_id = run.links.required("Step", item["step"], "step")
    entity_id = _entity(run, item["entity"], project_id)
    assignees, assigner = _people(run, item)
    known = run.links.get("Task", item["id"])
    current = find(ctx, Task, Task.id == known) if known else find(
        ctx, Task, Task.name == name, Task.project == project_id, Task.task_type == task_type_id,
        Task.entity == entity_id, Task.shotgun_id.is_null())
    values = {"name": name, "shotgun_id": item["id"], "project_id": project_id, "task_type_id": task_type_id,
              "entity_id": entity_id}
    if assignees is not None:
        values["assignees"] = assignees
    status = _status(run, item.get("sg_status_list"), current is None)
    if status is not None:
        values["task_status_id"] = status
    if assigner is not None:
        values["assigner_id"] = assigner
    for key in ("start_date", "due_date"):
        if key in item:
            values[key] = _midnight(item[key])
    if item.get("duration") is not None:
        values["duration"] = item["duration"]
    if item.get("sg_sort_order") is not None:
        values["sort_order"] = item["sg_sort_order"]
    row = save(ctx, Task, current, values)
    run.links.remember("Task", item["id"], row["id"])
    return row
