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
    status: int | None = None  # default: 200, or 204 for DELETE
    content_type: str = "application/json"  # of the answer
    request_content_type: str = "application/json"  # of the body ``request_schema`` describes
    operation_id: str | None = None
    # GET answers are cached and revalidated (see ``clapboard.response_cache``) unless False.
    cache: bool | None = None
    # Query parameters, as OpenAPI Parameter Objects ({"name", "in": "query", "schema", "description"}).
    parameters: tuple = ()


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
    cache: bool = True  # default of its operations' ``cache``
    # False: the write responders are not wrapped in a transaction; they do slow work first
    # (reading an upload, decoding pictures) and run their database phase with
    # ``clapboard.transactions.in_transaction`` (same retries, same events after commit).
    transaction: bool = True

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
        if op.cache is None:
            op = replace(op, cache=self.cache)
        return op

    def path_fields(self) -> list[str]:
        return _FIELD.findall(self.path)

    def openapi_path(self) -> str:
        return _FIELD.sub(lambda m: "{" + m.group(1) + "}", self.path)


def strip_api_prefix(path: str) -> str:
    if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
        return path[len(API_PREFIX):] or "/"
    return path


def canonical_template(path: str) -> tuple[str, dict[str, str]]:
    """The path with each field named after its position, and ``{positional: declared}``.

    Falcon refuses two routes that name the same path level differently
    (``/projects/{instance_id}`` and ``/projects/{project_id}/team``); naming
    fields by position lets every plugin use the names that read best.
    """

    names: dict[str, str] = {}
    segments = path.split("/")
    for index, segment in enumerate(segments):
        fields = _FIELD.findall(segment)
        for order, declared in enumerate(fields):
            positional = f"f{index}" + (chr(ord("a") + order) if len(fields) > 1 else "")
            names[positional] = declared
        if fields:
            counter = iter(range(len(fields)))

            def rename(match, index=index, fields=fields, counter=counter):
                order = next(counter)
                return "{" + f"f{index}" + (chr(ord("a") + order) if len(fields) > 1 else "") + "}"

            segments[index] = _FIELD.sub(rename, segment)
    return "/".join(segments), names


class RenamedResource:
    """Passes positional field names back to the responders under their declared names."""

    def __init__(self, resource, suffix: str | None, names: dict[str, str]):
        self.resource = resource
        for method in HTTP_METHODS:
            name = "on_" + method.lower() + ("_" + suffix if suffix else "")
            responder = getattr(resource, name, None)
            if responder is not None:
                setattr(self, name, self._wrap(responder, names))

    @staticmethod
    def _wrap(responder, names):
        def call(req, resp, **params):
            return responder(req, resp, **{names.get(k, k): v for k, v in params.items()})

        call.__doc__ = responder.__doc__
        return call
