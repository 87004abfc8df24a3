"""``POST /import/csv/projects/{id}/assets``: assets by asset type and name.

Columns as Zou reads them: Type, Name, Episode (TV shows: the episode the
asset first appears in, created when missing; empty or "MP", the main pack,
means none), Description, Ready for (a shot task type of the project),
Resolution, the metadata columns and the task columns. An asset is found by
name and asset type in the project. Every asset the file names gets the
tasks of its workflow it lacks, updated or not: re-importing a file is how
Kitsu repairs assets missing their tasks. An Episode column outside a TV
show refuses the line; without the column, an updated asset keeps its episode.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Entity, EntityType

from . import cells, entities, tasks
from .asset_types import AssetTypes
from .descriptors import DescriptorColumns
from .lookups import People
from .parents import Parents
from .project import is_tv_show, require_manager, start
from .reader import CsvError
from .task_columns import TaskColumns, project_task_types

check = require_manager
required = ("Name", "Type")
MAIN_PACK = "MP"


def _episode(job, parents: Parents, row):
    name = row.get("Episode")
    if not name or name == MAIN_PACK:
        return None
    if not is_tv_show(job.project):
        raise CsvError("An episode column is present for a production that isn't a TV Show", row.line_number)
    return parents.episode(cells.name(row, "Episode", "An episode"))


class ReadyFor:
    """"Ready for": the name of one of the project's shot task types, or empty for none."""

    def __init__(self, project_id):
        self.by_name = {name: task_type for task_type, name in project_task_types(project_id, "Shot")}

    def find(self, name: str, line: int):
        if not name:
            return None
        if name not in self.by_name:
            raise CsvError(f"Task type not found for {name}", line)
        return self.by_name[name]


def _values(row, table, ready_for: ReadyFor) -> tuple[dict, dict]:
    values, data = {}, {}
    if table.has("Description"):
        values["description"] = row.values["Description"]
    if table.has("Ready for"):
        values["ready_for_task_type"] = ready_for.find(row.get("Ready for"), row.line_number)
    if table.has("Resolution"):
        data["resolution"] = row.get("Resolution") or None  # empty: cleared
    return values, data


def run(job) -> list[dict]:
    start(job)
    table = job.table
    parents, people, types = Parents(job), People(), AssetTypes(job)
    descriptors = DescriptorColumns(job.app, job.project_id, "Asset", table, people)
    task_types = project_task_types(job.project_id, "Asset")
    columns, ready_for = TaskColumns(task_types, table, people), ReadyFor(job.project_id)
    stored = entities.stored_by(
        Entity.select(Entity.id, Entity.data, Entity.entity_type, Entity.name)
        .where(Entity.project == job.project_id, Entity.entity_type.in_(list(types.studio.values()))),
        lambda r: (r[2], r[3]))
    plans = entities.Plans(job.update, stored)
    for row in table.rows:
        name = cells.name(row, "Name", "An asset name")
        type_name = cells.name(row, "Type", "An asset type", EntityType.name)
        asset_type, episode = types.find(type_name, row.line_number), _episode(job, parents, row)
        values, data = _values(row, table, ready_for)
        if table.has("Episode"):
            values["source"] = episode
        data.update(descriptors.values(row))
        plans.take(row.line_number, (asset_type, name), asset_type,
                   {"name": name, "entity_type": asset_type, **values}, data, columns.read(row), episode)
        job.advance()
    types.write()
    parents.write()
    entities.write(job, plans, "asset", lambda plan: {"asset_id": plan.id, "episode_id": plan.episode_id})
    workflow = types.workflow(task_types)
    every = plans.unique()
    changes = [(plan.id, change) for plan in every for change in plan.tasks]
    task_ids = tasks.ensure(job, [(plan.id, task_type) for plan in every for task_type in
                                  workflow.get(plan.entity_type_id, [])]
                            + [(asset, change.task_type_id) for asset, change in changes],
                            {plan.id for plan in every if plan.new})
    tasks.apply(job, changes, task_ids)
    return entities.answer(plans)
