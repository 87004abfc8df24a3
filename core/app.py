"""The application factory: configuration + plugins -> a Falcon WSGI app.

``create_app`` has no import-time side effects and no global plugin manager;
two apps can be built in one process (the database proxy is the one shared
piece: the last app built owns it).
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any, Iterable

import falcon
import orjson
import peewee
import pluggy

from . import __version__, events
from .actors import Actor, Permission
from .caching import Generations, Memo, cascades
from .config import Config, apply_plugin_schemas, load_config, resolve_secret_key
from .db import ChangeTracking, bind_models, database, is_sqlite, open_database, redact_url, write_lock_for
from .errors import BadRequest, ClapboardError, IntegrityViolation, PluginError, ServiceUnavailable, StartupError
from .events import EventType
from .isolation import Owners
from .logs import configure_logging
from .middleware import (
    AuthMiddleware,
    BodyLimitMiddleware,
    DatabaseMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from .migrations import Migration, MigrationRecord, check_up_to_date, requirements, validate_numbering
from .pluginhost import PluginHost
from .response_cache import ResponseCacheMiddleware
from .routing import API_PREFIX, Operation, RenamedResource, Route, canonical_template, strip_api_prefix
from .transactions import TransactionalResource, UnitOfWork, before_commit
from .validation import SchemaRegistry

log = logging.getLogger("clapboard")


def _dumps(obj: Any) -> bytes:
    return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_OMIT_MICROSECONDS)


JSON_HANDLER = falcon.media.JSONHandler(dumps=_dumps, loads=orjson.loads)


class ClapboardApp(falcon.App):
    """A Falcon app that also carries what plugins contributed."""

    config: Config
    plugins: PluginHost
    schemas: SchemaRegistry
    routes: list[Route]
    models: list[type[peewee.Model]]
    migrations: list[Migration]
    permissions: list[Permission]
    event_types: list[EventType]
    secret_key: str
    db: peewee.Database
    generations: Generations | None
    memo: Memo
    response_cache: ResponseCacheMiddleware

    @property
    def hook(self):
        return self.plugins.hook

    @property
    def version(self) -> str:
        return __version__

    # -- life cycle ---------------------------------------------------------

    def close(self) -> None:
        """Stop the plugins' background work (``shutdown`` hook), then close every database
        connection. What built the app calls it once it is done with it (tests, commands)."""

        if getattr(self, "_closed", False):
            return
        self._closed = True
        try:
            self.hook.shutdown(app=self)
        finally:
            if not self.db.is_closed():
                self.db.close()
            close_all = getattr(self.db, "close_all", None)
            if close_all is not None:
                close_all()
            lock = getattr(self, "write_lock", None)
            if lock is not None:
                lock.close()

    # -- routing ------------------------------------------------------------

    def mount(self, route: Route) -> None:
        self.routes.append(route)
        path, names = canonical_template(route.path)
        resource = route.resource
        if route.transaction:
            resource = TransactionalResource(resource, route.suffix, self.unit_of_work)
        if any(positional != declared for positional, declared in names.items()):
            resource = RenamedResource(resource, route.suffix, names)
        for prefix in ("", API_PREFIX):
            template = prefix + path if path != "/" else (prefix or "/")
            kwargs = {"suffix": route.suffix} if route.suffix else {}
            self.add_route(template, resource, **kwargs)
        for method in route.methods() + (["HEAD"] if route.responder("HEAD") else []):
            self._operations[(path, method)] = (route, route.operation(method))

    def operation_for(self, uri_template: str | None, method: str) -> tuple[Route, Operation] | None:
        if not uri_template:
            return None
        return self._operations.get((strip_api_prefix(uri_template), method))

    # -- permissions --------------------------------------------------------

    def allowed(self, actor: Actor | None, action: str, resource: Any = None) -> bool:
        """Any plugin saying False denies; otherwise one True is needed."""

        if actor is None:
            return False
        if actor.is_system:
            return True
        answers = self.hook.permission_allowed(app=self, actor=actor, action=action, resource=resource)
        return bool(answers) and False not in answers and True in answers

    def require(self, actor: Actor | None, action: str, resource: Any = None) -> None:
        from .errors import PermissionDenied, Unauthorized

        if actor is None:
            raise Unauthorized()
        if not self.allowed(actor, action, resource):
            raise PermissionDenied()

    def scope(self, actor: Actor | None, model, action: str) -> list:
        """Row filters every plugin asks for ``model`` and ``action`` (to AND together)."""

        if actor is not None and actor.is_system:
            return []
        found = self.hook.query_filters(app=self, actor=actor, model=model, action=action)
        return [f for f in found if f is not None]

    # -- units of work ------------------------------------------------------

    def bind_thread(self) -> None:
        """Point the models at this app's database in the calling thread: the first call of a plugin's
        background thread (requests and ``transaction()`` do it themselves)."""

        if not database.bound_to(self.db):
            database.initialize(self.db)

    @contextlib.contextmanager
    def transaction(self):
        """Atomic block whose events are delivered after commit (CLI, jobs, tests); the
        ``before_commit`` hook sees them just before the commit.

        Nested inside a request or another transaction it becomes a savepoint
        and its events join the enclosing unit of work.
        """

        if events._buffer.get() is not None:
            with self.db.atomic():
                yield
            return
        if not database.bound_to(self.db):  # another app built since took the proxy
            database.initialize(self.db)
        token = events.start_buffer()
        lock = self.write_lock if is_sqlite(self.db) else contextlib.nullcontext()
        try:
            with lock, (self.db.atomic("IMMEDIATE") if is_sqlite(self.db) else self.db.atomic()):
                yield
                before_commit(self)
        except BaseException:
            events.take_buffer(token)
            raise
        events.deliver(self, events.take_buffer(token))

    # -- error rendering ----------------------------------------------------

    def blame(self, req, exc: BaseException) -> str | None:
        """The plugin whose code raised ``exc`` (``isolation.Owners``), else the plugin of the route."""

        if getattr(self, "_owners", None) is None:
            self._owners = Owners(self.plugins.pm)
        found = self._owners.of_exception(exc)
        if found is None:
            route = self.operation_for(req.uri_template, req.method)
            found = route[0].plugin if route else None
        return found

    def render_unexpected(self, req, resp, exc: BaseException) -> None:
        request_id = req.context.get("request_id")
        plugin = self.blame(req, exc)
        where = f"plugin {plugin!r}" if plugin else "an unknown place"
        log.error("unexpected error in %s during %s %s (request %s): %s", where, req.method, req.path, request_id,
                  type(exc).__name__, exc_info=exc,
                  extra={"plugin": plugin, "request_id": request_id, "method": req.method, "path": req.path})
        resp.status = falcon.HTTP_500
        resp.content_type = falcon.MEDIA_JSON
        resp.stream = None
        resp.media = {"error": True, "message": "Internal server error.", "request_id": request_id}


def _no_memo(name, key, compute, size=0):
    return compute()


def _handle_clapboard_error(req, resp, exc: ClapboardError, params):
    resp.status = exc.status
    resp.content_type = falcon.MEDIA_JSON
    resp.media = exc.to_dict()


def _handle_integrity_error(req, resp, exc: peewee.IntegrityError, params):
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    _handle_clapboard_error(req, resp, IntegrityViolation(detail=first_line[:300]), params)


def _handle_out_of_range(req, resp, exc: Exception, params):
    """A value the database cannot hold (a number beyond its column's range): the client's error."""

    _handle_clapboard_error(req, resp, BadRequest(
        "A value cannot be stored: out of range for its field, or text holding a NUL character."), params)


def _handle_database_down(req, resp, exc: Exception, params):
    log.warning("database unavailable during %s %s: %s", req.method, req.path, exc)
    _handle_clapboard_error(req, resp, ServiceUnavailable("The database is unavailable or busy; try again."), params)


def _serialize_http_error(req, resp, exc: falcon.HTTPError):
    status = exc.status_code
    if status == 404:
        message = f"Not found: {req.path}"
    elif status == 405:
        message = f"Method {req.method} is not allowed on {req.path}."
    else:
        message = exc.description or exc.title
    resp.content_type = falcon.MEDIA_JSON
    resp.data = _dumps({"error": True, "message": message})


def _collect_list(host: PluginHost, hook: str, **kwargs) -> list[tuple[str, Any]]:
    out = []
    for plugin, result in host.collect(hook, **kwargs):
        for item in result:
            out.append((plugin, item))
    return out


def create_app(
    config: Config | None = None,
    pm: pluggy.PluginManager | None = None,
    db: peewee.Database | None = None,
    *,
    extra_plugins: Iterable = (),
    check_schema: bool = True,
) -> ClapboardApp:
    """Assemble Clapboard from its configuration and enabled plugins."""

    config = config or load_config()
    configure_logging(config["log_format"], config["log_level"])
    host = PluginHost(config, pm=pm, extra=extra_plugins).load()

    config_schemas: dict[str, dict] = {}
    for _plugin, mapping in host.collect("register_config_schema"):
        config_schemas.update(mapping)
    apply_plugin_schemas(config, config_schemas)

    schemas = SchemaRegistry()
    for plugin, result in host.collect("register_schemas"):
        schemas.add_from_hook(result, plugin)
    schemas.check_all(Path(config["data_dir"]) / ".schemas-checked")

    db = db or open_database(
        config["database_url"],
        max_connections=config["db_max_connections"],
        stale_timeout=config["db_stale_timeout"],
    )
    models = [model for _p, model in _collect_list(host, "register_models")]
    bind_models(db, [MigrationRecord, *models])

    migrations = []
    requires = {info.name: info.requires for info in host.enabled()}
    for plugin, migration in _collect_list(host, "register_migrations"):
        migrations.append(Migration(migration.number, migration.name, migration.apply, plugin=plugin,
                                    requires=requirements(requires, plugin)))
    validate_numbering(migrations)

    app = ClapboardApp(media_type=falcon.MEDIA_JSON)
    app.config = config
    app.plugins = host
    app.schemas = schemas
    app.models = models
    app.migrations = migrations
    app.secret_key = resolve_secret_key(config)
    app.db = db
    app.write_lock = write_lock_for(db)
    app.unit_of_work = UnitOfWork(app)
    if isinstance(db, ChangeTracking):
        db.generations = app.generations = Generations(db, cascades([MigrationRecord, *models]))
    else:  # a database given by the caller: no change counters, so nothing may be cached
        app.generations = None
    app.memo = Memo(app.generations) if app.generations is not None else _no_memo
    app.response_cache = ResponseCacheMiddleware(app, config["response_cache_mb"] << 20)
    app.routes = []
    app._operations = {}
    app.req_options.strip_url_path_trailing_slash = True
    app.req_options.auto_parse_qs_csv = False
    app.req_options.keep_blank_qs_values = True
    app.resp_options.media_handlers[falcon.MEDIA_JSON] = JSON_HANDLER
    app.req_options.media_handlers[falcon.MEDIA_JSON] = JSON_HANDLER

    for middleware in (
        RequestContextMiddleware(app),
        SecurityHeadersMiddleware(),
        BodyLimitMiddleware(config["max_body_size"]),
        DatabaseMiddleware(app),
        AuthMiddleware(app),
        app.response_cache,
    ):
        app.add_middleware(middleware)
    for _plugin, middleware in _collect_list(host, "register_middleware"):
        app.add_middleware(middleware)
    for _plugin, handlers in host.collect("register_media_handlers"):
        app.req_options.media_handlers.update(handlers)
        app.resp_options.media_handlers.update(handlers)

    app.set_error_serializer(_serialize_http_error)
    app.add_error_handler(Exception, lambda req, resp, exc, params: app.render_unexpected(req, resp, exc))
    app.add_error_handler(peewee.OperationalError, _handle_database_down)
    app.add_error_handler(peewee.InterfaceError, _handle_database_down)
    app.add_error_handler(peewee.IntegrityError, _handle_integrity_error)
    app.add_error_handler(peewee.DataError, _handle_out_of_range)
    app.add_error_handler(OverflowError, _handle_out_of_range)
    app.add_error_handler(ClapboardError, _handle_clapboard_error)

    seen: dict[str, str] = {}
    for plugin, route in _collect_list(host, "register_routes", app=app):
        route.plugin = route.plugin or plugin
        key = canonical_template(route.path)[0] + "#" + (route.suffix or "")
        if key in seen:
            raise PluginError(f"route {route.path} is registered by both {seen[key]!r} and {plugin!r}")
        seen[key] = plugin
        app.mount(route)

    app.permissions = [
        Permission(p.action, p.description, plugin=plugin) for plugin, p in _collect_list(host, "register_permissions")
    ]
    app.event_types = [
        EventType(e.name, e.description, plugin=plugin) for plugin, e in _collect_list(host, "register_events")
    ]

    if check_schema:
        try:
            db.connect(reuse_if_open=True)
            check_up_to_date(db, migrations)
        except peewee.PeeweeException as exc:
            raise StartupError(f"cannot use the database {redact_url(config['database_url'])}: {exc}") from exc
        finally:
            if not db.is_closed():
                db.close()
    host.call_each("startup", app=app)
    return app
