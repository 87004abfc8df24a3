"""``set-shot-nb-frames``: each shot's frame count taken from the movie last delivered for a task type.

As in Zou: for every shot of the production (of one episode with
``?episode_id=``) that has previews on its task of the given type, the latest
preview's duration times the project's fps, rounded, becomes ``nb_frames``;
shots without such a preview (or whose latest preview has no duration yet)
keep theirs. Answers ``[{id, nb_frames}]`` for the shots changed, each also a
``shot:update``. Managers of the production only.
"""

from __future__ import annotations

from ...crud.values import parse_id
from ...engine import BadRequest, emit, kind_id
from ...models import Entity, PreviewFile, Project, Task
from ...models.base import utcnow
from ..projects.access import managed_project
from .http import write


def _shots(project_id, episode_id):
    shots = Entity.select(Entity.id).where(Entity.project == project_id, Entity.entity_type == kind_id("Shot"))
    if episode_id is not None:
        sequences = Entity.select(Entity.id).where(Entity.parent == episode_id)
        shots = shots.where(Entity.parent.in_(sequences))
    return shots


def _fps(project_id) -> float:
    raw = Project.select(Project.fps).where(Project.id == project_id).scalar()
    try:
        return float(raw)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"The project's fps ({raw!r}) is not a number.") from exc


def set_shot_frames(ctx, req, project_id, task_type_id):
    project = managed_project(ctx, project_id)
    task_type_id = parse_id(task_type_id)
    episode = req.params.get("episode_id") or None
    episode_id = parse_id(episode) if episode is not None else None
    fps = _fps(project["id"])
    latest: dict = {}
    query = (PreviewFile.select(Task.entity, PreviewFile.created_at, PreviewFile.duration)
             .join(Task, on=(PreviewFile.task == Task.id))
             .where(Task.task_type == task_type_id, Task.project == project["id"],
                    Task.entity.in_(_shots(project["id"], episode_id)))
             .order_by(PreviewFile.created_at, PreviewFile.id).tuples())
    for shot_id, _, duration in query:
        latest[shot_id] = duration  # ordered by date: the last one written wins
    changed = []
    for shot_id, duration in latest.items():
        if duration is None:
            continue
        frames = round(duration * fps)
        Entity.update(nb_frames=frames, updated_at=utcnow()).where(Entity.id == shot_id).execute()
        emit(ctx, "shot:update", {"shot_id": shot_id}, project["id"])
        changed.append({"id": str(shot_id), "nb_frames": frames})
    return changed


def methods() -> list:
    return [write("POST", "/actions/projects/{project_id}/task-types/{task_type_id}/set-shot-nb-frames",
                  set_shot_frames, "Set each shot's frame count from its last preview of a task type (managers)",
                  response="data/production/entities/answers#/$defs/shot_frames",
                  description="`nb_frames` = the latest preview's duration × the project's fps, rounded, for the "
                              "shots (of `episode_id` when given) with a preview of that task type. Answers the "
                              "shots changed as `[{id, nb_frames}]`.")]
