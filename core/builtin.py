"""The built-in ``core`` plugin: API identity, health, OpenAPI and API docs.

Registered through the same hooks as any plugin; it cannot be disabled.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import falcon

from . import __version__
from . import schemas as schema_files
from .db import database_is_up
from .hookspecs import hookimpl
from .migrations import Migration, MigrationRecord, create_models
from .openapi import build_openapi
from .routing import Operation, Route

API_NAME = "Clapboard"


class IndexResource:
    def on_get(self, req, resp):
        """API name and version

        Scripts (gazu's ``get_api_version``) use it to check they reach the API.
        """
        resp.media = {"api": API_NAME, "version": __version__}

    def on_head(self, req, resp):
        resp.content_type = falcon.MEDIA_JSON


class StatusResource:
    def on_get(self, req, resp):
        """Health of the API and its database

        Answers 503 with ``database-up: false`` when the database cannot be reached.
        """
        app = req.context.app
        db_up = database_is_up(app.db)
        resp.media = {
            "name": API_NAME,
            "version": __version__,
            "database-up": db_up,
            # Token revocations live in the database: no separate key-value store.
            "key-value-store-up": db_up,
            "plugins": sorted(info.name for info in app.plugins.enabled()),
        }
        broken = app.plugins.broken()
        if broken:  # installed but failing to import: the server runs without them
            resp.media["broken-plugins"] = sorted(info.name for info in broken)
        if not db_up:
            resp.status = falcon.HTTP_503


class OpenAPIResource:
    def __init__(self):
        self._document: bytes | None = None

    def on_get(self, req, resp):
        """The OpenAPI 3.1 description of every route of every enabled plugin"""
        if self._document is None:
            from .app import _dumps

            self._document = _dumps(build_openapi(req.context.app))
        resp.content_type = falcon.MEDIA_JSON
        resp.data = self._document


_DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Clapboard API</title>
<link rel="stylesheet" href="{static}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{static}/swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{url: "{spec}", dom_id: "#swagger-ui", deepLinking: true}});
</script>
</body>
</html>
"""


class ApiDocsResource:
    def on_get(self, req, resp):
        """Swagger UI over the OpenAPI document"""
        # Relative links keep working behind any reverse-proxy prefix.
        raw = req.env.get("PATH_INFO", req.path)
        if raw.endswith("/"):
            static, spec = "static", "../openapi.json"
        else:
            static, spec = "apidocs/static", "openapi.json"
        resp.content_type = falcon.MEDIA_HTML
        resp.text = _DOCS_PAGE.format(static=static, spec=spec)


def swagger_ui_static() -> Path:
    """Swagger UI's files, from the ``swagger-ui-py`` package (no CDN)."""

    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is missing")
    return Path(list(spec.submodule_search_locations)[0]) / "static"


@hookimpl
def register_migrations():
    # Recording the history table as migration 1 makes an empty database "pending".
    from .caching import CacheGeneration

    return [Migration(1, "migration history", create_models(MigrationRecord)),
            Migration(2, "change counters behind the caches", create_models(CacheGeneration))]


@hookimpl
def register_schemas():
    return schema_files.root() / "core"


@hookimpl
def register_routes():
    return [
        Route("/", IndexResource(), public=True, operations={
            "GET": Operation(summary="API name and version", response_schema="core/index"),
            "HEAD": Operation(summary="API name and version (headers only)")}),
        Route("/status", StatusResource(), public=True, cache=False, operations={
            "GET": Operation(summary="Health of the API and its database", response_schema="core/status")}),
        Route("/openapi.json", OpenAPIResource(), public=True, cache=False),
        Route("/apidocs", ApiDocsResource(), public=True, operations={
            "GET": Operation(summary="Swagger UI over the OpenAPI document", content_type="text/html")}),
    ]


@hookimpl
def startup(app):
    static = swagger_ui_static()
    for prefix in ("", "/api"):
        app.add_static_route(prefix + "/apidocs/static", str(static))
