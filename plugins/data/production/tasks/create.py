"""Creating tasks in bulk: for every entity of a kind in a project, or every task type of one entity.

Zou creates one "main" task per entity and task type, skips pairs that already
have a task, starts them at the default status and answers the created tasks
only. The policy decides once per request with ``data.tasks.create`` on the
project (the same check as ``POST /data/tasks``); rows are inserted in one
statement and read back in one query; each gets its ``task:new`` event.
"""

from __future__ import annotations

import uuid

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...actors import acting_person
from ...crud.values import parse_id
from ...engine import asset_type_ids, context, emit, ids_param, kind_id, many, one, require, validated
from ...models import Entity, Project, Task, TaskType
from ...models.base import utcnow
from .rows import default_status_id, with_status_and_type

# URL segment -> reserved entity type name (None: every asset type).
KIND_SEGMENTS = {"shots": "Shot", "assets": None, "edits": "Edit", "concepts": "Concept",
                 "episodes": "Episode", "sequences": "Sequence", "scenes": "Scene"}
CREATED = "data/production/tasks/answers#/$defs/created_tasks"
CHUNK = 500


def _task_type(task_type_id) -> uuid.UUID:
    task_type = parse_id(task_type_id) if not isinstance(task_type_id, uuid.UUID) else task_type_id
    if not TaskType.select().where(TaskType.id == task_type).exists():
        raise NotFound(f"TaskType {task_type} not found.")
    return task_type


def insert_tasks(ctx, project_id, pairs: list[tuple]) -> list[dict]:
    """Create a "main" task for each ``(entity id, task type id)`` lacking one; answer them in order.

    Rows are written and read back in chunks, so a production of any size
    stays within the database's limit on statement parameters.
    """

    existing = set(Task.select(Task.entity, Task.task_type).where(Task.project == project_id).tuples())
    wanted = [pair for pair in dict.fromkeys(pairs) if pair not in existing]
    now, status, assigner = utcnow(), default_status_id(), acting_person(ctx.actor)
    new = [{"id": uuid.uuid4(), "name": "main", "project": project_id, "entity": entity, "task_type": task_type,
            "task_status": status, "assigner": assigner, "created_at": now, "updated_at": now}
           for entity, task_type in wanted]
    created = []
    for batch in peewee.chunked(new, CHUNK):
        Task.insert_many(batch).execute()
        by_id = {t["id"]: t for t in many(ctx, Task, Task.id.in_([n["id"] for n in batch]), relations=True,
                                          check=False)}
        created += [by_id[n["id"]] for n in batch if n["id"] in by_id]
    for task in created:
        emit(ctx, "task:new", {"task_id": task["id"]}, project_id)
    return with_status_and_type(created)


def _kind_condition(kind: str | None):
    if kind is None:
        return Entity.entity_type.in_(asset_type_ids())
    return Entity.entity_type == kind_id(kind)


class CreateKindTasks:
    """POST ``/actions/projects/<id>/task-types/<id>/<kind>/create-tasks`` (body: optional entity ids)."""

    def __init__(self, kind: str | None = None):
        self.kind = kind

    def on_post(self, req, resp, project_id, task_type_id, entity_type=None):
        ctx = context(req)
        kind = self.kind if entity_type is None else _segment_kind(entity_type)
        project = one(ctx, Project, project_id, relations=False)
        task_type = _task_type(task_type_id)
        body = validated(req, "data/production/tasks/entity_ids", default=[])
        require(ctx, Task, "create", changes={"project_id": project["id"], "task_type_id": task_type})
        query = Entity.select(Entity.id).where(Entity.project == project["id"], _kind_condition(kind))
        if body:
            asked = ids_param(body, "body")
            found = {row_id for (row_id,) in query.where(Entity.id.in_(asked)).tuples()}
            unknown = [str(i) for i in asked if i not in found]
            if unknown:
                raise BadRequest(f"Not entities of this kind in the project: {', '.join(unknown)}.")
            entity_ids = list(dict.fromkeys(asked))
        else:
            entity_ids = [row_id for (row_id,) in query.order_by(Entity.name, Entity.id).tuples()]
        resp.media = insert_tasks(ctx, project["id"], [(entity, task_type) for entity in entity_ids])
        resp.status = falcon.HTTP_201


def _segment_kind(entity_type: str) -> str | None:
    key = entity_type.strip().lower()
    key = key if key.endswith("s") else key + "s"
    if key not in KIND_SEGMENTS:
        raise BadRequest(f"Unknown entity type '{entity_type}'.")
    return KIND_SEGMENTS[key]


class CreateEntityTasks:
    """POST ``/data/entities/<id>/tasks`` ``{"task_type_ids": [...]}``: tasks of one entity."""

    def on_post(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        body = validated(req, "data/production/tasks/entity_tasks")
        task_types = ids_param(body["task_type_ids"], "task_type_ids")
        known = {row_id for (row_id,) in TaskType.select(TaskType.id).where(TaskType.id.in_(task_types)).tuples()}
        unknown = [str(t) for t in task_types if t not in known]
        if unknown:
            raise BadRequest(f"Unknown task type(s): {', '.join(unknown)}.")
        require(ctx, Task, "create", changes={"project_id": entity["project_id"], "entity_id": entity["id"]})
        resp.media = insert_tasks(ctx, entity["project_id"], [(entity["id"], t) for t in task_types])
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    found = []
    for segment, kind in KIND_SEGMENTS.items():
        label = kind.lower() if kind else "asset"
        found.append(Route(
            f"/actions/projects/{{project_id}}/task-types/{{task_type_id}}/{segment}/create-tasks",
            CreateKindTasks(kind), tags=("data",), operations={"POST": Operation(
                summary=f"Create the tasks of a task type for the {label}s of a project",
                description="Body: a list of entity ids (default: every one of the project); "
                            "entities that already have a task of this type are skipped.",
                request_schema="data/production/tasks/entity_ids", response_schema=CREATED, status=201)}))
    found += [
        Route("/actions/projects/{project_id}/task-types/{task_type_id}/create-tasks/{entity_type}",
              CreateKindTasks(), tags=("data",), operations={"POST": Operation(
                  summary="Create the tasks of a task type for the entities of a kind (shots, assets…)",
                  request_schema="data/production/tasks/entity_ids", response_schema=CREATED, status=201)}),
        Route("/data/entities/{entity_id}/tasks", CreateEntityTasks(), tags=("data",), operations={"POST": Operation(
            summary="Create tasks of the given task types for an entity",
            request_schema="data/production/tasks/entity_tasks", response_schema=CREATED, status=201)}),
    ]
    return found
