"""Following a task type within a sequence (or any parent entity): every comment on a task of
that type on the sequence's shots then notifies the person (``production/tasks/notify``).

Zou checks nothing on these routes; here the sequence (or entity) and the
project must be ones the person reaches (404 otherwise) and the task type
must exist. Subscribing answers the subscription (the existing one if there,
201); unsubscribing answers 204 either way; the project listing answers the
ids of the sequences followed for a task type.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..crud import rows, service
from ..crud.meta import info
from ..engine import context, one
from ..models import Entity, Project, Subscription, TaskType

ANSWERS = "data/user/answers#/$defs"


def _following(ctx, sequence_id, task_type_id):
    """(person, entity, task type, the subscription id or ``None``)."""

    me = require_person(ctx)
    entity = one(ctx, Entity, sequence_id, relations=False)
    task_type = one(ctx, TaskType, task_type_id, relations=False)
    existing = Subscription.select(Subscription.id).where(
        Subscription.person == me, Subscription.entity == entity["id"],
        Subscription.task_type == task_type["id"]).scalar()
    return me, entity, task_type, existing


class Subscribed:
    """GET ``…/sequences|entities/<id>/task-types/<id>/subscribed``: ``true`` when followed."""

    def on_get(self, req, resp, sequence_id, task_type_id):
        resp.media = _following(context(req), sequence_id, task_type_id)[3] is not None


class Subscribe:
    def on_post(self, req, resp, sequence_id, task_type_id):
        ctx = context(req)
        me, entity, task_type, existing = _following(ctx, sequence_id, task_type_id)
        if existing is not None:
            resp.media = rows.fetch_one(info(Subscription), existing, False, derived_mode=None)
        else:
            resp.media = service.create_row(ctx, info(Subscription), {
                "person_id": str(me), "entity_id": str(entity["id"]), "task_type_id": str(task_type["id"])})
        resp.status = falcon.HTTP_201


class Unsubscribe:
    def on_delete(self, req, resp, sequence_id, task_type_id):
        ctx = context(req)
        existing = _following(ctx, sequence_id, task_type_id)[3]
        if existing is not None:
            service.delete_row(ctx, info(Subscription), existing)
        resp.status = falcon.HTTP_204


class ProjectSequenceSubscriptions:
    """GET ``/data/user/projects/<id>/task-types/<id>/sequence-subscriptions``: ids of the followed sequences."""

    def on_get(self, req, resp, project_id, task_type_id):
        ctx = context(req)
        me = require_person(ctx)
        project = one(ctx, Project, project_id, relations=False)
        task_type = one(ctx, TaskType, task_type_id, relations=False)
        query = (Subscription.select(Subscription.entity)
                 .join(Entity, on=(Entity.id == Subscription.entity))
                 .where(Subscription.person == me, Subscription.task_type == task_type["id"],
                        Entity.project == project["id"])
                 .order_by(Subscription.created_at, Subscription.id).tuples())
        resp.media = [str(entity_id) for (entity_id,) in query]


def routes() -> list[Route]:
    subscribed = Operation(summary="Whether the person follows a task type within a sequence (or entity)",
                           response_schema=f"{ANSWERS}/subscribed")
    return [
        Route("/data/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribed", Subscribed(),
              tags=("data",), operations={"GET": subscribed}),
        Route("/data/user/entities/{sequence_id}/task-types/{task_type_id}/subscribed", Subscribed(),
              tags=("data",), operations={"GET": subscribed}),
        Route("/data/user/projects/{project_id}/task-types/{task_type_id}/sequence-subscriptions",
              ProjectSequenceSubscriptions(), tags=("data",), operations={"GET": Operation(
                  summary="Ids of the sequences of a production where the person follows a task type",
                  response_schema=f"{ANSWERS}/ids")}),
        Route("/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/subscribe", Subscribe(),
              tags=("data",), operations={"POST": Operation(
                  summary="Follow a task type within a sequence", status=201,
                  response_schema="data/subscriptions#/$defs/row")}),
        Route("/actions/user/sequences/{sequence_id}/task-types/{task_type_id}/unsubscribe", Unsubscribe(),
              tags=("data",), operations={"DELETE": Operation(
                  summary="Stop following a task type within a sequence", status=204)}),
    ]
