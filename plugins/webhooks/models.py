"""The webhooks plugin's tables: the targets, the outbox of deliveries, and every attempt made.

A ``webhook_delivery`` row is written in the transaction of the change it
tells about (``outbox.py``), so it exists exactly when the change committed.
Its ``id`` is the delivery id the receiver sees in ``X-Clapboard-Delivery``:
the same on every retry, after a crash and on a replay. ``lease_owner`` /
``lease_until`` say which process is sending it and until when; a lease that
ran out (its process was killed) makes the row due again.
``webhook_attempt`` keeps every try, replays included.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import peewee

import clapboard

STATES = ("pending", "sending", "delivered", "failed")


def utcnow() -> datetime:
    """Naive UTC, as the other tables store it."""

    return datetime.now(timezone.utc).replace(tzinfo=None)


class Webhook(clapboard.Model):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    name = peewee.CharField(max_length=120, default="")
    url = peewee.TextField()
    events = peewee.JSONField(default=list)
    project_id = peewee.UUIDField(null=True)
    secret = peewee.CharField(max_length=128)
    active = peewee.BooleanField(default=True)
    allow_private_network = peewee.BooleanField(default=False)
    created_by = peewee.CharField(max_length=64, null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "webhook"


class WebhookDelivery(clapboard.Model):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    webhook = peewee.ForeignKeyField(Webhook, on_delete="CASCADE", column_name="webhook_id")
    event = peewee.CharField(max_length=120)
    payload = peewee.JSONField()
    state = peewee.CharField(max_length=10, default="pending")
    attempts = peewee.IntegerField(default=0)  # since it was last queued (a replay starts again at 0)
    next_attempt_at = peewee.DateTimeField(default=utcnow)
    lease_owner = peewee.CharField(max_length=120, null=True)
    lease_until = peewee.DateTimeField(null=True)
    last_status_code = peewee.IntegerField(null=True)
    last_duration_ms = peewee.IntegerField(null=True)
    last_error = peewee.TextField(null=True)
    created_at = peewee.DateTimeField(default=utcnow)
    delivered_at = peewee.DateTimeField(null=True)

    class Meta:
        table_name = "webhook_delivery"
        indexes = ((("state", "next_attempt_at"), False), (("webhook", "created_at"), False))


class WebhookAttempt(clapboard.Model):
    id = peewee.AutoField()
    delivery = peewee.ForeignKeyField(WebhookDelivery, on_delete="CASCADE", column_name="delivery_id",
                                      backref="attempt_rows")
    number = peewee.IntegerField()
    status_code = peewee.IntegerField(null=True)
    duration_ms = peewee.IntegerField(null=True)
    error = peewee.TextField(null=True)
    started_at = peewee.DateTimeField()

    class Meta:
        table_name = "webhook_attempt"
        indexes = ((("delivery", "number"), False),)


MODELS = [Webhook, WebhookDelivery, WebhookAttempt]
MIGRATIONS = [clapboard.Migration(1, "webhooks, their deliveries and attempts", clapboard.create_models(*MODELS))]
