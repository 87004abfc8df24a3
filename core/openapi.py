"""The OpenAPI 3.1 document, built from the route table and the schema registry.

Every mounted route gets one operation per HTTP method it answers. Schemas
used by operations (and those they reference) are copied into
``components/schemas``, with ``$ref``s rewritten to point there.
"""

from __future__ import annotations

import copy
import re
from urllib.parse import urldefrag, urljoin

from . import __version__
from .routing import Route

_COMPONENT_SAFE = re.compile(r"[^A-Za-z0-9._-]")

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"const": True},
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "request_id": {"type": "string"},
    },
}


def component_name(schema_name: str) -> str:
    return _COMPONENT_SAFE.sub("_", schema_name.replace("/", "."))


class _Components:
    def __init__(self, registry):
        self.registry = registry
        self.schemas: dict[str, dict] = {"Error": ERROR_SCHEMA}

    def ref(self, schema_name: str) -> dict:
        """A ``$ref`` to ``name`` or ``name#/pointer`` inside the components."""

        base, _, pointer = schema_name.partition("#")
        self._include(base)
        return {"$ref": f"#/components/schemas/{component_name(base)}{pointer}"}

    def _include(self, schema_name: str) -> None:
        comp = component_name(schema_name)
        if comp in self.schemas:
            return
        source = self.registry.get(schema_name)
        self.schemas[comp] = {}  # placeholder against cycles
        body = copy.deepcopy(source)
        base = body.pop("$id")
        body.pop("$schema", None)
        self.schemas[comp] = self._rewrite(body, base, comp)

    def _rewrite(self, node, base: str, comp: str):
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    out[key] = self._target(value, base, comp)
                else:
                    out[key] = self._rewrite(value, base, comp)
            return out
        if isinstance(node, list):
            return [self._rewrite(item, base, comp) for item in node]
        return node

    def _target(self, ref: str, base: str, comp: str) -> str:
        absolute = urljoin(base, ref)
        uri, fragment = urldefrag(absolute)
        if uri == base:
            return f"#/components/schemas/{comp}{fragment}"
        name = self.registry.name_for_uri(uri)
        if name is None:
            return ref
        self._include(name)
        return f"#/components/schemas/{component_name(name)}{fragment}"


def _operation_id(method: str, route: Route) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", route.openapi_path()).strip("_") or "root"
    return f"{method.lower()}_{slug}"


def build_openapi(app) -> dict:
    components = _Components(app.schemas)
    paths: dict[str, dict] = {}
    tags = set()
    for route in app.routes:
        item = paths.setdefault(route.openapi_path(), {})
        params = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in dict.fromkeys(route.path_fields())
        ]
        for method in route.methods():
            op = route.operation(method)
            tag = route.tags[0] if route.tags else (route.plugin or "core")
            tags.add(tag)
            entry: dict = {
                "operationId": op.operation_id or _operation_id(method, route),
                "summary": op.summary or f"{method} {route.path}",
                "tags": list(route.tags) or [tag],
                "responses": _responses(op, components, method),
            }
            if op.description:
                entry["description"] = op.description
            if params or op.parameters:
                entry["parameters"] = params + [dict(parameter) for parameter in op.parameters]
            if op.request_schema:
                entry["requestBody"] = {
                    "required": True,
                    "content": {op.request_content_type: {"schema": components.ref(op.request_schema)}},
                }
            if op.action:
                entry["x-clapboard-action"] = op.action
            entry["security"] = [] if op.public else [{"bearerAuth": []}, {"cookieAuth": []}]
            item[method.lower()] = entry
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Clapboard API",
            "version": __version__,
            "description": "Production-tracking API compatible with Zou (Kitsu). "
            "Every path is also served under /api.",
        },
        "servers": [{"url": "/"}, {"url": "/api"}],
        "tags": [{"name": t} for t in sorted(tags)],
        "paths": paths,
        "components": {
            "schemas": components.schemas,
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "access_token_cookie"},
            },
            "responses": {
                "Error": {
                    "description": "Error in Zou's shape",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
        },
    }


def _responses(op, components: _Components, method: str) -> dict:
    status = str(op.status or (204 if method == "DELETE" else 200))
    if status == "204":
        ok = {"description": "Done (no content)"}
    else:
        ok = {"description": "Success"}
        if op.response_schema:
            ok["content"] = {op.content_type: {"schema": components.ref(op.response_schema)}}
        else:
            ok["content"] = {op.content_type: {"schema": {}}}
    responses = {status: ok, "default": {"$ref": "#/components/responses/Error"}}
    if not op.public:
        responses["401"] = {"$ref": "#/components/responses/Error"}
    return responses
