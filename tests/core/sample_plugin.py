"""A small plugin used by the core tests: one table, two routes, one event, one command."""

from __future__ import annotations

import click
import peewee

import clapboard
from clapboard import Migration, Route, create_models, emit, hookimpl, operation
from clapboard.errors import BadRequest


class Note(clapboard.Model):
    text = peewee.CharField(max_length=200, unique=True)

    class Meta:
        table_name = "plugin_sample_note"


class NotesResource:
    @operation(summary="List notes", action="sample.notes.read")
    def on_get(self, req, resp):
        resp.media = [n.text for n in Note.select().order_by(Note.id)]

    @operation(summary="Add a note", request_schema="sample/note", action="sample.notes.create", status=201)
    def on_post(self, req, resp):
        app = req.context.app
        body = app.schemas.validate("sample/note", req.get_media(default_when_empty=None))
        Note.create(text=body["text"])
        emit("note:new", {"text": body["text"]})
        if body.get("then") == "fail":
            raise BadRequest("asked to fail after writing")
        if body.get("then") == "crash":
            raise RuntimeError("secret internal detail /etc/passwd")
        resp.status = 201
        resp.media = {"text": body["text"]}


class SamplePlugin:
    __clapboard_name__ = "sample"

    def __init__(self):
        self.events = []

    @hookimpl
    def register_config_schema(self):
        return {"sample": {"type": "object", "additionalProperties": False,
                           "properties": {"greeting": {"type": "string", "default": "hello"},
                                          "limit": {"type": "integer", "default": 5}}}}

    @hookimpl
    def register_schemas(self):
        return {"sample/note": {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 200},
                           "then": {"enum": ["fail", "crash"]}}}}

    @hookimpl
    def register_models(self):
        return [Note]

    @hookimpl
    def register_migrations(self):
        return [Migration(1, "notes table", create_models(Note))]

    @hookimpl
    def register_routes(self):
        return [Route("/plugins/sample/notes", NotesResource())]

    @hookimpl
    def register_permissions(self):
        return [clapboard.Permission("sample.notes.read"), clapboard.Permission("sample.notes.create")]

    @hookimpl
    def register_events(self):
        return [clapboard.EventType("note:new", "a note was added")]

    @hookimpl
    def register_commands(self, cli):
        @cli.command("sample-hello")
        def hello():
            """Say hello."""
            click.echo("hello from sample")

    @hookimpl
    def on_event(self, app, event):
        self.events.append(event)
