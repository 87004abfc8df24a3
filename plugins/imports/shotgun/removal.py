"""``POST /import/shotgun/remove/<kind>``: remove the row a ShotGrid entity was imported as.

The body is the removed ShotGrid entity; its ``id`` finds the row. Zou's
answer: ``{"success": true, "removed_instance_id": <row id>}``, or
``{"success": true}`` when no row holds that ShotGrid id. A row something
still refers to (a project with entities, a task type with tasks…) is kept:
``success`` is false and ``message`` says why. As in Zou, an asset or a shot
whose tasks have working files is canceled instead, and otherwise removed
with its tasks; a task, a note or a version goes with what hangs from it. A
project connection is found by its project and user (Clapboard keeps no
ShotGrid id on team memberships), which the body must carry; its
``removed_instance_id`` is the project's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from clapboard.errors import BadRequest, ClapboardError
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import Context, emit, require
from clapboard.plugins.data.models import (
    Comment,
    Entity,
    Person,
    PreviewFile,
    Project,
    ProjectPersonLink,
    Task,
    TaskStatus,
    TaskType,
    WorkingFile,
)
from clapboard.plugins.data.production.entities.remove import remove as remove_entity

from .batch import isolated
from .links import Links, Refused, whole_ids
from .records import find


@dataclass(frozen=True)
class Removal:
    kind: str
    find: Callable  # (ctx, sg_entity) -> row dict or None
    remove: Callable  # (ctx, row) -> None


def _forced(ctx) -> Context:
    return Context(app=ctx.app, actor=ctx.actor, params={"force": "true"})


def _by_id(model):
    return lambda ctx, body: find(ctx, model, model.shotgun_id == body["id"])


def _entity(kind: str):
    def found(ctx, body):
        row_id = Links().get(kind, body["id"])
        return find(ctx, Entity, Entity.id == row_id) if row_id else None

    return found


def _plain_delete(model, event: str | None = None):
    return lambda ctx, row: service.delete_row(ctx, info(model), row["id"], event=event)


def _forced_delete(model):
    return lambda ctx, row: service.delete_row(_forced(ctx), info(model), row["id"])


def _remove_or_cancel(ctx, row: dict) -> None:
    """Zou's asset removal: canceled when its tasks hold working files, else removed with its tasks."""

    tasks = Task.select(Task.id).where(Task.entity == row["id"])
    if WorkingFile.select().where(WorkingFile.task.in_(tasks)).exists():
        service.update_row(ctx, info(Entity), row["id"], {"canceled": True}, event=f"{row['type'].lower()}:update")
    else:
        remove_entity(ctx, row, True, tasks.exists())


def _connection(ctx, body):
    if not body.get("project") or not body.get("user"):
        raise BadRequest("Send the connection's project and user with its id: Clapboard keeps no ShotGrid id "
                         "on team memberships.")
    links = Links()
    try:
        project_id = links.project(body["project"])
        person_id = links.required("HumanUser", body["user"], "user")
    except Refused:
        return None
    if not ProjectPersonLink.select().where(ProjectPersonLink.project == project_id,
                                            ProjectPersonLink.person == person_id).exists():
        return None
    return {"id": project_id, "project_id": project_id, "person_id": person_id}


def _leave_team(ctx, row: dict) -> None:
    require(ctx, Project, "update", row=find(ctx, Project, Project.id == row["project_id"]))
    ProjectPersonLink.delete().where(ProjectPersonLink.project == row["project_id"],
                                     ProjectPersonLink.person == row["person_id"]).execute()
    emit(ctx, "project:update", {}, row["project_id"])


REMOVALS = {r.kind: r for r in (
    Removal("project", _by_id(Project), _plain_delete(Project)),
    Removal("person", _by_id(Person), _plain_delete(Person)),
    Removal("asset", _entity("Asset"), _remove_or_cancel),
    Removal("shot", _entity("Shot"), _remove_or_cancel),
    Removal("scene", _entity("Scene"), _plain_delete(Entity, "scene:delete")),
    Removal("episode", _entity("Episode"), _plain_delete(Entity, "episode:delete")),
    Removal("sequence", _entity("Sequence"), _plain_delete(Entity, "sequence:delete")),
    Removal("step", _by_id(TaskType), _plain_delete(TaskType)),
    Removal("status", _by_id(TaskStatus), _plain_delete(TaskStatus)),
    Removal("task", _by_id(Task), _forced_delete(Task)),
    Removal("note", _by_id(Comment), _forced_delete(Comment)),
    Removal("version", _by_id(PreviewFile), _forced_delete(PreviewFile)),
    Removal("project-connection", _connection, _leave_team),
)}
REMOVALS["projectconnection"] = REMOVALS["project-connection"]


def remove(ctx: Context, kind: str, body) -> dict:
    """Remove what ShotGrid entity ``body`` was imported as; Zou's answer."""

    if not isinstance(body, dict):
        raise BadRequest("Send the removed ShotGrid entity as a JSON object.")
    body = whole_ids(body)
    ctx.app.schemas.validate("imports/shotgun/routes#/$defs/entity", body)
    removal = REMOVALS[kind]
    row = removal.find(ctx, body)
    if row is None:
        return {"success": True}
    answer = {"removed_instance_id": str(row["id"]), "success": True}
    try:
        with isolated(ctx.app):
            removal.remove(ctx, row)
    except ClapboardError as exc:
        if exc.status != 400:
            raise
        answer.update(success=False, message=exc.message)
    return answer
