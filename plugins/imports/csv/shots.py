"""``POST /import/csv/projects/{id}/shots``: shots by episode (TV shows), sequence and name.

Columns as Zou reads them: Episode (TV shows only, required there), Sequence,
Name, Description, Frames or Nb Frames, Frame In or In, Frame Out or Out,
FPS, Resolution, the metadata columns and the task columns. A shot is found
by name within its sequence; episodes and sequences are created when
missing. Frame numbers are stored as numbers; an empty Frames cell clears
the count, empty frame range cells leave the range as it was. New shots get
a task per shot task type of the project.
"""

from __future__ import annotations

from clapboard.plugins.data.engine import kind_id
from clapboard.plugins.data.models import Entity

from . import cells, entities, tasks
from .cells import number, whole
from .descriptors import DescriptorColumns
from .lookups import People
from .parents import Parents
from .project import is_tv_show, require_manager, start
from .task_columns import TaskColumns, project_task_types

check = require_manager


def required(job) -> tuple[str, ...]:
    return ("Episode", "Sequence", "Name") if is_tv_show(job.project) else ("Sequence", "Name")


def _values(row, table) -> tuple[dict, dict]:
    """Column values and ``data`` keys the row sets (only those of the columns present)."""

    line = row.line_number
    values, data = {}, {}
    if table.has("Description"):
        values["description"] = row.values["Description"]
    if table.has("Nb Frames") or table.has("Frames"):
        frames = row.get("Nb Frames", "Frames")
        values["nb_frames"] = whole(frames, line, "Frames") if frames else None
    frame_in, frame_out, fps = row.get("Frame In", "In"), row.get("Frame Out", "Out"), row.get("FPS")
    if frame_in:
        data["frame_in"] = whole(frame_in, line, "Frame In")
    if frame_out:
        data["frame_out"] = whole(frame_out, line, "Frame Out")
    if fps:
        data["fps"] = number(fps, line, "FPS")
    if table.has("Resolution"):
        data["resolution"] = row.get("Resolution") or None  # empty: cleared
    return values, data


def run(job) -> list[dict]:
    start(job)
    table, tv = job.table, is_tv_show(job.project)
    shot_type = kind_id("Shot")
    parents, people = Parents(job), People()
    descriptors = DescriptorColumns(job.app, job.project_id, "Shot", table, people)
    task_types = project_task_types(job.project_id, "Shot")
    columns = TaskColumns(task_types, table, people)
    stored = entities.stored_by(
        Entity.select(Entity.id, Entity.data, Entity.parent, Entity.name)
        .where(Entity.project == job.project_id, Entity.entity_type == shot_type), lambda r: (r[2], r[3]))
    plans = entities.Plans(job.update, stored)
    for row in table.rows:
        line = row.line_number
        name, sequence_name = cells.name(row, "Name", "A shot name"), cells.name(row, "Sequence", "A sequence")
        episode = parents.episode(cells.name(row, "Episode", "An episode")) if tv and row.get("Episode") else None
        sequence = parents.sequence(episode, sequence_name)
        values, data = _values(row, table)
        data.update(descriptors.values(row))
        plans.take(line, (sequence, name), shot_type, {"name": name, "parent": sequence, **values}, data,
                   columns.read(row), episode)
        job.advance()
    parents.write()
    entities.write(job, plans, "shot", lambda plan: {"shot_id": plan.id})
    new = [plan.id for plan in plans.unique() if plan.new]
    changes = [(plan.id, change) for plan in plans.unique() for change in plan.tasks]
    task_ids = tasks.ensure(job, [(shot, task_type) for shot in new for task_type, _ in task_types]
                            + [(shot, change.task_type_id) for shot, change in changes], set(new))
    tasks.apply(job, changes, task_ids)
    return entities.answer(plans)
