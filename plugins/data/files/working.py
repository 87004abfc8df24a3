"""Working files: the versioned files artists save, their generated paths, revisions and comments.

Publishing a working file (``data.working-files.publish``: the task's team but
clients, vendors on the tasks assigned to them) takes the next revision of
the task's file of that name unless one is given, stores the path the file
tree gives, assigns the task to its author as Zou does (``task:assign``) and
emits ``working-file:new``. The task row is locked first, so two saves of one
file queue and get two revisions. Comment and modification date are changed
by whoever may act on the task (``data.tasks.comment``, Zou's task action
rule); Zou emits no event for them. Reading lists needs the working files'
read rule (every role of the production but vendors).
"""

from __future__ import annotations

import uuid

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..actors import acting_person
from ..engine import context, emit, insert_missing, lock, many, one, require, validated
from ..models import Entity, Person, Project, Software, Task, TaskPersonLink, WorkingFile
from ..models.base import utcnow
from . import paths
from .answers import instance, serialized
from .values import Values, get_or_create

DEFAULT_SOFTWARE = ("3ds Max", "max", ".max")
ROW, ROWS = "data/working-files#/$defs/row", "data/working-files#/$defs/list"


def software_of(software_id) -> Software:
    if software_id:
        return instance(Software, software_id, "software_id")
    return get_or_create(Software, DEFAULT_SOFTWARE[0], short_name=DEFAULT_SOFTWARE[1],
                         file_extension=DEFAULT_SOFTWARE[2])


def next_revision(task_id, name: str) -> int:
    last = WorkingFile.select(WorkingFile.revision).where(
        WorkingFile.task == task_id, WorkingFile.name == name).order_by(WorkingFile.revision.desc()).scalar()
    return (last or 0) + 1


def values_for(task: Task, software, name: str, revision: int) -> Values:
    return Values(project=Project.get_by_id(task.project_id), entity=Entity.get_by_id(task.entity_id), task=task,
                  software=software, name=name, revision=revision)


def separator(body: dict) -> str:
    return body.get("sep") or body.get("separator") or "/"


def publish(ctx, task_id, body: dict) -> dict:
    task_row = one(ctx, Task, task_id, relations=False)
    require(ctx, WorkingFile, "publish", row=task_row)
    lock(Task, [task_row["id"]])
    task = Task.get_by_id(task_row["id"])
    software = software_of(body.get("software_id"))
    person_id = instance(Person, body["person_id"], "person_id", BadRequest).id if body.get("person_id") \
        else acting_person(ctx.actor)
    name, mode, sep = body["name"], body.get("mode") or "working", body.get("sep") or "/"
    revision = body.get("revision") or next_revision(task.id, name)
    values = values_for(task, software, name, revision)
    path = f"{paths.folder(values, mode)}{sep}{paths.file_name(values, mode)}"
    if len(path) > 400:
        raise BadRequest("The generated path is longer than 400 characters.")
    if WorkingFile.select().where(WorkingFile.name == name, WorkingFile.task == task.id,
                                  WorkingFile.entity == task.entity_id, WorkingFile.revision == revision).exists():
        raise BadRequest("The given working file already exists.")
    _assign_author(ctx, task_row)
    now, new_id = utcnow(), uuid.uuid4()
    WorkingFile.insert(id=new_id, name=name, comment=body.get("comment") or "", description=body.get("description"),
                       revision=revision, path=path, task=task.id, entity=task.entity_id, person=person_id,
                       software=software.id, created_at=now, updated_at=now).execute()
    emit(ctx, "working-file:new", {"working_file_id": new_id}, task.project_id)
    return serialized(ctx, WorkingFile, new_id)


def _assign_author(ctx, task_row: dict) -> None:
    """Zou assigns the task to whoever saves a working file on it."""

    me = acting_person(ctx.actor)
    if me is None or not Person.select().where(Person.id == me).exists():
        return
    added = insert_missing(TaskPersonLink, [{"task": task_row["id"], "person": me}],
                           (TaskPersonLink.task, TaskPersonLink.person), returning=(TaskPersonLink.task,))
    if added:
        emit(ctx, "task:assign", {"task_id": task_row["id"], "person_id": me}, task_row["project_id"])


def reachable_for_action(ctx, working_file_id) -> WorkingFile:
    """A working file whose task the actor may act on (Zou's task action access); 404 / 403."""

    found = instance(WorkingFile, working_file_id, "working_file_id")
    if found.task_id is None:
        raise BadRequest("This working file belongs to no task.")
    task_row = one(ctx, Task, found.task_id, relations=False)
    require(ctx, Task, "comment", row=task_row)
    return found


