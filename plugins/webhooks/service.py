"""What the API and the CLI both do to webhooks and deliveries, inside the caller's transaction.

Bodies are validated against ``webhooks/hooks`` first, then judged for what
a schema cannot say: event patterns must match an event some enabled plugin
declares, and the URL must reach a public address (``ssrf.py``) unless the
webhook allows private networks. The secret is made here, answered once at
creation and by ``rotate``, and never in a read.
"""

from __future__ import annotations

import secrets
import uuid

from clapboard import emit
from clapboard.errors import BadRequest, NotFound

from . import outbox, queue, ssrf
from .models import STATES, Webhook, WebhookAttempt, WebhookDelivery, utcnow

FIELDS = ("name", "url", "events", "project_id", "active", "allow_private_network")


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def as_uuid(value, what: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise NotFound(f"No {what} with id {value}.") from None


def hook_view(hook: Webhook, secret: bool = False) -> dict:
    answer = {"id": str(hook.id), "type": "Webhook", "name": hook.name, "url": hook.url, "events": list(hook.events),
              "project_id": str(hook.project_id) if hook.project_id else None, "active": hook.active,
              "allow_private_network": hook.allow_private_network, "created_by": hook.created_by,
              "created_at": hook.created_at, "updated_at": hook.updated_at}
    if secret:
        answer["secret"] = hook.secret
    return answer


def delivery_view(row: WebhookDelivery, history: bool = False) -> dict:
    answer = {"id": str(row.id), "type": "WebhookDelivery", "webhook_id": str(row.webhook_id), "event": row.event,
              "state": row.state, "attempts": row.attempts, "next_attempt_at": row.next_attempt_at,
              "last_status_code": row.last_status_code, "last_duration_ms": row.last_duration_ms,
              "last_error": row.last_error, "created_at": row.created_at, "delivered_at": row.delivered_at}
    if history:
        answer["payload"] = row.payload
        answer["history"] = [{"number": a.number, "status_code": a.status_code, "duration_ms": a.duration_ms,
                              "error": a.error, "started_at": a.started_at}
                             for a in WebhookAttempt.select().where(WebhookAttempt.delivery == row.id)
                             .order_by(WebhookAttempt.number)]
    return answer


def _judge(app, body: dict, allow_private: bool, url: str) -> None:
    if "events" in body:
        outbox.check_patterns(body["events"], [e.name for e in app.event_types])
    ssrf.check(url, allow_private)


def create(app, body, actor_id=None) -> Webhook:
    body = app.schemas.validate("webhooks/hooks#/$defs/create", body)
    _judge(app, body, body.get("allow_private_network", False), body["url"])
    values = {k: body[k] for k in FIELDS if k in body}
    return Webhook.create(id=uuid.uuid4(), secret=new_secret(), created_by=actor_id, **values)


def get(hook_id) -> Webhook:
    hook = Webhook.get_or_none(Webhook.id == as_uuid(hook_id, "webhook"))
    if hook is None:
        raise NotFound(f"No webhook with id {hook_id}.")
    return hook


def update(app, hook_id, body) -> Webhook:
    hook = get(hook_id)
    body = app.schemas.validate("webhooks/hooks#/$defs/update", body)
    allow = body.get("allow_private_network", hook.allow_private_network)
    if "url" in body or "allow_private_network" in body or "events" in body:
        _judge(app, body, allow, body.get("url", hook.url))
    for key in FIELDS:
        if key in body:
            setattr(hook, key, body[key])
    hook.updated_at = utcnow()
    hook.save()
    return hook


def delete(hook_id) -> None:
    hook = get(hook_id)
    deliveries = WebhookDelivery.select(WebhookDelivery.id).where(WebhookDelivery.webhook == hook.id)
    WebhookAttempt.delete().where(WebhookAttempt.delivery.in_(deliveries)).execute()
    WebhookDelivery.delete().where(WebhookDelivery.webhook == hook.id).execute()
    hook.delete_instance()


def rotate(hook_id) -> Webhook:
    hook = get(hook_id)
    hook.secret = new_secret()
    hook.updated_at = utcnow()
    hook.save()
    return hook


def ping(hook_id, actor_id=None) -> Webhook:
    """Queue a ``webhooks:ping`` delivery to this webhook only (an inactive one is refused)."""

    hook = get(hook_id)
    if not hook.active:
        raise BadRequest("This webhook is inactive: set active to true before pinging it.")
    emit(outbox.PING, {"webhook_id": str(hook.id), "url": hook.url}, actor_id=actor_id)
    return hook


def delivery(delivery_id) -> WebhookDelivery:
    row = WebhookDelivery.get_or_none(WebhookDelivery.id == as_uuid(delivery_id, "delivery"))
    if row is None:
        raise NotFound(f"No delivery with id {delivery_id}.")
    return row


def replay(delivery_id, actor_id=None) -> WebhookDelivery:
    """Queue a delivery again: same id, its attempts kept in the history, sent by the pool after commit."""

    row = delivery(delivery_id)
    queue.requeue(row.id)
    emit(outbox.REPLAY, {"delivery_id": str(row.id), "webhook_id": str(row.webhook_id)}, actor_id=actor_id)
    return delivery(row.id)


def deliveries(params: dict):
    """The deliveries matching ``webhook_id``, ``state`` and ``event``, newest first."""

    d = WebhookDelivery
    query = d.select()
    if params.get("webhook_id"):
        try:
            query = query.where(d.webhook == uuid.UUID(str(params["webhook_id"])))
        except ValueError:
            raise BadRequest("Parameter 'webhook_id' must be a UUID.") from None
    if params.get("state"):
        if params["state"] not in STATES:
            raise BadRequest(f"Parameter 'state' must be one of {', '.join(STATES)}.")
        query = query.where(d.state == params["state"])
    if params.get("event"):
        query = query.where(d.event == params["event"])
    return query.order_by(d.created_at.desc(), d.id)
