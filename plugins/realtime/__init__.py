"""The ``realtime`` plugin: the Socket.IO event stream Kitsu listens to (namespace ``/events``).

Served inside ``clapboard serve`` (waitress, WSGI) over Engine.IO long-polling,
with everything shared through the database so any process answers any poll:
``journal.py`` (each committed event once, in commit order, written by
``before_commit``), ``sessions.py`` and ``polling.py`` (the transport, one
short transaction per step), ``identity.py`` (a login on connect and on every
poll), ``audience.py`` (each person gets only what they may read),
``rooms.py`` (Kitsu's preview rooms), ``hub.py`` (the process's tailer and
its bounded held polls), ``batch.py`` (all of a process's held polls
answered at once: one read and one write per wake),
``protocol.py`` (python-engineio's and python-socketio's packet classes) and
``resource.py`` (``/socket.io/``). ``docs/realtime.md`` tells the design.
"""

from __future__ import annotations

from clapboard import hookimpl

__version__ = "0.1.0"
requires = ("data", "auth")


@hookimpl
def register_config_schema():
    from .settings import SCHEMA

    return {"realtime": SCHEMA}


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
    from .resource import routes

    return routes()


@hookimpl
def before_commit(app, events):
    from .journal import record

    record(app, events)


@hookimpl
def serve_started(app):
    from .hub import hub_of

    hub_of(app)


@hookimpl
def on_event(app, event):
    from .hub import hub_of

    hub = hub_of(app, start=False)  # a process that serves no poll (a command) has none to wake
    if hub is not None:
        hub.wake()


@hookimpl
def shutdown(app):
    from .hub import stop

    stop(app)
