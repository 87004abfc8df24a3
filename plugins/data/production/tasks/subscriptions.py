"""Following a task: the actor's own subscriptions, and a production's list for its managers.

Subscribing is creating one's own subscription row through the generic
engine (the policy lets anyone own theirs) on a task the actor reaches; the
project list is a manager's view of everybody's subscriptions, so it is
checked as managing the project (``data.projects.update``). The task row is
locked before its followers are read, so clients subscribing one person at
once queue and all get the one subscription.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ...actors import require_person
from ...crud import rows, service
from ...crud.meta import info
from ...engine import context, lock, one, require
from ...models import Project, Subscription, Task


def _following(ctx, task_id) -> tuple:
    """The acting person, the task (locked: one person's clicks queue) and their subscription id if any."""

    me = require_person(ctx)
    task = one(ctx, Task, task_id, relations=False)
    lock(Task, [task["id"]])
    existing = Subscription.select(Subscription.id).where(Subscription.person == me,
                                                           Subscription.task == task["id"]).scalar()
    return me, task, existing


def subscribe(ctx, task_id) -> dict:
    """Follow a task the actor reaches (404 otherwise): the subscription, the existing one if there."""

    me, task, existing = _following(ctx, task_id)
    if existing is not None:
        return rows.fetch_one(info(Subscription), existing, False, derived_mode=None)
    return service.create_row(ctx, info(Subscription), {"person_id": str(me), "task_id": str(task["id"])})


def unsubscribe(ctx, task_id) -> None:
    """Stop following a task the actor reaches (404 otherwise); nothing to do when not following."""

    _me, _task, existing = _following(ctx, task_id)
    if existing is not None:
        service.delete_row(ctx, info(Subscription), existing)


class Subscribe:
    """POST ``/actions/user/tasks/<id>/subscribe``: the subscription (the existing one if already there)."""

    def on_post(self, req, resp, task_id):
        resp.media = subscribe(context(req), task_id)
        resp.status = falcon.HTTP_201


class Unsubscribe:
    """DELETE ``/actions/user/tasks/<id>/unsubscribe``."""

    def on_delete(self, req, resp, task_id):
        unsubscribe(context(req), task_id)
        resp.status = falcon.HTTP_204


class ProjectSubscriptions:
    """GET ``/data/projects/<id>/subscriptions``: every subscription to the project's tasks."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, Project, "update", row=project)
        tasks = Task.select(Task.id).where(Task.project == project["id"])
        model_info = info(Subscription)
        query = (rows.select(model_info).where(Subscription.task.in_(tasks))
                 .order_by(Subscription.created_at, Subscription.id))
        resp.media = rows.fetch_page(model_info, query, False)


def routes() -> list[Route]:
    return [
        Route("/actions/user/tasks/{task_id}/subscribe", Subscribe(), tags=("data",), operations={"POST": Operation(
            summary="Subscribe to a task's notifications", status=201,
            response_schema="data/subscriptions#/$defs/row")}),
        Route("/actions/user/tasks/{task_id}/unsubscribe", Unsubscribe(), tags=("data",), operations={
            "DELETE": Operation(summary="Stop following a task", status=204)}),
        Route("/data/projects/{project_id}/subscriptions", ProjectSubscriptions(), tags=("data",), operations={
            "GET": Operation(summary="Subscriptions to the tasks of a project (managers)",
                             response_schema="data/subscriptions#/$defs/list")}),
    ]
