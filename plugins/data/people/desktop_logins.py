"""Desktop login logs: when a person opened a session on their workstation (sent by studio tools).

A person's logs are read by themselves and managers, and written by
themselves (admins for anyone), as in Zou; ``/data/user/desktop-login-logs``
is the same for the logged-in person, refused to bot tokens. Logging a
session moves the person's ``last_presence`` to their latest presence
(desktop login or time spent) and emits ``person:update``.
"""

from __future__ import annotations

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..actors import require_person
from ..crud import rows
from ..crud.meta import info
from ..crud.values import BadValue, to_datetime
from ..engine import context, emit, one, require, validated
from ..models import DesktopLoginLog, Person, TimeSpent
from ..models.base import utcnow

LOG = "data/people/answers#/$defs/desktop_login_log"
LOGS = "data/people/answers#/$defs/desktop_login_logs"


def login_logs(ctx, person_id) -> list[dict]:
    person = one(ctx, Person, person_id, relations=False)
    require(ctx, Person, "read-desktop-logs", row=person)
    model_info = info(DesktopLoginLog)
    query = (rows.select(model_info).where(DesktopLoginLog.person == person["id"])
             .order_by(DesktopLoginLog.date.desc(), DesktopLoginLog.id))
    return rows.fetch_page(model_info, query, False)


def _refresh_last_presence(person_id) -> None:
    logged = DesktopLoginLog.select(peewee.fn.MAX(DesktopLoginLog.date)).where(
        DesktopLoginLog.person == person_id).scalar()
    spent = TimeSpent.select(peewee.fn.MAX(TimeSpent.date)).where(TimeSpent.person == person_id).scalar()
    days = [day for day in (logged.date() if logged else None, spent) if day is not None]
    Person.update(last_presence=max(days) if days else None, updated_at=utcnow()).where(
        Person.id == person_id).execute()


def log_login(ctx, person_id, body: dict) -> dict:
    try:
        when = to_datetime(body["date"]) if body.get("date") else utcnow().replace(microsecond=0)
    except BadValue as exc:
        raise BadRequest("Wrong date format. Expected: 2020-01-05T13:23:10 or 2020-01-05.") from exc
    person = one(ctx, Person, person_id, relations=False)
    require(ctx, Person, "log-desktop-login", row=person)
    now = utcnow()
    log = DesktopLoginLog.create(person=person["id"], date=when, created_at=now, updated_at=now)
    _refresh_last_presence(person["id"])
    emit(ctx, "person:update", {"person_id": person["id"]})
    return rows.fetch_one(info(DesktopLoginLog), log.id, False, derived_mode=None)


class PersonLoginLogs:
    def on_get(self, req, resp, person_id):
        resp.media = login_logs(context(req), person_id)

    def on_post(self, req, resp, person_id):
        body = validated(req, "data/people/desktop_login")
        resp.media = log_login(context(req), person_id, body)
        resp.status = falcon.HTTP_201


class UserLoginLogs:
    def on_get(self, req, resp):
        ctx = context(req)
        resp.media = login_logs(ctx, require_person(ctx))

    def on_post(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        resp.media = log_login(ctx, me, validated(req, "data/people/desktop_login"))
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    post = Operation(summary="Record a desktop login (now when no date is given)",
                     request_schema="data/people/desktop_login", response_schema=LOG, status=201)
    return [
        Route("/data/persons/{person_id}/desktop-login-logs", PersonLoginLogs(), tags=("data",), operations={
            "GET": Operation(summary="A person's desktop login logs, latest first", response_schema=LOGS),
            "POST": post}),
        Route("/data/user/desktop-login-logs", UserLoginLogs(), tags=("data",), operations={
            "GET": Operation(summary="The current user's desktop login logs, latest first", response_schema=LOGS),
            "POST": post}),
    ]
