"""Routes contributed by plugins, and the per-method operation metadata.

A ``Route`` pairs a Falcon URI template with a resource object. What the
OpenAPI document says about each method (summary, request/response schema,
required action, whether it is public) comes from ``Operation`` objects, given
explicitly in ``Route(operations=...)`` or attached to responders with the
``@operation`` decorator; the responder's docstring supplies a default summary.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
API_PREFIX = "/api"
_FIELD = re.compile(r"{([a-zA-Z_][a-zA-Z0-9_]*)(?::[^}]*)?}")


@dataclass(frozen=True)
class Operation:
    """What one HTTP method of a route does, for checks and documentation."""

    summary: str | None = None
    description: str | None = None
    request_schema: str | None = None
    response_schema: str | None = None
    action: str | None = None
    public: bool | None = None
    status: int = 200
    content_type: str = "application/json"
    operation_id: str | None = None


def operation(**kwargs):
    """Attach an ``Operation`` to a responder method (``on_get`` …)."""

    op = Operation(**kwargs)

    def decorate(func):
        func.__clapboard_operation__ = op
        return func

    return decorate


@dataclass(frozen=True)
class RouteTarget:
    """The ``resource`` of a route-level permission check: where the request goes."""

    path: str
    method: str
    params: Mapping[str, Any]


@dataclass
class Route:
    """One URI template served by one resource."""

    path: str
    resource: Any
    suffix: str | None = None
    public: bool = False
    tags: tuple[str, ...] = ()
    operations: Mapping[str, Operation] = field(default_factory=dict)
    plugin: str | None = None

    def __post_init__(self):
        if not self.path.startswith("/"):
            raise ValueError(f"route path must start with '/': {self.path!r}")

    def responder(self, method: str):
        name = "on_" + method.lower()
        if self.suffix:
            name += "_" + self.suffix
        return getattr(self.resource, name, None)

    def methods(self) -> list[str]:
        found = [m for m in HTTP_METHODS if self.responder(m) is not None]
        # Falcon answers HEAD with the GET responder when none is defined.
        return [m for m in found if m not in ("HEAD", "OPTIONS")]

    def operation(self, method: str) -> Operation:
        method = method.upper()
        op = self.operations.get(method)
        if op is None:
            responder = self.responder(method)
            op = getattr(responder, "__clapboard_operation__", None) or Operation()
            if op.summary is None and responder is not None:
                doc = inspect.getdoc(responder)
                if doc:
                    first, _, rest = doc.partition("\n\n")
                    op = replace(op, summary=first.strip(), description=op.description or rest.strip() or None)
        if op.public is None:
            op = replace(op, public=self.public)
        return op

    def path_fields(self) -> list[str]:
        return _FIELD.findall(self.path)

    def openapi_path(self) -> str:
        return _FIELD.sub(lambda m: "{" + m.group(1) + "}", self.path)


def strip_api_prefix(path: str) -> str:
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return path[len(API_PREFIX):] or "/"
    return path
