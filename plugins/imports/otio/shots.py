"""The database side of an edit's import: each clip updates the shot it names or creates it.

A clip's name is first looked up among the shots' names under the naming
convention (``TestProject_SQ010-SH010``); a clip naming no shot is read with
the convention to get its sequence and shot names, and that shot (and its
sequence, under the episode when the import is an episode's) is created
unless the sequence already holds a shot of that name. A shot named by
several clips is written once, from its last clip. Any clip that follows
neither refuses the whole edit: the import runs in one transaction.

Writes go through the data plugin's service (policy, ``data`` checks,
``sequence:new``, ``shot:new``, ``shot:update`` events); a shot whose frame
range changes keeps its previous one in ``entity_version``, as the shot
route does; created shots get a task of every shot task type of the
production, as in Zou (``task:new`` each).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clapboard.errors import BadRequest
from clapboard.plugins.data.actors import acting_person
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import kind_id, many
from clapboard.plugins.data.models import Entity, EntityVersion, ProjectTaskTypeLink, TaskType
from clapboard.plugins.data.production.entities.rows import of_kind, plain
from clapboard.plugins.data.production.tasks.create import insert_tasks

from .naming import NamingConvention
from .timeline import Clip


@dataclass
class Planned:
    """One shot to write: an existing row, or the names of a new one; the last clip naming it."""

    clip: Clip
    shot: dict | None = None
    sequence_name: str = ""
    shot_name: str = ""


@dataclass
class Production:
    """The sequences and shots a clip may name: the episode's, or the whole production's."""

    project: dict
    episode: dict | None
    sequences: dict = field(default_factory=dict)  # folded name -> sequence row
    by_key: dict = field(default_factory=dict)  # folded clip name -> shot row
    by_names: dict = field(default_factory=dict)  # (folded sequence, folded shot) -> shot row


def _production(ctx, project: dict, episode: dict | None, convention: NamingConvention) -> Production:
    found = Production(project, episode)
    where = [of_kind("Sequence"), Entity.project == project["id"]]
    if episode is not None:
        where.append(Entity.parent == episode["id"])
    sequences = many(ctx, Entity, *where, order_by=(Entity.created_at, Entity.id))
    names = {row["id"]: row["name"] for row in sequences}
    for row in sequences:
        found.sequences.setdefault(convention.fold(row["name"]), row)
    shots = many(ctx, Entity, of_kind("Shot"), Entity.parent.in_(list(names)),
                 order_by=(Entity.created_at, Entity.id)) if names else []
    extra = {"episode_name": episode["name"]} if episode is not None else {}
    for row in shots:
        sequence = names[row["parent_id"]]
        found.by_key.setdefault(convention.key(project_name=project["name"], sequence_name=sequence,
                                               shot_name=row["name"], **extra), row)
        found.by_names.setdefault((convention.fold(sequence), convention.fold(row["name"])), row)
    return found


def _plan(production: Production, clips: list[Clip], convention: NamingConvention) -> list[Planned]:
    planned: dict = {}
    for clip in clips:
        shot = production.by_key.get(convention.fold(clip.name))
        names = None
        if shot is None:
            names = convention.read(clip.name)
            if names is None:
                raise BadRequest(f"Clip {clip.name!r} names no shot of this production and does not follow "
                                 f"the naming convention {convention.template.template!r}.")
            shot = production.by_names.get((convention.fold(names["sequence_name"]),
                                            convention.fold(names["shot_name"])))
        if shot is not None:
            key = shot["id"]
            planned[key] = Planned(clip, shot=shot)
        else:
            key = (convention.fold(names["sequence_name"]), convention.fold(names["shot_name"]))
            first = planned.get(key)
            planned[key] = Planned(clip, sequence_name=first.sequence_name if first else names["sequence_name"],
                                   shot_name=first.shot_name if first else names["shot_name"])
    return list(planned.values())


def _frames(clip: Clip, data: dict | None) -> tuple[dict, dict]:
    """The shot's new ``data`` and the columns to write besides it."""

    data = dict(data or {})
    for key in ("frame_in", "frame_out"):
        if getattr(clip, key) is not None:
            data[key] = getattr(clip, key)
    return data, ({"nb_frames": clip.nb_frames} if clip.nb_frames is not None else {})


def _update(ctx, shot: dict, clip: Clip) -> dict:
    data, columns = _frames(clip, shot.get("data"))
    if data == (shot.get("data") or {}) and all(shot.get(k) == v for k, v in columns.items()):
        return plain(shot, "Shot")
    after = service.update_row(ctx, info(Entity), shot["id"], {"data": data, **columns}, event="shot:update")
    EntityVersion.create(entity=shot["id"], name=shot["name"], data=shot.get("data"),
                         person=acting_person(ctx.actor))
    return plain(after, "Shot")


def _create(ctx, production: Production, kind: str, values: dict) -> dict:
    body = {**values, "project_id": str(production.project["id"]), "entity_type_id": str(kind_id(kind))}
    return service.create_row(ctx, info(Entity), body, event=f"{kind.lower()}:new")


def _sequence(ctx, production: Production, name: str, convention: NamingConvention) -> dict:
    folded = convention.fold(name)
    if folded not in production.sequences:
        parent = production.episode["id"] if production.episode is not None else None
        production.sequences[folded] = _create(ctx, production, "Sequence", {
            "name": name, "parent_id": str(parent) if parent else None, "description": "", "data": {}})
    return production.sequences[folded]


def _shot_task_types(project_id) -> list:
    return [row for (row,) in ProjectTaskTypeLink.select(ProjectTaskTypeLink.task_type)
            .join(TaskType, on=(ProjectTaskTypeLink.task_type == TaskType.id))
            .where(ProjectTaskTypeLink.project == project_id, TaskType.for_entity == "Shot")
            .order_by(ProjectTaskTypeLink.priority, TaskType.name).tuples()]


def import_clips(ctx, project: dict, episode: dict | None, clips: list[Clip],
                 convention: NamingConvention) -> dict:
    """Write the edit; Zou's answer ``{"updated_shots": [...], "created_shots": [...]}``."""

    production = _production(ctx, project, episode, convention)
    result = {"updated_shots": [], "created_shots": []}
    for item in _plan(production, clips, convention):
        if item.shot is not None:
            result["updated_shots"].append(_update(ctx, item.shot, item.clip))
            continue
        sequence = _sequence(ctx, production, item.sequence_name, convention)
        data, columns = _frames(item.clip, None)
        shot = _create(ctx, production, "Shot", {"name": item.shot_name, "parent_id": str(sequence["id"]),
                                                 "data": data, **columns})
        result["created_shots"].append(plain(shot, "Shot"))
    task_types = _shot_task_types(project["id"])
    if result["created_shots"] and task_types:
        insert_tasks(ctx, project["id"], [(shot["id"], task_type) for shot in result["created_shots"]
                                          for task_type in task_types])
    return result
