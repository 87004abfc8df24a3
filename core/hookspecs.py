"""The plugin API of Clapboard: one documented function per hook.

Hooks are always called with keyword arguments. Arguments are only ever added,
never removed or renamed, so an implementation may accept any subset of them.

Build-time hooks run once, in this order, while ``create_app`` assembles the
application: ``add_hookspecs``, ``register_config_schema``, ``register_schemas``,
``register_models``, ``register_migrations``, ``register_routes``,
``register_middleware``, ``register_media_handlers``, ``register_permissions``,
``register_events``, then ``startup``. ``register_commands`` runs when the CLI
is built, and ``init_data`` when ``clapboard init-db`` runs.

Request-time hooks: ``authenticate``, ``permission_allowed``,
``query_filters``, ``before_commit`` (inside each unit of work, just before
its commit) and, after each commit, ``on_event``. ``serve_started`` runs once
in each process that serves requests.
"""

from __future__ import annotations

import pluggy

PROJECT_NAME = "clapboard"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -- build time ---------------------------------------------------------------


@hookspec
def add_hookspecs(pm):
    """Add hook specifications of your own with ``pm.add_hookspecs(module)``.

    Lets a plugin offer hooks to other plugins. Return value ignored.
    """


@hookspec
def register_config_schema():
    """Return ``{plugin_name: json_schema}`` for your ``[plugins.<name>]`` table.

    The table (with ``CLAPBOARD_PLUGINS__<NAME>__<KEY>`` overrides applied) is
    validated against the schema at start; defaults declared in the schema are
    filled in. Read it back with ``app.config.plugin(name)``.
    """


@hookspec
def register_schemas():
    """Return a directory (``pathlib.Path`` or importlib ``Traversable``) of JSON Schemas.

    Every ``*.json`` file below it is loaded into the schema registry under the
    directory's name plus its relative path, without the extension
    (``data/project`` for ``<dir named data>/project.json``). Files are checked against JSON Schema 2020-12 at
    start. May also return a ``{name: schema}`` dict.
    """


@hookspec
def register_models():
    """Return the peewee model classes your plugin owns (subclasses of ``clapboard.Model``).

    They are bound to the application's database. Creating their tables is the
    job of your migrations.
    """


@hookspec
def register_migrations():
    """Return a list of ``clapboard.Migration`` for your plugin, numbered from 1.

    Applied in order by ``clapboard init-db`` / ``upgrade-db`` and recorded per
    plugin; the server refuses to start while one is pending.
    """


@hookspec
def register_routes(app):
    """Return a list of ``clapboard.Route``.

    Each route is mounted at its path and again under ``/api``. Routes are
    authenticated unless declared ``public``. ``app`` is being assembled: its
    ``config`` and ``models`` (every enabled plugin's) are set, so a route that
    serves another plugin's model can be left out when that plugin is disabled.
    """


@hookspec
def register_middleware():
    """Return a list of Falcon middleware objects, added after the core ones."""


@hookspec
def register_media_handlers():
    """Return ``{media_type: falcon.media.BaseHandler}`` for extra body formats."""


@hookspec
def register_permissions():
    """Return a list of ``clapboard.Permission`` naming the actions you check.

    Declared actions are listed by ``clapboard plugins`` and let policy plugins
    (and tests) know every action that exists.
    """


@hookspec
def register_events():
    """Return a list of ``clapboard.EventType`` naming the events you emit."""


@hookspec
def register_commands(cli):
    """Add click commands to the ``clapboard`` command group ``cli``.

    Commands get a ``clapboard.cli.CliContext`` as ``ctx.obj`` and build the
    application with ``ctx.obj.app()``. Return value ignored.
    """


@hookspec
def startup(app):
    """Called once the application is assembled; ``app`` is ready to serve."""


@hookspec
def shutdown(app):
    """Called by ``app.close()`` before the database is closed: stop and join your background
    threads (they must not touch the database afterwards). Return nothing."""


@hookspec
def serve_started(app):
    """Called once in each process that serves requests, once it serves: ``clapboard serve``
    (its single process, or each forked worker) and ``clapboard.testing.LiveServer``.

    Start your background threads here, not in ``startup``: threads do not cross the fork that
    makes the workers, and the supervisor that forks them serves nothing. Return nothing.
    """


@hookspec
def init_data(app):
    """Create your default rows (idempotent). Called by ``clapboard init-db``.

    Runs inside ``app.transaction()``, after every migration is applied.
    """


# -- request time -------------------------------------------------------------


@hookspec(firstresult=True)
def authenticate(app, req):
    """Return the ``clapboard.Actor`` making the request, or ``None``.

    The first non-``None`` answer wins. A plugin that recognises credentials
    which are invalid (expired token…) raises ``clapboard.errors.Unauthorized``.
    """


@hookspec
def permission_allowed(app, actor, action, resource):
    """Return ``True`` (allow), ``False`` (deny) or ``None`` (no opinion).

    ``action`` is a dotted name such as ``"data.projects.update"``; ``resource``
    is the object acted on (a model instance, or a ``RouteTarget`` carrying the
    route parameters for route-level checks). Any ``False`` denies; otherwise at
    least one ``True`` is needed: when every plugin abstains, the action is denied.
    """


@hookspec
def query_filters(app, actor, model, action):
    """Return a peewee expression restricting which rows of ``model`` the actor reaches.

    Results are AND-ed. The same predicate must serve list, get, update and
    delete so that a collection never shows a row its item route refuses.
    Return ``None`` for no restriction.
    """


@hookspec
def before_commit(app, events):
    """Called inside a unit of work's transaction (a writing request, or ``app.transaction()``),
    after its work and just before its commit, with the ``clapboard.Event`` list it emitted.

    Not called when the unit emitted nothing. Rows written here commit with the change or not at
    all (a transactional outbox); raising rolls the whole unit back, and the request answers
    with the error. Keep it short: it runs while the transaction holds its locks.
    """


@hookspec
def on_event(app, event):
    """Called for each ``clapboard.Event`` after the transaction that emitted it commits.

    Exceptions are logged and do not affect the request.
    """
