"""A TV show's numbers per episode: tasks by status, and done / retake counts with their history.

Zou counts the tasks of the entities two levels under an episode (its shots,
through their sequences), with the frames of those entities and the drawings
of the tasks, per episode and task type, and sums them under ``all`` (per
episode, per task type across episodes, and for the whole production). The
retake view sorts each task into done, retake or other (done first) and, per
episode, shows the production at each take up to the highest retake count
(``evolution``). Readers are the production's team; a vendor counts only the
tasks assigned to them (the task read scope), as in Zou.
"""

from __future__ import annotations

import copy

import peewee

from ...engine import one
from ...models import Entity, Project, Task, TaskStatus
from .http import get

ANSWERS = "data/production/entities/answers#/$defs/"
EMPTY = {"count": 0, "frames": 0, "drawings": 0}
RETAKE_DEFAULT = {"max_retake_count": 0, "evolution": {}, "done": dict(EMPTY), "retake": dict(EMPTY),
                  "other": dict(EMPTY)}


def _episode_tasks(ctx, project_id, *columns, group=False):
    sequence, episode = Entity.alias("sequence"), Entity.alias("episode")
    query = (Task.select(episode.id, *columns)
             .join(TaskStatus, on=(TaskStatus.id == Task.task_status))
             .switch(Task).join(Entity, on=(Entity.id == Task.entity))
             .join(sequence, on=(sequence.id == Entity.parent))
             .join(episode, on=(episode.id == sequence.parent))
             .where(Task.project == project_id, *ctx.app.scope(ctx.actor, Task, "read")))
    if group:
        query = query.group_by(episode.id, *columns[:4])
    return query.tuples()


def _add(bucket: dict, key: str, name: str, color: str, count: int, frames: int, drawings: int) -> None:
    entry = bucket.setdefault(key, {"name": name, "color": color, **EMPTY})
    entry["count"] += count
    entry["frames"] += frames
    entry["drawings"] += drawings


def episode_stats(ctx, req, project_id):
    project = one(ctx, Project, project_id, relations=False)
    results: dict = {}
    for episode, task_type, status, name, color, count, frames, drawings in _episode_tasks(
            ctx, project["id"], Task.task_type, Task.task_status, TaskStatus.short_name, TaskStatus.color,
            peewee.fn.COUNT(Task.id), peewee.fn.SUM(Entity.nb_frames), peewee.fn.SUM(Task.nb_drawings),
            group=True):
        values = (name, color, count or 0, int(frames or 0), int(drawings or 0))
        episode, task_type, status = str(episode), str(task_type), str(status)
        results.setdefault(episode, {}).setdefault(task_type, {})[status] = dict(
            zip(("name", "color", "count", "frames", "drawings"), values))
        _add(results[episode].setdefault("all", {}), status, *values)
        totals = results.setdefault("all", {"all": {}})
        _add(totals.setdefault(task_type, {}), status, *values)
        _add(totals["all"], status, *values)
    if "all" in results:  # Zou's order: the episodes, then the production's totals
        results["all"] = results.pop("all")
    return results


def _bucket(is_done, is_retake) -> str:
    return "done" if is_done else "retake" if is_retake else "other"


def _count(entry: dict, bucket: str, frames: int, drawings: int) -> None:
    entry[bucket]["count"] += 1
    entry[bucket]["frames"] += frames
    entry[bucket]["drawings"] += drawings


def retake_stats(ctx, req, project_id):
    project = one(ctx, Project, project_id, relations=False)
    results = {"all": {"all": copy.deepcopy(RETAKE_DEFAULT)}}
    found = [(str(episode), int(frames or 0), str(task_type), retakes or 0, done, retake, int(drawings or 0))
             for episode, frames, task_type, retakes, done, retake, drawings in _episode_tasks(
                 ctx, project["id"], Entity.nb_frames, Task.task_type, Task.retake_count, TaskStatus.is_done,
                 TaskStatus.is_retake, Task.nb_drawings)]
    for episode, frames, task_type, retakes, done, retake, drawings in found:
        results.setdefault(episode, {"all": copy.deepcopy(RETAKE_DEFAULT)})
        results["all"].setdefault(task_type, copy.deepcopy(RETAKE_DEFAULT))
        results[episode].setdefault(task_type, copy.deepcopy(RETAKE_DEFAULT))
        for first, second in (("all", "all"), ("all", task_type), (episode, "all"), (episode, task_type)):
            entry = results[first][second]
            entry["max_retake_count"] = max(entry["max_retake_count"], retakes)
            _count(entry, _bucket(done, retake), frames, drawings)
    for episode, frames, task_type, retakes, done, retake, drawings in found:  # needs every maximum first
        for key in ("all", task_type):
            entry = results[episode][key]
            for take in range(1, entry["max_retake_count"] + 1):
                evolution = entry["evolution"].setdefault(str(take), {k: dict(EMPTY) for k in ("done", "retake",
                                                                                              "other")})
                bucket = "retake" if 0 < take <= retakes else "done" if done else "other"
                _count(evolution, bucket, frames, drawings)
    return results


def methods() -> list:
    return [
        get("/data/projects/{project_id}/episodes/stats", episode_stats,
            "Tasks per status, task type and episode, with their frames and drawings",
            ANSWERS + "episode_stats",
            "Keyed by episode id then task type id (or `all`) then task status id; `all` sums the episodes. "
            "A vendor counts only the tasks assigned to them."),
        get("/data/projects/{project_id}/episodes/retake-stats", retake_stats,
            "Done, retake and other tasks per episode and task type, and their history by take",
            ANSWERS + "retake_stats",
            "Each entry: `max_retake_count`, `done`/`retake`/`other` (`count`, `frames`, `drawings`) and, per "
            "episode, `evolution` by take number."),
    ]
