"""An example third-party plugin: on-set notes ("take 3 was the good one") per shot.

It uses only Clapboard's public hooks: its own table (prefixed ``plugin_shotlog_``),
a numbered migration, a JSON Schema, routes under ``/plugins/shotlog/``, a
permission, an event, a config table and a CLI command.
"""

from importlib.resources import files

import click
import falcon

from clapboard import EventType, Migration, Permission, Route, create_models, emit, hookimpl, operation

from .models import LogEntry

__version__ = "0.1.0"
__clapboard_name__ = "shotlog"  # the entry-point name, also when passed in code


class EntriesResource:
    @operation(summary="List on-set log entries", action="shotlog.entries.read",
               response_schema="shotlog/entries")
    def on_get(self, req, resp):
        query = LogEntry.select().order_by(LogEntry.id)
        if "shot_id" in req.params:
            query = query.where(LogEntry.shot_id == req.params["shot_id"])
        resp.media = [entry.as_dict() for entry in query]

    @operation(summary="Add an on-set log entry", action="shotlog.entries.create",
               request_schema="shotlog/entry", response_schema="shotlog/entry", status=201)
    def on_post(self, req, resp):
        app = req.context.app
        body = app.schemas.validate("shotlog/entry", req.get_media(default_when_empty=None))
        limit = app.config.plugin("shotlog")["max_takes"]
        if body["take"] > limit:
            from clapboard.errors import BadRequest

            raise BadRequest(f"take must be at most {limit}")
        entry = LogEntry.create(**body)
        emit("shotlog:new", {"entry_id": entry.id, "shot_id": entry.shot_id})
        resp.status = falcon.HTTP_201
        resp.media = entry.as_dict()


@hookimpl
def register_config_schema():
    return {"shotlog": {"type": "object", "additionalProperties": False,
                        "properties": {"max_takes": {"type": "integer", "minimum": 1, "default": 99}}}}


@hookimpl
def register_schemas():
    return files(__name__) / "schemas" / "shotlog"


@hookimpl
def register_models():
    return [LogEntry]


@hookimpl
def register_migrations():
    return [Migration(1, "log entries", create_models(LogEntry))]


@hookimpl
def register_routes():
    return [Route("/plugins/shotlog/entries", EntriesResource())]


@hookimpl
def register_permissions():
    return [Permission("shotlog.entries.read", "read the on-set log"),
            Permission("shotlog.entries.create", "write to the on-set log")]


@hookimpl
def register_events():
    return [EventType("shotlog:new", "an on-set log entry was added")]


@hookimpl
def register_commands(cli):
    @cli.command("shotlog-count")
    @click.pass_obj
    def count(obj):
        """Print how many on-set log entries exist."""
        app = obj.app()
        with app.db.connection_context():
            click.echo(LogEntry.select().count())
