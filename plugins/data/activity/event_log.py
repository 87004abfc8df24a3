"""The event log and the login history: ``/data/events/last``, ``/data/events/names``, login logs.

Zou's rules: admins read the whole log; managers only the events of the
productions they manage (events without a production stay hidden from them),
through the policy's event scope; nobody else reads it. A ``project_id`` the
caller does not manage is a 403, whether or not it exists. Event names are
the log's vocabulary, readable by managers unscoped. Login logs carry
everyone's addresses: admins only. Pages go back in time with
``cursor_event_id`` / ``cursor_login_log_id``; ``limit`` is capped at 1000.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..engine import Target, context, require
from ..models import ApiEvent, LoginLog
from . import query_params as qp

LIST = "data/activity/answers#/$defs/"
# What ``only_files`` keeps: the events announcing a stored file (emitted where files are stored,
# not by this family).
FILE_EVENTS = tuple(f"{kind}:{action}" for kind, action in (
    ("preview-file", "add-file"), ("organisation", "set-thumbnail"), ("person", "set-thumbnail"),
    ("project", "set-thumbnail")))
MAX_LIMIT = 1000


def _limit(req) -> int:
    return min(qp.integer(req, "limit", 100, 0), MAX_LIMIT)


def _older_than(model, cursor_id, what: str) -> object:
    """Rows strictly before the cursor row, in the log's order (newest first, then id)."""

    found = model.select(model.created_at).where(model.id == cursor_id).tuples().first()
    if found is None:
        raise BadRequest(f"No {what} found with id: {cursor_id}")
    moment = found[0]
    return (model.created_at < moment) | ((model.created_at == moment) & (model.id < cursor_id))


def _dated(req, model) -> list:
    found = []
    after, before = qp.moment(req, "after"), qp.moment(req, "before")
    if after is not None:
        found.append(model.created_at > after)
    if before is not None:
        found.append(model.created_at < before)
    return found


def last_events(req, ctx) -> list[dict]:
    project_id = qp.an_id(req, "project_id", "The project_id parameter is not a valid id")
    require(ctx, ApiEvent, "read-log", row={"project_id": project_id} if project_id else None)
    limit = _limit(req)
    cursor = qp.an_id(req, "cursor_event_id", "The cursor_event_id parameter is not a valid id")
    conditions = [*ctx.app.scope(ctx.actor, ApiEvent, "read"), *_dated(req, ApiEvent)]
    if qp.flag(req, "only_files"):
        conditions.append(ApiEvent.name.in_(FILE_EVENTS))
    if project_id is not None:
        conditions.append(ApiEvent.project_id == project_id)
    person_ids = qp.ids(req, "person_ids")
    if person_ids:
        conditions.append(ApiEvent.user_id.in_(person_ids))
    name = qp.text(req, "name")
    if name is not None:
        conditions.append(ApiEvent.name == name)
    prefixes, suffixes = qp.name_parts(req, "name_prefixes"), qp.name_parts(req, "name_suffixes")
    if prefixes:
        conditions.append(_any(ApiEvent.name.startswith(f"{prefix}:") for prefix in prefixes))
    if suffixes:
        conditions.append(_any(ApiEvent.name.endswith(f":{suffix}") for suffix in suffixes))
    if cursor is not None:
        conditions.append(_older_than(ApiEvent, cursor, "event"))
    columns = (ApiEvent.id, ApiEvent.created_at, ApiEvent.name, ApiEvent.user_id, ApiEvent.project_id, ApiEvent.data)
    query = _where(ApiEvent.select(*columns), conditions)
    return list(query.order_by(ApiEvent.created_at.desc(), ApiEvent.id.desc()).limit(limit).dicts())


def _where(query, conditions: list):
    return query.where(*conditions) if conditions else query


def _any(expressions):
    found = None
    for expression in expressions:
        found = expression if found is None else (found | expression)
    return found


def last_login_logs(req, ctx) -> list[dict]:
    ctx.app.require(ctx.actor, "data.login-logs.read", Target(LoginLog))
    limit = _limit(req)
    cursor = qp.an_id(req, "cursor_login_log_id", "The cursor_login_log_id parameter is not a valid id")
    conditions = _dated(req, LoginLog)
    person_ids = qp.ids(req, "person_ids")
    if person_ids:
        conditions.append(LoginLog.person.in_(person_ids))
    if cursor is not None:
        conditions.append(_older_than(LoginLog, cursor, "login log"))
    columns = (LoginLog.id, LoginLog.created_at, LoginLog.ip_address, LoginLog.person.alias("person_id"),
               LoginLog.origin)
    query = _where(LoginLog.select(*columns), conditions)
    return list(query.order_by(LoginLog.created_at.desc(), LoginLog.id.desc()).limit(limit).dicts())


class LastEventsResource:
    def on_get(self, req, resp):
        resp.media = last_events(req, context(req))


class EventNamesResource:
    def on_get(self, req, resp):
        ctx = context(req)
        require(ctx, ApiEvent, "read-names")
        query = ApiEvent.select(ApiEvent.name).distinct().order_by(ApiEvent.name).tuples()
        resp.media = [name for (name,) in query]


class LoginLogsResource:
    def on_get(self, req, resp):
        resp.media = last_login_logs(req, context(req))


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/events/last", LastEventsResource(), tags=tags, operations={"GET": Operation(
            summary="The last events, newest first (admins: all; managers: their productions)",
            description="`after`, `before` (dates), `cursor_event_id` (older than that event), `limit` (≤ 1000, "
                        "default 100), `project_id`, `name`, repeated `name_prefixes` / `name_suffixes` (the parts "
                        "before / after the colon), repeated `person_ids` (authors), `only_files`.",
            response_schema=LIST + "events")}),
        Route("/data/events/names", EventNamesResource(), tags=tags, operations={"GET": Operation(
            summary="The distinct event names found in the log (admins and managers)",
            response_schema=LIST + "event_names")}),
        Route("/data/events/login-logs/last", LoginLogsResource(), tags=tags, operations={"GET": Operation(
            summary="The last logins, newest first (admins only)",
            description="`after`, `before` (dates), `cursor_login_log_id`, `limit` (≤ 1000, default 100), "
                        "repeated `person_ids`.",
            response_schema=LIST + "login_logs")}),
    ]
