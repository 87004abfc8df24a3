"""ShotGrid projects -> projects; their workflow: steps -> task types, statuses -> task statuses.

A project is matched by ShotGrid id, then by name (a project of that name with
no ShotGrid id is adopted). ``sg_status`` names its status, created when
missing; its other custom fields (``sg_*``) join its ``data``.

A step becomes a task type in the department named by the first word of its
code (created with the step's colour), as Zou does; a status becomes a task
status keyed by its code. Both are matched by ShotGrid id, then by their
natural key when that row has no ShotGrid id yet (a default "Animation" task
type, a default "wip" status are adopted).
"""

from __future__ import annotations

from clapboard.plugins.data.models import Project, ProjectStatus, TaskStatus, TaskType

from .links import Refused, own_ids
from .people import department_id
from .records import custom_fields, find, merged_data, save

STATUS_COLOR = "#000000"


def rgb_to_hex(text: str | None) -> str:
    """ShotGrid's ``"r,g,b"`` as ``#rrggbb`` (black when unset)."""

    parts = [int(part) for part in (text or "0,0,0").split(",")]
    if any(part > 255 for part in parts):
        raise Refused(f"The colour {text!r} is not r,g,b with each part from 0 to 255.")
    return "#" + "".join(f"{part:02x}" for part in parts)


def _project_status_id(ctx, name: str):
    found = find(ctx, ProjectStatus, ProjectStatus.name == name)
    if found is None:
        found = save(ctx, ProjectStatus, None, {"name": name, "color": STATUS_COLOR})
    return found["id"]


def prepare_projects(run, items: list) -> None:
    run.links.prefetch("Project", own_ids(items))


def write_project(run, item: dict) -> dict:
    ctx = run.ctx
    known = run.links.get("Project", item["id"])
    current = find(ctx, Project, Project.id == known) if known else None
    if current is None:
        current = find(ctx, Project, Project.name == item["name"])
        if current is not None and current.get("shotgun_id") not in (None, item["id"]):
            raise Refused(f"The project {item['name']!r} was imported from another ShotGrid project "
                          f"({current['shotgun_id']}).")
    values = {"name": item["name"], "shotgun_id": item["id"],
              "data": merged_data(current, custom_fields(item, ("sg_status",)))}
    if item.get("sg_status"):
        values["project_status_id"] = _project_status_id(ctx, item["sg_status"])
    row = save(ctx, Project, current, values)
    run.links.remember("Project", item["id"], row["id"])
    return row


def prepare_steps(run, items: list) -> None:
    run.links.prefetch("Step", own_ids(items))


def write_step(run, item: dict) -> dict:
    ctx = run.ctx
    color = rgb_to_hex(item.get("color"))
    name = item["code"].strip()
    for_entity = item.get("entity_type") or "Asset"
    department = department_id(ctx, name.split()[0], color)
    known = run.links.get("Step", item["id"])
    current = find(ctx, TaskType, TaskType.id == known) if known else None
    if current is None:
        current = find(ctx, TaskType, TaskType.name == name, TaskType.for_entity == for_entity,
                       TaskType.shotgun_id.is_null())
    values = {"name": name, "for_entity": for_entity, "department_id": department, "shotgun_id": item["id"],
              "color": color}
    if "short_name" in item:
        values["short_name"] = item["short_name"] or ""
    if current is not None and find(ctx, TaskType, TaskType.name == name, TaskType.for_entity == for_entity,
                                    TaskType.department == department, TaskType.id != current["id"]):
        for key in ("name", "for_entity", "department_id"):  # another task type holds them: keep ours (Zou)
            del values[key]
    row = save(ctx, TaskType, current, values)
    run.links.remember("Step", item["id"], row["id"])
    return row


def prepare_statuses(run, items: list) -> None:
    """Statuses are few: nothing to read ahead."""


def write_status(run, item: dict) -> dict:
    ctx = run.ctx
    current = find(ctx, TaskStatus, TaskStatus.shotgun_id == item["id"])
    if current is None:
        current = find(ctx, TaskStatus, TaskStatus.short_name == item["code"])
        if current is not None and current.get("shotgun_id") not in (None, item["id"]):
            raise Refused(f"The status code {item['code']!r} belongs to another ShotGrid status "
                          f"({current['shotgun_id']}).")
    values = {"name": item["name"], "short_name": item["code"], "shotgun_id": item["id"],
              "color": rgb_to_hex(item.get("bg_color"))}
    return save(ctx, TaskStatus, current, values)
