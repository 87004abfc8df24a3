"""``GET /export/csv/projects/{id}/shots.csv``: a production's shots, as Zou's ``ShotsCsvExport``.

Columns: Project, Episode, Sequence, Name, Description, Time Spent, Frames
(``nb_frames``), Frame In, Frame Out, FPS (kept in ``data``), the shot
descriptors, then the task type columns. Shots without a sequence are left
out (Zou joins the sequence); rows by episode, sequence and shot name.
Filters: ``episode_id`` (the episode of the shot's sequence; ``all``: every
shot) and ``assigned_to`` (shots with a task assigned to the caller).
"""

from __future__ import annotations

from peewee import JOIN, fn

from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.models import Entity

from . import boards, lookups
from .access import readable_project
from .http import query_parameter, route

HEADERS = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames", "Frame In",
           "Frame Out", "FPS"]


def board(ctx, project: dict) -> boards.Board:
    sequence, episode = Entity.alias("sequence"), Entity.alias("episode")
    conditions = [Entity.project == project["id"], Entity.entity_type == lookups.entity_type_id("Shot"),
                  *boards.entity_conditions(ctx)]
    wanted = ctx.params.get("episode_id")
    if wanted not in (None, "", "all"):
        conditions.append(sequence.parent == parse_id(wanted))
    base = (Entity.select(Entity.id)
            .join(sequence, on=(Entity.parent == sequence.id))
            .join(episode, JOIN.LEFT_OUTER, on=(sequence.parent == episode.id))
            .where(*conditions))
    episode_name = fn.COALESCE(episode.name, "")
    fields = [Entity.id, Entity.data, episode_name, sequence.name, Entity.name, Entity.description, Entity.nb_frames]
    order = [*boards.code_point_order(ctx.app.db, episode_name, sequence.name, Entity.name), Entity.id]

    def cells(values, data, time_spent):
        episode_name, sequence_name, name, description, nb_frames = values
        return [project["name"], episode_name, sequence_name, name, description, time_spent, nb_frames,
                data.get("frame_in", ""), data.get("frame_out", ""), data.get("fps", "")]

    return boards.Board("Shot", "shots", HEADERS, base, fields, order, cells)


def export(ctx, project_id):
    """A production's shots with their metadata, task statuses and assignees, as CSV (Zou's columns)."""

    project = readable_project(ctx, project_id)
    return boards.export(ctx, project, board(ctx, project))


def routes():
    return [route("/export/csv/projects/{project_id}/shots.csv", export, "Export a production's shots as CSV",
                  parameters=(query_parameter("episode_id", "Only the shots of this episode (`all`: every shot)"),
                              query_parameter("assigned_to", "Only the shots holding a task assigned to the caller")))]
