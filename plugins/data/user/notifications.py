"""The person's notifications: ``/data/user/notifications`` (list, one, read mark) and mark-all-as-read.

Only the person's own notifications are ever reached, admins included (Zou
filters by the current user, so another person's notification is a 404).
The list takes Zou's filters: ``after``/``before`` (a date or a date-time),
``task_type_id``, ``task_status_id`` (the task's current status), ``type``,
``read`` and ``watching`` (following the task). Changing the read mark emits
``notification:read`` or ``notification:unread``; marking all emits
``notification:all-read``, with the person's id, as Zou does.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ..actors import require_person
from ..crud import rows
from ..crud.meta import info
from ..crud.values import BadValue, parse_id, to_bool, to_datetime, to_uuid
from ..engine import context, emit, require, validated
from ..models import Notification, Task
from ..models.base import utcnow
from .notification_rows import notification_rows, watching

ANSWERS = "data/user/answers#/$defs"


def _param(params: dict, key: str):
    value = params.get(key)
    return value[-1] if isinstance(value, list) else value


def _when(value):
    try:
        return to_datetime(value)
    except BadValue as exc:
        raise BadRequest("Wrong date format for after or before.") from exc


def _id(value, key: str):
    try:
        return to_uuid(value)
    except BadValue as exc:
        raise BadRequest(f"Invalid UUID format for {key}: {value}") from exc


def _flag(value, key: str) -> bool:
    try:
        return to_bool(value)
    except BadValue as exc:
        raise BadRequest(f"Parameter '{key}' must be true or false.") from exc


def list_conditions(params: dict) -> list:
    """Conditions for Zou's list filters given as query parameters (400 on a malformed one)."""

    conditions = []
    if _param(params, "after") is not None:
        conditions.append(Notification.created_at > _when(_param(params, "after")))
    if _param(params, "before") is not None:
        conditions.append(Notification.created_at < _when(_param(params, "before")))
    if _param(params, "task_type_id") is not None:
        conditions.append(Task.task_type == _id(_param(params, "task_type_id"), "task_type_id"))
    if _param(params, "task_status_id") is not None:
        conditions.append(Task.task_status == _id(_param(params, "task_status_id"), "task_status_id"))
    if _param(params, "type") is not None:
        conditions.append(Notification.notification_type == _param(params, "type"))
    if _param(params, "read") is not None:
        conditions.append(Notification.read == _flag(_param(params, "read"), "read"))
    if _param(params, "watching") is not None:
        conditions.append(watching(_flag(_param(params, "watching"), "watching")))
    return conditions


class Notifications:
    def on_get(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        require(ctx, Notification, "read")
        resp.media = notification_rows(me, ctx.actor.role, *list_conditions(ctx.params))


def set_read(ctx, notification_id, read: bool) -> dict:
    """Mark one of the person's notifications read or unread; the plain notification row."""

    me = require_person(ctx)
    model_info = info(Notification)
    row = rows.fetch_one(model_info, parse_id(notification_id), False, [Notification.person == me],
                         derived_mode=None)
    if row is None:
        raise NotFound("Notification not found.")
    require(ctx, Notification, "update", row=row, changes={"read": read})
    Notification.update(read=read, updated_at=utcnow()).where(Notification.id == row["id"]).execute()
    emit(ctx, "notification:read" if read else "notification:unread",
         {"person_id": me, "notification_id": row["id"]})
    return rows.fetch_one(model_info, row["id"], False, derived_mode=None)


class OneNotification:
    def on_get(self, req, resp, notification_id):
        ctx = context(req)
        me = require_person(ctx)
        require(ctx, Notification, "read")
        found = notification_rows(me, ctx.actor.role, Notification.id == parse_id(notification_id), limit=1)
        if not found:
            raise NotFound("Notification not found.")
        resp.media = found[0]

    def on_put(self, req, resp, notification_id):
        ctx = context(req)
        require_person(ctx)
        body = validated(req, "data/user/notification_update")
        resp.media = set_read(ctx, notification_id, body["read"])


class MarkAllAsRead:
    def on_post(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        scope = ctx.app.scope(ctx.actor, Notification, "update")
        Notification.update(read=True, updated_at=utcnow()).where(
            Notification.person == me, Notification.read == False, *scope).execute()  # noqa: E712
        emit(ctx, "notification:all-read", {"person_id": me})
        resp.media = {"success": True}


def routes() -> list[Route]:
    return [
        Route("/data/user/notifications", Notifications(), tags=("data",), operations={
            "GET": Operation(summary="The person's latest 100 notifications (filters: after, before, task_type_id, "
                                     "task_status_id, type, read, watching)",
                             response_schema=f"{ANSWERS}/notifications")}),
        Route("/data/user/notifications/{notification_id}", OneNotification(), tags=("data",), operations={
            "GET": Operation(summary="One of the person's notifications", response_schema=f"{ANSWERS}/notification"),
            "PUT": Operation(summary="Mark one of the person's notifications read or unread",
                             request_schema="data/user/notification_update",
                             response_schema="data/notifications#/$defs/row")}),
        Route("/actions/user/notifications/mark-all-as-read", MarkAllAsRead(), tags=("data",), operations={
            "POST": Operation(summary="Mark all the person's notifications read", response_schema=f"{ANSWERS}/success")}),
    ]
