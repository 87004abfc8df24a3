"""The built-in ``core`` plugin: API identity, health, OpenAPI and API docs.

Registered through the same hooks as any plugin; it cannot be disabled.
"""

from __future__ import annotations

import importlib.util
from datetime import datetime, timezone
from pathlib import Path

import falcon

from . import __version__, events, host
from . import schemas as schema_files
from .db import database_is_up
from .events import EventType
from .hookspecs import hookimpl
from .migrations import Migration, MigrationRecord, create_models
from .openapi import build_openapi
from .routing import Operation, Route

API_NAME = "Clapboard"
TEST_EVENT = "main:test"


class IndexResource:
    def on_get(self, req, resp):
        """API name and version

        Scripts (gazu's ``get_api_version``) use it to check they reach the API.
        """
        resp.media = {"api": API_NAME, "version": __version__}

    def on_head(self, req, resp):
        resp.content_type = falcon.MEDIA_JSON


def health(app) -> dict:
    """Whether the API's stores answer: the one computation behind every ``/status`` variant."""

    db_up = database_is_up(app.db)
    # Token revocations live in the database: no separate key-value store.
    return {"name": API_NAME, "version": __version__, "database-up": db_up, "key-value-store-up": db_up}


def _updown(up: bool) -> str:
    return "up" if up else "down"


class StatusResource:
    def on_get(self, req, resp):
        """Health of the API and its database

        Answers 503 with ``database-up: false`` when the database cannot be reached.
        """
        app = req.context.app
        resp.media = {**health(app), "plugins": sorted(info.name for info in app.plugins.enabled())}
        broken = app.plugins.broken()
        if broken:  # installed but failing to import: the server runs without them
            resp.media["broken-plugins"] = sorted(info.name for info in broken)
        if not resp.media["database-up"]:
            resp.status = falcon.HTTP_503


class TextStatusResource:
    def on_get(self, req, resp):
        """Health of the API as ``key: value`` lines, for uptime checkers (503 when the database is down)."""
        found = health(req.context.app)
        resp.content_type = falcon.MEDIA_TEXT
        resp.text = "".join(f"{key}: {_updown(value) if isinstance(value, bool) else value}\n"
                            for key, value in found.items())
        if not found["database-up"]:
            resp.status = falcon.HTTP_503


class InfluxStatusResource:
    def on_get(self, req, resp):
        """Health as 0/1 figures with a UNIX time, for time-series collectors (always 200)."""
        found = health(req.context.app)
        resp.media = {**{key: int(value) for key, value in found.items() if isinstance(value, bool)},
                      "time": datetime.now(timezone.utc).timestamp()}


class ResourcesStatusResource:
    def on_get(self, req, resp):
        """CPU, memory and job figures of the host"""
        resp.media = {
            "date": datetime.now().isoformat(),
            "cpu": {"percent": host.cpu_percent(), "loadavg": host.load_average()},
            "memory": host.memory(),
            # Clapboard runs no background job queue: nothing is ever running in one.
            "jobs": {"running_jobs": 0},
        }


class EventCheckResource:
    def on_get(self, req, resp):
        """Emit a ``main:test`` event (not recorded) to check that event listeners receive it"""
        with req.context.app.transaction():  # a GET has no unit of work of its own
            events.emit(TEST_EVENT, {})
        resp.media = {"success": True}


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
        Route("/status.txt", TextStatusResource(), public=True, cache=False, operations={
            "GET": Operation(summary="Health of the API as text lines", content_type="text/plain")}),
        Route("/status/influx", InfluxStatusResource(), public=True, cache=False, operations={
            "GET": Operation(summary="Health of the API as 0/1 figures and a time, for InfluxDB",
                             response_schema="core/status#/$defs/influx")}),
        Route("/status/resources", ResourcesStatusResource(), public=True, cache=False, operations={
            "GET": Operation(summary="CPU, memory and job figures of the host",
                             response_schema="core/status#/$defs/resources")}),
        Route("/status/test-event", EventCheckResource(), public=True, cache=False, operations={
            "GET": Operation(summary="Emit a main:test event to check event delivery",
                             response_schema="core/status#/$defs/success")}),
        Route("/openapi.json", OpenAPIResource(), public=True, cache=False),
        Route("/apidocs", ApiDocsResource(), public=True, operations={
            "GET": Operation(summary="Swagger UI over the OpenAPI document", content_type="text/html")}),
    ]


@hookimpl
def register_events():
    return [EventType(TEST_EVENT, "a test event asked for through GET /status/test-event (not recorded)")]


@hookimpl
def startup(app):
    static = swagger_ui_static()
    for prefix in ("", "/api"):
        app.add_static_route(prefix + "/apidocs/static", str(static))
