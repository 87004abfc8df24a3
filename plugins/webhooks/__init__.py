"""The ``webhooks`` plugin: admins register URLs; matching events are POSTed to them, signed, after commit.

Zou has no webhooks; this is Clapboard's own. The parts: ``models.py`` (the
webhook, delivery and attempt tables), ``outbox.py`` (delivery rows written
by ``before_commit`` in the transaction of the change), ``queue.py`` (claim,
record, retry with back-off, purge), ``sender.py`` (one signed POST),
``ssrf.py`` (public targets only, unless allowed), ``pool.py`` (the sender
threads of a serving process, started by ``serve_started``), ``routes.py``
and ``commands.py`` (API and CLI over ``service.py``), ``policy.py`` (admins
only). ``docs/webhooks.md`` tells how it works and how a receiver checks a
signature.
"""

from __future__ import annotations

from clapboard import EventType, Permission, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
requires = ()


@hookimpl
def register_config_schema():
    from .settings import SCHEMA

    return {"webhooks": SCHEMA}


@hookimpl
def register_schemas():
    return schema_files.root() / "webhooks"


@hookimpl
def register_models():
    from .models import MODELS

    return list(MODELS)


@hookimpl
def register_migrations():
    from .models import MIGRATIONS

    return list(MIGRATIONS)


@hookimpl
def register_routes():
    from .routes import routes

    return routes()


@hookimpl
def register_permissions():
    from .policy import ACTIONS

    return [Permission(action, text) for action, text in ACTIONS.items()]


@hookimpl
def register_events():
    from .outbox import PING, REPLAY

    return [EventType(PING, "a test delivery an admin asked for (sent to that webhook only)"),
            EventType(REPLAY, "an admin queued a delivery again (wakes the senders; not itself delivered)")]


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)


@hookimpl
def permission_allowed(app, actor, action, resource):
    from .policy import permission_allowed as allowed

    return allowed(actor, action)


@hookimpl
def before_commit(app, events):
    from .outbox import record

    record(events)


@hookimpl
def serve_started(app):
    from .pool import pool_of

    if app.config.plugin("webhooks")["send"]:
        pool_of(app)


@hookimpl
def on_event(app, event):
    from .outbox import REPLAY, take_queued
    from .pool import pool_of

    if (event.name == REPLAY or take_queued()) and app.config.plugin("webhooks")["send"]:
        pool_of(app).kick()


@hookimpl
def shutdown(app):
    from .pool import stop

    stop(app)