def change(ctx, working_file_id, values: dict) -> dict:
    found = reachable_for_action(ctx, working_file_id)
    WorkingFile.update(**values, updated_at=utcnow()).where(WorkingFile.id == found.id).execute()
    return serialized(ctx, WorkingFile, found.id)


def last_revisions(ctx, task_id) -> dict:
    task = one(ctx, Task, task_id, relations=False)
    found: dict = {}
    for row in many(ctx, WorkingFile, WorkingFile.task == task["id"],
                    order_by=(WorkingFile.revision.desc(), WorkingFile.created_at.desc())):
        found.setdefault(row["name"], row)
    return found


class WorkingFilePath:
    """POST ``/data/tasks/<id>/working-file-path``: ``{"path": folder, "name": file name}``."""

    def on_post(self, req, resp, task_id):
        ctx = context(req)
        body = validated(req, "data/files/working_file_path")
        task = Task.get_by_id(one(ctx, Task, task_id, relations=False)["id"])
        name, mode = body.get("name", "main"), body.get("mode") or "working"
        revision = body.get("revision") or next_revision(task.id, name)
        values = values_for(task, software_of(body.get("software_id")), name, revision)
        resp.media = {"path": paths.folder(values, mode, separator(body)), "name": paths.file_name(values, mode)}


class NewWorkingFile:
    def on_post(self, req, resp, task_id):
        resp.media = publish(context(req), task_id, validated(req, "data/files/working_file_new"))
        resp.status = falcon.HTTP_201


class TaskWorkingFiles:
    def on_get(self, req, resp, task_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        resp.media = many(ctx, WorkingFile, WorkingFile.task == task["id"], WorkingFile.revision >= 0,
                          order_by=(WorkingFile.revision.desc(), WorkingFile.created_at.desc()))


class LastWorkingFiles:
    def on_get(self, req, resp, task_id):
        resp.media = last_revisions(context(req), task_id)


class EntityWorkingFiles:
    """GET ``/data/entities/<id>/working-files`` (``?task_id``, ``?name``, ``?relations``)."""

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        conditions = [WorkingFile.entity == entity["id"], WorkingFile.revision >= 0]
        if req.get_param("task_id"):
            conditions.append(WorkingFile.task == instance(Task, req.get_param("task_id"), "task_id").id)
        if req.get_param("name"):
            conditions.append(WorkingFile.name == req.get_param("name"))
        relations = req.get_param_as_bool("relations", default=False)
        resp.media = many(ctx, WorkingFile, *conditions, relations=relations,
                          order_by=(WorkingFile.revision.desc(), WorkingFile.created_at.desc()))


class WorkingFileComment:
    def on_put(self, req, resp, working_file_id):
        body = validated(req, "data/files/working_file_comment")
        resp.media = change(context(req), working_file_id, {"comment": body["comment"]})


class WorkingFileModified:
    def on_put(self, req, resp, working_file_id):
        resp.media = change(context(req), working_file_id, {})


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/tasks/{task_id}/working-file-path", WorkingFilePath(), tags=tags, operations={
            "POST": Operation(summary="Generate a working file path from the project's file tree",
                              request_schema="data/files/working_file_path",
                              response_schema="data/files/answers#/$defs/working_path")}),
        Route("/data/tasks/{task_id}/working-files/new", NewWorkingFile(), tags=tags, operations={
            "POST": Operation(summary="Create a new working file (next revision) with its generated path",
                              request_schema="data/files/working_file_new", response_schema=ROW, status=201)}),
        Route("/data/tasks/{task_id}/working-files", TaskWorkingFiles(), tags=tags, operations={
            "GET": Operation(summary="Every working file revision of a task, last first", response_schema=ROWS)}),
        Route("/data/tasks/{task_id}/working-files/last-revisions", LastWorkingFiles(), tags=tags, operations={
            "GET": Operation(summary="The last revision of each working file of a task, by name",
                             response_schema="data/files/answers#/$defs/by_name")}),
        Route("/data/entities/{entity_id}/working-files", EntityWorkingFiles(), tags=tags, operations={
            "GET": Operation(summary="Working files of an entity (optionally of a task, of a name)",
                             response_schema=ROWS, parameters=(
                                 {"name": "task_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
                                 {"name": "name", "in": "query", "schema": {"type": "string"}}))}),
        Route("/actions/working-files/{working_file_id}/comment", WorkingFileComment(), tags=tags, operations={
            "PUT": Operation(summary="Change a working file's comment",
                             request_schema="data/files/working_file_comment", response_schema=ROW)}),
        Route("/actions/working-files/{working_file_id}/modified", WorkingFileModified(), tags=tags, operations={
            "PUT": Operation(summary="Set a working file's modification date to now", response_schema=ROW)}),
    ]
