"""Removing tasks in bulk, with everything they hold (comments, previews, time spent…), as Zou does.

Removing in bulk is managing the production (``data.projects.update``, as
Zou asks for manager access), and each task is still checked with
``data.tasks.delete`` before anything is removed;
the removal itself addresses dependents through subqueries (``purge``), so
its cost does not grow with the number of rows it takes away.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ...crud.purge import purge
from ...crud.values import parse_id
from ...engine import context, emit, ids_param, many, one, require, validated
from ...models import ALL_MODELS, Project, Task


def remove_tasks(ctx, project: dict, *conditions) -> list:
    """Delete the project's tasks matching ``conditions`` that the actor may delete; their ids."""

    require(ctx, Project, "update", row=project)
    project_id = project["id"]
    conditions = (Task.project == project_id, *conditions)
    tasks = many(ctx, Task, *conditions, order_by=(Task.created_at, Task.id))
    for task in tasks:
        require(ctx, Task, "delete", row=task)
    ids = [task["id"] for task in tasks]
    if ids:
        purge(Task, Task.select(Task.id).where(*conditions, *ctx.app.scope(ctx.actor, Task, "read")), ALL_MODELS)
    for task_id in ids:
        emit(ctx, "task:delete", {"task_id": task_id}, project_id)
    return ids


class DeleteTasks:
    """POST ``/actions/projects/<id>/delete-tasks`` (body: task ids): answers the ids removed."""

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        asked = ids_param(validated(req, "data/production/tasks/entity_ids", default=[]), "body")
        resp.media = [str(i) for i in remove_tasks(ctx, project, Task.id.in_(asked or []))]


class DeleteTasksOfType:
    """DELETE ``/actions/projects/<id>/task-types/<id>/delete-tasks``: every task of that type."""

    def on_delete(self, req, resp, project_id, task_type_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        remove_tasks(ctx, project, Task.task_type == parse_id(task_type_id))
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [
        Route("/actions/projects/{project_id}/delete-tasks", DeleteTasks(), tags=("data",), operations={
            "POST": Operation(summary="Delete tasks of a project (and what they hold)",
                              description="Ids that are not tasks of the project are ignored.",
                              request_schema="data/production/tasks/entity_ids",
                              response_schema="data/production/tasks/answers#/$defs/ids")}),
        Route("/actions/projects/{project_id}/task-types/{task_type_id}/delete-tasks", DeleteTasksOfType(),
              tags=("data",), operations={"DELETE": Operation(
                  summary="Delete every task of a task type in a project", status=204)}),
    ]
