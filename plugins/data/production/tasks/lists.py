"""Task lists around entities and projects: ``/data/<kind>/<id>/tasks``, task types, shot/asset tasks.

Every list goes through the policy twice: the entity (or project) is fetched
with ``one()`` (404 when out of reach) and the tasks with ``many()``, so a
vendor only ever sees the tasks assigned to them.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import NotFound, PermissionDenied

from ...crud.values import parse_id
from ...engine import asset_type_ids, context, kind_id, many, one, require
from ...models import Entity, EntityLink, Project, Task, TaskType
from ..projects.access import effective_roles
from .rows import kind_of, with_names

# URL segment -> kind of entity (Zou's entity type name, "Asset" for every asset type).
KINDS = {"assets": "Asset", "shots": "Shot", "edits": "Edit", "concepts": "Concept", "scenes": "Scene",
         "sequences": "Sequence", "episodes": "Episode"}
TASK_LIST = "data/tasks#/$defs/list"
NAMED_TASKS = "data/production/tasks/answers#/$defs/named_tasks"


def flag(ctx, name: str) -> bool:
    return str(ctx.params.get(name, "")).lower() in ("true", "1")


def entity_of_kind(ctx, entity_id, kind: str) -> dict:
    """The entity if the actor reaches it and it is of ``kind``; 404 otherwise (as Zou)."""

    entity = one(ctx, Entity, entity_id, relations=False)
    if kind_of(entity) != kind:
        raise NotFound(f"{kind} {entity_id} not found.")
    return entity


def shots_of_sequences(sequence_ids):
    """Subquery: the shots whose parent is one of ``sequence_ids`` (a list or subquery)."""

    return Entity.select(Entity.id).where(Entity.parent.in_(sequence_ids), Entity.entity_type == kind_id("Shot"))


def shots_of_episode(episode_id):
    sequences = Entity.select(Entity.id).where(Entity.parent == episode_id,
                                              Entity.entity_type == kind_id("Sequence"))
    return shots_of_sequences(sequences)


def assets_of_episode(episode_id):
    """Subquery: assets made for the episode (``source_id``) or cast in it."""

    cast = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == episode_id)
    return Entity.select(Entity.id).where(Entity.entity_type.in_(asset_type_ids()),
                                          (Entity.source == episode_id) | Entity.id.in_(cast))


def edits_of_episode(episode_id):
    return Entity.select(Entity.id).where(Entity.parent == episode_id, Entity.entity_type == kind_id("Edit"))


def named_tasks(ctx, *conditions) -> list[dict]:
    """Tasks with Zou's name keys, sorted by task type then name (assignees with ``relations=true``)."""

    tasks = with_names(many(ctx, Task, *conditions, relations=flag(ctx, "relations")))
    return sorted(tasks, key=lambda t: (t["task_type_name"] or "", t["name"] or "", str(t["id"])))


class EntityTasks:
    """GET ``/data/<kind>/<id>/tasks``: the tasks of one entity."""

    def __init__(self, kind: str):
        self.kind = kind

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = entity_of_kind(ctx, entity_id, self.kind)
        resp.media = named_tasks(ctx, Task.entity == entity["id"])


class ChildTasks:
    """GET the tasks of the shots (or assets) of a sequence or an episode."""

    def __init__(self, kind: str, children):
        self.kind = kind
        self.children = children

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = entity_of_kind(ctx, entity_id, self.kind)
        resp.media = named_tasks(ctx, Task.entity.in_(self.children(entity["id"])))


class EpisodeEditTasks(ChildTasks):
    """GET ``/data/episodes/<id>/edit-tasks``: the tasks of an episode's edits; never for vendors (Zou)."""

    def __init__(self):
        super().__init__("Episode", edits_of_episode)

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = entity_of_kind(ctx, entity_id, self.kind)
        if effective_roles(ctx, [entity["project_id"]]).get(entity["project_id"]) == "vendor":
            raise PermissionDenied("Vendors do not read the edit tasks of an episode.")
        resp.media = named_tasks(ctx, Task.entity.in_(self.children(entity["id"])))


