"""How the entity routes meet Falcon: one handler function per method.

The entity family has some fifty routes whose responders only differ by the
function they call, so each route is declared as a table row (path, handler,
``Operation``) instead of a resource class. A handler takes the request
context, the request and the path fields, and returns the JSON body; an
``NdjsonAnswer`` body is sent as newline-delimited JSON (Kitsu's streamed
boards).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import falcon

from clapboard import Operation, Route

from ...engine import BadRequest, context, media

TAGS = ("data",)
BODIES = "data/production/entities/bodies"


def body(req, definition: str, default=None):
    """The JSON body checked against ``bodies.json#/$defs/<definition>``.

    A refused body is a 400 in the shape Zou gives its validation errors
    (``data.errors`` listing each field and what is wrong with it).
    """

    value = media(req, {} if default is None else default)
    errors = req.context.app.schemas.errors(f"{BODIES}#/$defs/{definition}", value)
    if errors:
        raise BadRequest("Validation error.", data={"errors": [
            {"field": error["path"] or "body",
             "message": "Field required" if error["message"] == "required field missing" else error["detail"]}
            for error in errors]})
    return value


@dataclass
class NdjsonAnswer:
    """A header object then one JSON document per line (``application/x-ndjson``)."""

    header: dict
    rows: Iterable


class Endpoint:
    """The responders of one route, built from ``{method: (handler, status)}``."""

    def __init__(self, handlers: dict[str, tuple[Callable, int]]):
        for method, (handler, status) in handlers.items():
            setattr(self, f"on_{method.lower()}", self._responder(handler, status))

    @staticmethod
    def _responder(handler, status: int):
        def respond(req, resp, **fields):
            body = handler(context(req), req, **fields)
            resp.status = falcon.code_to_http_status(status)
            if isinstance(body, NdjsonAnswer):
                from clapboard.app import _dumps

                resp.content_type = "application/x-ndjson"
                resp.stream = _lines(body, _dumps)
            elif status != 204:
                resp.media = body

        respond.__doc__ = handler.__doc__
        return respond


def _lines(answer: NdjsonAnswer, dumps):
    yield dumps(answer.header) + b"\n"
    for row in answer.rows:
        yield dumps(row) + b"\n"


@dataclass(frozen=True)
class Method:
    """One method of one path: several modules may serve methods of the same path."""

    path: str
    verb: str
    handler: Callable
    operation: Operation


def get(path: str, handler: Callable, summary: str, response: str | None = None,
        description: str | None = None) -> Method:
    return Method(path, "GET", handler, Operation(summary=summary, description=description,
                                                  response_schema=response))


def write(verb: str, path: str, handler: Callable, summary: str, request: str | None = None,
          response: str | None = None, status: int = 200, description: str | None = None) -> Method:
    return Method(path, verb, handler, Operation(summary=summary, description=description, request_schema=request,
                                                 response_schema=response, status=status))


def build_routes(methods: Iterable[Method]) -> list[Route]:
    """One documented ``Route`` per path, gathering the methods every module declared for it."""

    by_path: dict[str, list[Method]] = {}
    for method in methods:
        by_path.setdefault(method.path, []).append(method)
    found = []
    for path, declared in by_path.items():
        handlers = {m.verb: (m.handler, m.operation.status or (204 if m.verb == "DELETE" else 200)) for m in declared}
        found.append(Route(path, Endpoint(handlers), tags=TAGS, operations={m.verb: m.operation for m in declared}))
    return found
