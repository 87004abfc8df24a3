"""The transactional outbox: one delivery row per (event, matching webhook), written before commit.

``before_commit`` runs inside the transaction of the change, so the rows
commit with it or not at all: a process killed after the commit loses no
delivery (the rows wait in the database for any process to send them), and
one killed before the commit never made the change either. Nothing is sent
here: the request only pays for one read of the active webhooks and one
insert.

Patterns: an exact event name (``task:update``), a prefix ending in ``*``
(``task:*``), or ``*`` for every event. A webhook with a ``project_id`` only
gets events whose data carries that ``project_id``. ``webhooks:ping`` goes
to the webhook it names only; ``webhooks:replay`` goes nowhere (it only wakes
the senders after the replay's commit).
"""

from __future__ import annotations

import contextvars
import uuid

import orjson

from clapboard.errors import BadRequest

from .models import Webhook, WebhookDelivery, utcnow

PING = "webhooks:ping"
REPLAY = "webhooks:replay"
ADDRESSED = (PING, REPLAY)


def matches(pattern: str, name: str) -> bool:
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return pattern == name


def check_patterns(patterns: list[str], declared: list[str]) -> None:
    """400 unless every pattern names (or, with ``*``, covers) at least one declared event."""

    for pattern in patterns:
        if "*" in pattern[:-1]:
            raise BadRequest(f"events: {pattern!r}: '*' may only end a pattern (task:*) or stand alone (*).")
        if not any(matches(pattern, name) for name in declared):
            raise BadRequest(f"events: {pattern!r} matches no event of the enabled plugins "
                             "(GET /plugins/webhooks/events lists them).")


def _wants(hook: Webhook, event) -> bool:
    if event.name in ADDRESSED:
        return event.name == PING and str(event.data.get("webhook_id")) == str(hook.id)
    if hook.project_id is not None and str(event.data.get("project_id")) != str(hook.project_id):
        return False
    return any(matches(pattern, event.name) for pattern in hook.events or ())


def body(delivery_id, webhook_id, event) -> dict:
    """What the receiver gets, as JSON-safe values (stored as is, sent as is on every try)."""

    return orjson.loads(orjson.dumps({
        "id": str(delivery_id),
        "event": event.name,
        "created_at": event.created_at.isoformat(),
        "actor_id": event.actor_id,
        "data": dict(event.data),
        "webhook_id": str(webhook_id),
    }, default=str))


_queued: contextvars.ContextVar[bool] = contextvars.ContextVar("clapboard_webhooks_queued", default=False)


def take_queued() -> bool:
    """Whether the unit of work that just committed queued deliveries (asked once, after commit): only
    then are the senders woken, so a studio's ordinary writes cost them nothing."""

    queued = _queued.get()
    if queued:
        _queued.set(False)
    return queued


def record(events) -> int:
    """Insert the deliveries of ``events`` (inside the caller's transaction); answers how many."""

    hooks = list(Webhook.select().where(Webhook.active == True))  # noqa: E712 - a SQL comparison
    if not hooks:
        return 0
    now = utcnow()
    rows = []
    for event in events:
        for hook in hooks:
            if _wants(hook, event):
                delivery_id = uuid.uuid4()
                rows.append({"id": delivery_id, "webhook": hook.id, "event": event.name,
                             "payload": body(delivery_id, hook.id, event), "state": "pending", "attempts": 0,
                             "next_attempt_at": now, "created_at": now})
    for start in range(0, len(rows), 200):
        WebhookDelivery.insert_many(rows[start:start + 200]).execute()
    if rows:
        _queued.set(True)
    return len(rows)
