"""Default reference data created by ``clapboard init-db`` (idempotent, like Zou's init-data)."""

from __future__ import annotations

from .models import Department, EntityType, ProjectStatus, TaskStatus, TaskType
from .people.salary_scales import fill_salary_scales

PROJECT_STATUSES = (("Open", "#000000"), ("Closed", "#000000"))

# Reserved entity types (not asset types) followed by the default asset types.
ENTITY_TYPES = ("Episode", "Sequence", "Shot", "Scene", "Edit", "Concept")
ASSET_TYPES = ("Character", "Environment", "Prop", "FX")

DEPARTMENTS = (
    ("Concept", "#8D6E63"), ("Modeling", "#78909C"), ("Shading", "#64B5F6"), ("Rigging", "#9575CD"),
    ("Animation", "#81C784"), ("Layout", "#4DB6AC"), ("FX", "#FF8A65"), ("Lighting", "#FFD54F"),
    ("Compositing", "#E57373"), ("Editing", "#A1887F"),
)

# (name, short name, colour, entity kind, department, priority)
TASK_TYPES = (
    ("Concept", "CON", "#8D6E63", "Asset", "Concept", 1),
    ("Modeling", "MOD", "#78909C", "Asset", "Modeling", 2),
    ("Shading", "SHD", "#64B5F6", "Asset", "Shading", 3),
    ("Rigging", "RIG", "#9575CD", "Asset", "Rigging", 4),
    ("Layout", "LAY", "#4DB6AC", "Shot", "Layout", 1),
    ("Animation", "ANI", "#81C784", "Shot", "Animation", 2),
    ("FX", "FX", "#FF8A65", "Shot", "FX", 3),
    ("Lighting", "LGT", "#FFD54F", "Shot", "Lighting", 4),
    ("Compositing", "CMP", "#E57373", "Shot", "Compositing", 5),
    ("Storyboard", "STB", "#43A047", "Sequence", "Layout", 1),
    ("Edit", "EDT", "#A1887F", "Edit", "Editing", 1),
    ("Episode Edit", "EPE", "#A1887F", "Episode", "Editing", 1),
    ("Concept Art", "CAR", "#8D6E63", "Concept", "Concept", 1),
)

# (name, short name, colour, flags)
TASK_STATUSES = (
    ("Todo", "todo", "#f5f5f5", {"is_default": True}),
    ("Work In Progress", "wip", "#3273dc", {"is_wip": True}),
    ("Waiting For Approval", "wfa", "#ab26ff", {"is_feedback_request": True}),
    ("Retake", "retake", "#ff3860", {"is_retake": True}),
    ("Done", "done", "#22d160", {"is_done": True}),
    ("Ready To Start", "ready", "#fbc02d", {}),
)


def create_default_data() -> None:
    for name, color in PROJECT_STATUSES:
        ProjectStatus.get_or_create(name=name, defaults={"color": color})
    for name in ENTITY_TYPES + ASSET_TYPES:
        EntityType.get_or_create(name=name)
    departments = {}
    for name, color in DEPARTMENTS:
        departments[name], _ = Department.get_or_create(name=name, defaults={"color": color})
    for name, short, color, kind, department, priority in TASK_TYPES:
        TaskType.get_or_create(
            name=name, for_entity=kind, department=departments[department],
            defaults={"short_name": short, "color": color, "priority": priority},
        )
    for name, short, color, flags in TASK_STATUSES:
        TaskStatus.get_or_create(short_name=short, defaults={"name": name, "color": color, **flags})
    fill_salary_scales()
