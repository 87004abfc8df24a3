"""``POST /import/csv/projects/{id}/edits``: edits by episode (TV shows) and name.

Columns as Zou reads them: Episode (TV shows; created when missing, empty
for none), Name, Description, the metadata columns and the task columns. An
edit is found by name within its episode. A non-empty Episode cell outside a
TV show refuses the line (an empty one, as Kitsu's exports write for every
production, is no episode). New edits get a task per edit task type of the project.
"""

from __future__ import annotations

from clapboard.plugins.data.engine import kind_id
from clapboard.plugins.data.models import Entity

from . import cells, entities, tasks
from .descriptors import DescriptorColumns
from .lookups import People
from .parents import Parents
from .project import is_tv_show, require_manager, start
from .reader import CsvError
from .task_columns import TaskColumns, project_task_types

check = require_manager
required = ("Name",)


def run(job) -> list[dict]:
    start(job)
    table, tv = job.table, is_tv_show(job.project)
    edit_type = kind_id("Edit")
    parents, people = Parents(job), People()
    descriptors = DescriptorColumns(job.app, job.project_id, "Edit", table, people)
    task_types = project_task_types(job.project_id, "Edit")
    columns = TaskColumns(task_types, table, people)
    stored = entities.stored_by(
        Entity.select(Entity.id, Entity.data, Entity.parent, Entity.name)
        .where(Entity.project == job.project_id, Entity.entity_type == edit_type), lambda r: (r[2], r[3]))
    plans = entities.Plans(job.update, stored)
    for row in table.rows:
        name, episode_name = cells.name(row, "Name", "An edit name"), row.get("Episode")
        if episode_name and not tv:
            raise CsvError("An episode column is present for a production that isn't a TV Show", row.line_number)
        episode = parents.episode(cells.name(row, "Episode", "An episode")) if episode_name else None
        values = {"description": row.values["Description"]} if table.has("Description") else {}
        plans.take(row.line_number, (episode, name), edit_type, {"name": name, "parent": episode, **values},
                   descriptors.values(row), columns.read(row), episode)
        job.advance()
    parents.write()
    entities.write(job, plans, "edit", lambda plan: {"edit_id": plan.id, "episode_id": plan.episode_id})
    new = [plan.id for plan in plans.unique() if plan.new]
    changes = [(plan.id, change) for plan in plans.unique() for change in plan.tasks]
    task_ids = tasks.ensure(job, [(edit, task_type) for edit in new for task_type, _ in task_types]
                            + [(edit, change.task_type_id) for edit, change in changes], set(new))
    tasks.apply(job, changes, task_ids)
    return entities.answer(plans)