class EntityTaskTypes:
    """GET ``/data/<kind>/<id>/task-types``: the task types of the entity's tasks (and of its shots)."""

    def __init__(self, kind: str):
        self.kind = kind

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = entity_of_kind(ctx, entity_id, self.kind)
        entities = [entity["id"]]
        if self.kind == "Sequence":
            entities = Entity.select(Entity.id).where(
                (Entity.id == entity["id"]) | Entity.id.in_(shots_of_sequences([entity["id"]])))
        elif self.kind == "Episode":
            entities = Entity.select(Entity.id).where(
                (Entity.id == entity["id"]) | Entity.id.in_(shots_of_episode(entity["id"])))
        require(ctx, Task, "read")
        used = Task.select(Task.task_type).where(Task.entity.in_(entities),
                                                 *ctx.app.scope(ctx.actor, Task, "read"))
        resp.media = many(ctx, TaskType, TaskType.id.in_(used), order_by=(TaskType.name, TaskType.id))


class EntityTypeTasks:
    """GET ``/data/entities/<id>/task-types/<id>/tasks``: an entity's tasks of one type."""

    def on_get(self, req, resp, entity_id, task_type_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        resp.media = many(ctx, Task, Task.entity == entity["id"], Task.task_type == parse_id(task_type_id),
                          order_by=(Task.name, Task.id), relations=flag(ctx, "relations"))


class LinkedEntitiesWithTasks:
    """GET ``/data/entities/<id>/entities-linked/with-tasks``: what the entity links to, each with its tasks."""

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = one(ctx, Entity, entity_id, relations=False)
        linked = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == entity["id"])
        entities = many(ctx, Entity, Entity.id.in_(linked), order_by=(Entity.name, Entity.id))
        tasks = many(ctx, Task, Task.entity.in_([e["id"] for e in entities]), order_by=(Task.created_at, Task.id),
                     relations=True) if entities else []
        for found in entities:
            found["tasks"] = [t for t in tasks if t["entity_id"] == found["id"]]
        resp.media = entities


class ProjectTasks:
    """GET ``/data/projects/<id>/tasks`` (filters ``task_type_id``, ``episode_id``), with assignees."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        conditions = [Task.project == project["id"]]
        if ctx.params.get("task_type_id"):
            conditions.append(Task.task_type == parse_id(ctx.params["task_type_id"]))
        if ctx.params.get("episode_id"):
            episode = parse_id(ctx.params["episode_id"])
            in_episode = Entity.select(Entity.id).where(
                (Entity.id == episode) | (Entity.parent == episode) | Entity.id.in_(shots_of_episode(episode))
                | Entity.id.in_(assets_of_episode(episode)))
            conditions.append(Task.entity.in_(in_episode))
        resp.media = many(ctx, Task, *conditions, order_by=(Task.created_at, Task.id), relations=True)


def _get(summary: str, response: str) -> dict:
    return {"GET": Operation(summary=summary, response_schema=response)}


def routes() -> list[Route]:
    found = []
    for segment, kind in KINDS.items():
        found.append(Route(f"/data/{segment}/{{entity_id}}/tasks", EntityTasks(kind), tags=("data",),
                           operations=_get(f"Tasks of a {kind.lower()}", NAMED_TASKS)))
        found.append(Route(f"/data/{segment}/{{entity_id}}/task-types", EntityTaskTypes(kind), tags=("data",),
                           operations=_get(f"Task types used by a {kind.lower()}", "data/task-types#/$defs/list")))
    found += [
        Route("/data/sequences/{entity_id}/shot-tasks", ChildTasks("Sequence", lambda i: shots_of_sequences([i])),
              tags=("data",), operations=_get("Tasks of the shots of a sequence", NAMED_TASKS)),
        Route("/data/episodes/{entity_id}/shot-tasks", ChildTasks("Episode", shots_of_episode),
              tags=("data",), operations=_get("Tasks of the shots of an episode", NAMED_TASKS)),
        Route("/data/episodes/{entity_id}/asset-tasks", ChildTasks("Episode", assets_of_episode),
              tags=("data",), operations=_get("Tasks of the assets of an episode", NAMED_TASKS)),
        Route("/data/episodes/{entity_id}/edit-tasks", EpisodeEditTasks(), tags=("data",),
              operations=_get("Tasks of the edits of an episode (not vendors)", NAMED_TASKS)),
        Route("/data/entities/{entity_id}/task-types/{task_type_id}/tasks", EntityTypeTasks(), tags=("data",),
              operations=_get("Tasks of an entity for one task type", TASK_LIST)),
        Route("/data/entities/{entity_id}/entities-linked/with-tasks", LinkedEntitiesWithTasks(), tags=("data",),
              operations=_get("Entities linked to an entity, with their tasks",
                              "data/production/tasks/answers#/$defs/linked_entities")),
        Route("/data/projects/{project_id}/tasks", ProjectTasks(), tags=("data",),
              operations=_get("Tasks of a project", TASK_LIST)),
    ]
    return found
