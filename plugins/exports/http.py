"""How an export meets Falcon: one resource per route, the answer streamed.

A route names a builder ``(ctx, **path fields) -> Export``. The builder
checks access and reads the first batch before it returns, so refusals and
failing queries are JSON errors; the rest of the rows are read while the
answer is sent (``resp.stream``), the connection kept until the last chunk.
"""

from __future__ import annotations

from typing import Callable

from clapboard import Operation, Route
from clapboard.plugins.data.engine import context

from .csvfile import Export

TAGS = ("exports",)


class ExportResource:
    def __init__(self, build: Callable[..., Export]):
        self.build = build

    def on_get(self, req, resp, **fields):
        export = self.build(context(req), **fields)
        resp.content_type = export.content_type
        resp.set_header("Content-Disposition", export.disposition)
        resp.stream = export.chunks


def route(path: str, build: Callable[..., Export], summary: str, description: str | None = None,
          parameters: tuple = ()) -> Route:
    """A documented ``GET`` answering ``text/csv``, never kept by the response cache."""

    return Route(path, ExportResource(build), tags=TAGS, cache=False, operations={"GET": Operation(
        summary=summary, description=description or build.__doc__, content_type="text/csv", cache=False,
        parameters=parameters)})


def query_parameter(name: str, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": description}
