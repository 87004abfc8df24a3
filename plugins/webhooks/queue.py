"""The delivery rows through their life: claimed by one process, sent, then delivered, retried or failed.

Each step is a short transaction of its own (run again when the database asks
for it), never held while a target is being called. Claiming is a conditional
UPDATE: a row goes from due — ``pending`` and ``next_attempt_at`` passed, or
``sending`` under a lease that ran out because its process died — to
``sending`` under a fresh lease named by a token of this claim, so of several
processes that see the same row exactly one gets it. The outcome is only
recorded by the lease holder; a re-send after a crash carries the same
delivery id.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import uuid
from datetime import timedelta

import peewee

from clapboard.transactions import retried as write  # noqa: F401 - the queue's steps, also used by its callers

from .models import Webhook, WebhookAttempt, WebhookDelivery, utcnow
from .sender import Outcome

log = logging.getLogger("clapboard.webhooks")


def lease_seconds(settings: dict) -> float:
    """Longer than any one send may take (connect + read timeouts), with a margin."""

    return 2 * settings["timeout_seconds"] + 10


def _due(now) -> peewee.Expression:
    d = WebhookDelivery
    return ((d.state == "pending") & (d.next_attempt_at <= now)) | ((d.state == "sending") & (d.lease_until < now))


def claim(app, settings: dict, limit: int) -> list[WebhookDelivery]:
    """Up to ``limit`` due deliveries, now ``sending`` for this process (oldest due first)."""

    token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
    d = WebhookDelivery
    if not d.select(d.id).where(_due(utcnow())).limit(1).exists():
        return []  # the usual look: a plain read, no write transaction (on SQLite it would queue behind requests)

    def take():
        now = utcnow()
        ids = [row.id for row in d.select(d.id).where(_due(now)).order_by(d.next_attempt_at).limit(limit)]
        if not ids:
            return []
        (d.update(state="sending", lease_owner=token, lease_until=now + timedelta(seconds=lease_seconds(settings)),
                  attempts=d.attempts + 1)
         .where(d.id.in_(ids) & _due(now)).execute())
        return list(d.select().where(d.lease_owner == token, d.state == "sending"))

    return write(app, take)


def next_due(app):
    """When the next delivery falls due (``None``: nothing is waiting)."""

    d = WebhookDelivery
    pending = d.select(peewee.fn.MIN(d.next_attempt_at)).where(d.state == "pending").scalar()
    leased = d.select(peewee.fn.MIN(d.lease_until)).where(d.state == "sending").scalar()
    found = [t for t in (pending, leased) if t is not None]
    return min(found) if found else None


def backoff(settings: dict, attempts: int) -> float:
    """``backoff_seconds * 2**(n-1)``, capped, with up to 20 % jitter so retries do not come in waves."""

    base = min(settings["backoff_seconds"] * 2 ** max(attempts - 1, 0), settings["max_backoff_seconds"])
    return base * random.uniform(0.8, 1.0)


def finish(app, settings: dict, delivery: WebhookDelivery, started, outcome: Outcome) -> str:
    """Record the attempt and the row's new state, as long as this claim still holds the row (a row
    deleted meanwhile, or taken over after its lease ran out, is left to its new owner)."""

    def record():
        d = WebhookDelivery
        now = utcnow()
        if outcome.delivered:
            changes = {"state": "delivered", "delivered_at": now}
        elif delivery.attempts >= settings["max_attempts"]:
            changes = {"state": "failed"}
        else:
            changes = {"state": "pending",
                       "next_attempt_at": now + timedelta(seconds=backoff(settings, delivery.attempts))}
        changed = d.update(lease_owner=None, lease_until=None, last_status_code=outcome.status_code,
                           last_duration_ms=outcome.duration_ms, last_error=outcome.error, **changes).where(
            d.id == delivery.id, d.lease_owner == delivery.lease_owner, d.state == "sending").execute()
        if not changed:  # deleted with its webhook, or its lease ran out and another process has it
            return "taken over"
        number = (WebhookAttempt.select(peewee.fn.MAX(WebhookAttempt.number))
                  .where(WebhookAttempt.delivery == delivery.id).scalar() or 0) + 1
        WebhookAttempt.create(delivery=delivery.id, number=number, status_code=outcome.status_code,
                              duration_ms=outcome.duration_ms, error=outcome.error, started_at=started)
        return changes["state"]

    return write(app, record)


def requeue(delivery_id) -> bool:
    """A replay (inside the caller's transaction): due now, same id, a fresh count of attempts."""

    d = WebhookDelivery
    return bool(d.update(state="pending", attempts=0, next_attempt_at=utcnow(), lease_owner=None, lease_until=None)
                .where(d.id == delivery_id).execute())


def purge(app, settings: dict) -> int:
    """Forget delivered rows older than ``keep_days`` (and their attempts)."""

    before = utcnow() - timedelta(days=settings["keep_days"])

    def forget():
        d = WebhookDelivery
        old = d.select(d.id).where(d.state == "delivered", d.delivered_at < before)
        WebhookAttempt.delete().where(WebhookAttempt.delivery.in_(old)).execute()
        return d.delete().where(d.state == "delivered", d.delivered_at < before).execute()

    return write(app, forget)


def hooks_by_id(ids) -> dict:
    return {hook.id: hook for hook in Webhook.select().where(Webhook.id.in_(list(set(ids))))}
