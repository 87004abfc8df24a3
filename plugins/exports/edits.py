"""``GET /export/csv/projects/{id}/edits.csv``: a production's edits, as Zou's ``EditsCsvExport``.

Columns: Project, Episode (the edit's parent), Name, Description, Time
Spent, the edit descriptors, then the task type columns; rows by episode
then name. Zou's edits export takes no filter.
"""

from __future__ import annotations

from peewee import JOIN, fn

from clapboard.plugins.data.models import Entity

from . import boards, lookups
from .access import readable_project
from .http import route

HEADERS = ["Project", "Episode", "Name", "Description", "Time Spent"]


def board(ctx, project: dict) -> boards.Board:
    episode = Entity.alias("episode")
    conditions = [Entity.project == project["id"], Entity.entity_type == lookups.entity_type_id("Edit"),
                  *boards.entity_conditions(ctx)]
    base = (Entity.select(Entity.id).join(episode, JOIN.LEFT_OUTER, on=(Entity.parent == episode.id))
            .where(*conditions))
    episode_name = fn.COALESCE(episode.name, "")
    fields = [Entity.id, Entity.data, episode_name, Entity.name, Entity.description]
    order = [*boards.code_point_order(ctx.app.db, episode_name, Entity.name), Entity.id]

    def cells(values, data, time_spent):
        episode_name, name, description = values
        return [project["name"], episode_name, name, description, time_spent]

    return boards.Board("Edit", "edits", HEADERS, base, fields, order, cells)


def export(ctx, project_id):
    """A production's edits with their metadata, task statuses and assignees, as CSV (Zou's columns)."""

    project = readable_project(ctx, project_id)
    ctx.params.pop("assigned_to", None)  # Zou's edits export reads no filter
    return boards.export(ctx, project, board(ctx, project))


def routes():
    return [route("/export/csv/projects/{project_id}/edits.csv", export, "Export a production's edits as CSV")]
