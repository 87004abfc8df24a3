"""The ``/import/shotgun/…`` routes: one import per kind, removals, and the import errors.

Every route is for admins (action ``imports.shotgun``, refused to others with
a 403 before the body is read) and runs in the request's transaction.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.plugins.data.engine import Context

from . import import_errors
from .batch import run
from .kinds import ALIASES, IMPORTERS
from .removal import REMOVALS, remove

ACTION = "imports.shotgun"
# For the plugin's ``register_permissions``: the one action these routes check (granted to admins).
PERMISSIONS = {ACTION: "import ShotGrid entities, remove what they were imported as, list and clear the "
                       "ShotGrid import errors"}
TAGS = ("imports",)
SCHEMAS = "imports/shotgun"


def _context(req) -> Context:
    """The acting context, without the query string (no parameter changes what an import does)."""

    return Context(app=req.context.app, actor=req.context.get("actor"), params={})


def _body(req):
    return req.get_media(default_when_empty=None)


class ImportResource:
    def __init__(self, kind: str):
        self.kind = kind

    def on_post(self, req, resp):
        resp.media = run(_context(req), self.kind, _body(req)).rows


class RemoveResource:
    def __init__(self, kind: str):
        self.kind = kind

    def on_post(self, req, resp):
        resp.media = remove(_context(req), self.kind, _body(req))


class ErrorsResource:
    def on_get(self, req, resp):
        resp.media = import_errors.list_errors()

    def on_post(self, req, resp):
        resp.media = import_errors.add_error(_body(req))
        resp.status = falcon.HTTP_201


class ErrorResource:
    def on_delete(self, req, resp, error_id):
        import_errors.delete_error(error_id)
        resp.status = falcon.HTTP_204


def _import_routes() -> list[Route]:
    found = []
    names = [(importer.name, importer) for importer in IMPORTERS]
    names += [(alias, next(i for i in IMPORTERS if i.name == name)) for alias, name in ALIASES.items()]
    for path_name, importer in names:
        found.append(Route(f"/import/shotgun/{path_name}", ImportResource(importer.name), tags=TAGS, operations={
            "POST": Operation(
                summary=importer.summary, action=ACTION, request_schema=f"{SCHEMAS}/{importer.name}",
                response_schema=f"{SCHEMAS}/routes#/$defs/rows",
                description="A JSON array of ShotGrid entities as the ShotGrid Python API returns them. Items "
                            "that cannot be imported are skipped and recorded (GET /import/shotgun/errors); "
                            "answers the rows imported.")}))
    return found


def _removal_routes() -> list[Route]:
    return [Route(f"/import/shotgun/remove/{kind}", RemoveResource(kind), tags=TAGS, operations={
        "POST": Operation(summary=f"Remove what a ShotGrid {kind.replace('-', ' ')} was imported as",
                          action=ACTION, request_schema=f"{SCHEMAS}/routes#/$defs/entity",
                          response_schema=f"{SCHEMAS}/routes#/$defs/answer")})
        for kind in REMOVALS]


def routes(app=None) -> list[Route]:
    return _import_routes() + _removal_routes() + [
        Route("/import/shotgun/errors", ErrorsResource(), tags=TAGS, operations={
            "GET": Operation(summary="List ShotGrid import errors", action=ACTION,
                             response_schema=f"{SCHEMAS}/routes#/$defs/errors"),
            "POST": Operation(summary="Record a ShotGrid import error", action=ACTION, status=201,
                              request_schema=f"{SCHEMAS}/routes#/$defs/new-error",
                              response_schema=f"{SCHEMAS}/routes#/$defs/error")}),
        Route("/import/shotgun/errors/{error_id}", ErrorResource(), tags=TAGS, operations={
            "DELETE": Operation(summary="Delete a ShotGrid import error", action=ACTION, status=204)}),
    ]
