"""Following tasks: whether the person follows one, and following or leaving several at once.

The one-task routes live with the tasks (``production/tasks/subscriptions``);
the bulk ones here apply the same functions to each id, in one transaction,
so a task the person cannot reach refuses the whole request (404) and
nothing is written. As in Zou, subscribing answers the subscriptions (201)
and unsubscribing answers the ids given (200).
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, one, validated
from ..models import Subscription, Task
from ..production.tasks.subscriptions import subscribe, unsubscribe

ANSWERS = "data/user/answers#/$defs"


class Subscribed:
    """GET ``/data/user/tasks/<id>/subscribed``: ``true`` when the person follows the task."""

    def on_get(self, req, resp, task_id):
        ctx = context(req)
        me = require_person(ctx)
        task = one(ctx, Task, task_id, relations=False)
        resp.media = Subscription.select().where(Subscription.person == me, Subscription.task == task["id"]).exists()


class SubscribeMany:
    def on_post(self, req, resp):
        ctx = context(req)
        require_person(ctx)
        task_ids = validated(req, "data/user/task_ids")["task_ids"]
        resp.media = [subscribe(ctx, task_id) for task_id in task_ids]
        resp.status = falcon.HTTP_201


class UnsubscribeMany:
    def on_post(self, req, resp):
        ctx = context(req)
        require_person(ctx)
        task_ids = validated(req, "data/user/task_ids")["task_ids"]
        for task_id in task_ids:
            unsubscribe(ctx, task_id)
        resp.media = task_ids


def routes() -> list[Route]:
    return [
        Route("/data/user/tasks/{task_id}/subscribed", Subscribed(), tags=("data",), operations={
            "GET": Operation(summary="Whether the person follows a task", response_schema=f"{ANSWERS}/subscribed")}),
        Route("/actions/user/tasks/subscribe", SubscribeMany(), tags=("data",), operations={
            "POST": Operation(summary="Follow several tasks", request_schema="data/user/task_ids",
                              response_schema=f"{ANSWERS}/subscriptions", status=201)}),
        Route("/actions/user/tasks/unsubscribe", UnsubscribeMany(), tags=("data",), operations={
            "POST": Operation(summary="Stop following several tasks", request_schema="data/user/task_ids",
                              response_schema=f"{ANSWERS}/ids")}),
    ]
