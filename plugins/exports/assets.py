"""``GET /export/csv/projects/{id}/assets.csv``: a production's assets, as Zou's ``AssetsCsvExport``.

Columns: Project, Type (the asset type), Name, Description, Time Spent, the
asset descriptors, then the task type columns; rows by asset type then name.
Filters: ``episode_id`` (``main``: assets created for no episode; an
episode: assets created for it or cast in it; ``all``: every asset) and
``assigned_to`` (assets with a task assigned to the caller).
"""

from __future__ import annotations

from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import asset_type_ids
from clapboard.plugins.data.models import Entity, EntityLink, EntityType

from . import boards
from .access import readable_project
from .http import query_parameter, route

HEADERS = ["Project", "Type", "Name", "Description", "Time Spent"]


def episode_condition(wanted):
    if wanted in (None, "", "all"):
        return None
    if wanted == "main":
        return Entity.source.is_null()
    episode_id = parse_id(wanted)
    cast = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == episode_id)
    return (Entity.source == episode_id) | Entity.id.in_(cast)


def board(ctx, project: dict) -> boards.Board:
    conditions = [Entity.project == project["id"], Entity.entity_type.in_(asset_type_ids()),
                  *boards.entity_conditions(ctx)]
    episode = episode_condition(ctx.params.get("episode_id"))
    if episode is not None:
        conditions.append(episode)
    base = Entity.select(Entity.id).join(EntityType, on=(Entity.entity_type == EntityType.id)).where(*conditions)
    fields = [Entity.id, Entity.data, EntityType.name, Entity.name, Entity.description]
    order = [*boards.code_point_order(ctx.app.db, EntityType.name, Entity.name), Entity.id]

    def cells(values, data, time_spent):
        type_name, name, description = values
        return [project["name"], type_name, name, description, time_spent]

    return boards.Board("Asset", "assets", HEADERS, base, fields, order, cells)


def export(ctx, project_id):
    """A production's assets with their metadata, task statuses and assignees, as CSV (Zou's columns)."""

    project = readable_project(ctx, project_id)
    return boards.export(ctx, project, board(ctx, project))


def routes():
    return [route("/export/csv/projects/{project_id}/assets.csv", export, "Export a production's assets as CSV",
                  parameters=(query_parameter("episode_id", "`main`, `all` or an episode (created for it or cast "
                                                            "in it)"),
                              query_parameter("assigned_to", "Only the assets holding a task assigned to the caller")))]
