"""Falcon resources for ``/data/<model>`` and ``/data/<model>/<id>``: parse, call the service, answer."""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from . import service
from .meta import ModelInfo
from .meta import info as model_info
from .streaming import json_array, primed
from .values import parse_id


def _context(req) -> service.Context:
    return service.Context(app=req.context.app, actor=req.context.get("actor"), params=dict(req.params))


class CollectionResource:
    def __init__(self, info: ModelInfo):
        self.info = info

    def on_get(self, req, resp):
        ctx = _context(req)
        result = service.list_rows(ctx, self.info)
        if isinstance(result, dict):
            resp.media = result
            return
        from clapboard.app import _dumps

        resp.content_type = falcon.MEDIA_JSON
        resp.stream = primed(json_array(result, _dumps))

    def on_post(self, req, resp):
        ctx = _context(req)
        resp.media = service.create_row(ctx, self.info, req.get_media(default_when_empty=None))
        resp.status = falcon.HTTP_201


class ItemResource:
    def __init__(self, info: ModelInfo):
        self.info = info

    def on_get(self, req, resp, instance_id):
        resp.media = service.get_row(_context(req), self.info, parse_id(instance_id))

    def on_put(self, req, resp, instance_id):
        row_id = parse_id(instance_id)
        resp.media = service.update_row(_context(req), self.info, row_id, req.get_media(default_when_empty=None))

    def on_delete(self, req, resp, instance_id):
        service.delete_row(_context(req), self.info, parse_id(instance_id))
        resp.status = falcon.HTTP_204


def crud_routes(models, tags: tuple[str, ...] = ("data",)) -> list[Route]:
    """The two generic routes of every CRUD model, documented for OpenAPI under ``tags``
    (a plugin serving its own model names its own)."""

    routes = []
    for model in models:
        info = model_info(model)
        schema = info.schema
        row_schema = f"{schema}#/$defs/row"
        label = info.type_name
        routes.append(Route(f"/data/{info.path}", CollectionResource(info), tags=tags, operations={
            "GET": Operation(
                summary=f"List {label} rows",
                description="Filters: any column (JSON array for IN; `name` is case-insensitive); "
                            "`page`/`limit` for a page envelope, else the full list; `relations=true`; `fields=a,b`.",
                response_schema=f"{schema}#/$defs/list", operation_id=f"list_{info.table}"),
            "POST": Operation(summary=f"Create a {label}", request_schema=f"{schema}#/$defs/create",
                              response_schema=row_schema, status=201, operation_id=f"create_{info.table}"),
        }))
        routes.append(Route(f"/data/{info.path}/{{instance_id}}", ItemResource(info), tags=tags, operations={
            "GET": Operation(summary=f"Get a {label}", response_schema=row_schema,
                             operation_id=f"get_{info.table}"),
            "PUT": Operation(summary=f"Update a {label}", request_schema=f"{schema}#/$defs/update",
                             response_schema=row_schema, operation_id=f"update_{info.table}"),
            "DELETE": Operation(summary=f"Delete a {label}", status=204, operation_id=f"delete_{info.table}",
                                description="`force=true` also removes what depends on it, where Zou allows it."),
        }))
    return routes
