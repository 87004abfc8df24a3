"""The core request pipeline, in order: request id and access log, body-size
limit, database unit of work, authentication and route-level permission.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from . import caching
from .db import database
from .errors import PayloadTooLarge, PermissionDenied, Unauthorized
from .routing import RouteTarget

access_log = logging.getLogger("clapboard.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    """Puts the app in ``req.context.app``, gives each request an id (kept from a
    sane ``X-Request-ID``) and logs one line per request."""

    def __init__(self, app):
        self.app = app

    def process_request(self, req, resp):
        req.context.app = self.app
        given = req.get_header("X-Request-ID")
        req.context.request_id = given if given and _REQUEST_ID.match(given) else uuid.uuid4().hex
        req.context.started = time.perf_counter()
        req.context.cache_request = caching.start_request(getattr(self.app, "memo", None))
        resp.set_header("X-Request-ID", req.context.request_id)

    def process_response(self, req, resp, resource, req_succeeded):
        token = req.context.get("cache_request")
        if token is not None:
            req.context.cache_request = None
            caching.end_request(token)
        started = req.context.get("started") or time.perf_counter()
        duration_ms = (time.perf_counter() - started) * 1000
        actor = req.context.get("actor")
        access_log.info(
            "%s %s %s %s %.1fms",
            req.context.get("request_id"),
            req.method,
            req.relative_uri,
            resp.status[:3] if isinstance(resp.status, str) else resp.status,
            duration_ms,
            extra={
                "request_id": req.context.get("request_id"),
                "method": req.method,
                "path": req.path,
                "status": int(str(resp.status)[:3]),
                "duration_ms": round(duration_ms, 2),
                "actor_id": getattr(actor, "id", None),
            },
        )


class BodyLimitMiddleware:
    """Answers 413 in JSON before any body is read past the configured limit."""

    def __init__(self, limit: int):
        self.limit = limit

    def process_request(self, req, resp):
        length = req.content_length
        if length is not None and length > self.limit:
            raise PayloadTooLarge(f"The request body is {length} bytes; the limit is {self.limit} bytes.")


class _ClosingStream:
    """Wraps a streamed body so the database connection is released once it is sent."""

    def __init__(self, stream, on_close):
        self._iter = iter(stream)
        self._stream = stream
        self._on_close = on_close

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iter)

    def close(self):
        try:
            close = getattr(self._stream, "close", None)
            if close is not None:
                close()
        finally:
            self._on_close()


class DatabaseMiddleware:
    """A connection per request, back to the pool once the response (or its stream) is sent.

    Reads run in autocommit and connect lazily; writing requests get their
    transaction from ``clapboard.transactions`` around the responder.
    """

    def __init__(self, app):
        self.app = app

    def process_request(self, req, resp):
        # Several apps in one process (tests, embedding) take turns on the one proxy.
        if not database.bound_to(self.app.db):
            database.initialize(self.app.db)

    def process_response(self, req, resp, resource, req_succeeded):
        if resp.stream is not None and not hasattr(resp.stream, "read"):
            resp.stream = _ClosingStream(resp.stream, self._close)
        else:
            self._close()

    def _close(self):
        db = self.app.db
        if not db.is_closed():
            db.close()


class AuthMiddleware:
    """Asks the ``authenticate`` hook who calls, then enforces the route's operation."""

    def __init__(self, app):
        self.app = app

    def process_resource(self, req, resp, resource, params):
        if resource is None:
            return
        refused = None
        try:
            actor = self.app.hook.authenticate(app=self.app, req=req)
        except Unauthorized as exc:  # bad credentials: anonymous on public routes, 401 elsewhere
            actor, refused = None, exc
        req.context.actor = actor
        found = self.app.operation_for(req.uri_template, req.method)
        if found is None:  # static files and Falcon's own responders
            return
        route, op = found
        if op.public:
            return
        if actor is None:
            raise refused or Unauthorized()
        if op.action:
            target = RouteTarget(path=route.path, method=req.method, params=dict(params))
            if not self.app.allowed(actor, op.action, target):
                raise PermissionDenied()


class SecurityHeadersMiddleware:
    """Headers every API answer carries."""

    def process_response(self, req, resp, resource, req_succeeded):
        resp.set_header("X-Content-Type-Options", "nosniff")


__all__ = [
    "AuthMiddleware",
    "BodyLimitMiddleware",
    "DatabaseMiddleware",
    "RequestContextMiddleware",
    "SecurityHeadersMiddleware",
]
