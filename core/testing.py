"""pytest fixtures for Clapboard and its plugin authors (a ``pytest11`` plugin).

- ``make_app(plugins=None, extra=(), config=None, init=True)`` builds an app on
  a throw-away database: SQLite in ``tmp_path``, or the PostgreSQL database
  named by ``CLAPBOARD_TEST_DATABASE_URL`` (emptied first). ``plugins`` lists
  the entry-point plugins to enable (``None``: all installed); ``extra`` adds
  plugin objects; ``init`` runs migrations and default data.
- ``app`` / ``client``: the default app and a Falcon ``TestClient`` on it.
- ``live_server``: the app served by a real waitress server on a free port.
- ``TestActors``: an opt-in plugin that authenticates the header
  ``X-Clapboard-Test-Actor: <role>`` and lets role ``admin`` do everything.
  It exists only in tests; never enable it in a server.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from typing import Any, Iterable

import pytest

from .actors import Actor
from .app import ClapboardApp, create_app
from .config import load_config
from .db import open_database
from .hookspecs import hookimpl
from .migrations import upgrade
from .pluginhost import plugin_name

TEST_ACTOR_HEADER = "X-Clapboard-Test-Actor"
TEST_DATABASE_ENV = "CLAPBOARD_TEST_DATABASE_URL"
TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


class TestActors:
    """Authenticates ``X-Clapboard-Test-Actor: <role>[:<id>]``; role ``admin`` may do anything."""

    __test__ = False
    __clapboard_name__ = "test_actors"

    @hookimpl(trylast=True)
    def authenticate(self, app, req):
        value = req.get_header(TEST_ACTOR_HEADER)
        if not value:
            return None
        role, _, actor_id = value.partition(":")
        return Actor(id=actor_id or None, kind="test", role=role)

    @hookimpl
    def permission_allowed(self, app, actor, action, resource):
        if actor is not None and actor.kind == "test" and actor.role == "admin":
            return True
        return None


def reset_database(url: str) -> None:
    """Drop every table of the test database (PostgreSQL: the public schema)."""

    db = open_database(url, max_connections=2)
    try:
        db.connect()
        if url.startswith("postgres"):
            db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            db.execute_sql("CREATE SCHEMA public")
        else:
            for table in db.get_tables():
                db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    finally:
        db.close()
        db.close_all()


def test_database_url(tmp_path) -> str:
    url = os.environ.get(TEST_DATABASE_ENV)
    if url:
        reset_database(url)
        return url
    return "sqlite:///" + str(tmp_path / "clapboard-test.db")


test_database_url.__test__ = False


@dataclass
class AppFactory:
    tmp_path: Any
    built: list

    def __call__(
        self,
        plugins: Iterable[str] | None = None,
        extra: Iterable = (),
        config: dict | None = None,
        init: bool = True,
        actors: bool = True,
        check_schema: bool = False,
    ) -> ClapboardApp:
        overrides: dict[str, Any] = {
            "data_dir": str(self.tmp_path / "data"),
            "secret_key": TEST_SECRET,
            "log_level": "WARNING",
        }
        if config and "database_url" in config:
            pass  # the caller's own database
        elif self.built:  # a second app in one test shares the first one's database
            overrides["database_url"] = self.built[-1].config["database_url"]
        else:
            overrides["database_url"] = test_database_url(self.tmp_path)
        plugin_table: dict[str, Any] = {}
        if plugins is not None:
            plugin_table["enabled"] = list(plugins) + [plugin_name(e) for e in extra]
            plugin_table["enabled"] += [TestActors.__clapboard_name__] if actors else []
            plugin_table["enabled"] = list(dict.fromkeys(p for p in plugin_table["enabled"] if p))
        for key, value in (config or {}).items():
            if key == "plugins":
                plugin_table.update(value)
            else:
                overrides[key] = value
        if plugin_table:
            overrides["plugins"] = plugin_table
        cfg = load_config(path=None, env={}, overrides=overrides)
        extras = list(extra) + ([TestActors()] if actors else [])
        app = create_app(cfg, extra_plugins=extras, check_schema=bool(check_schema) and not init)
        if init:
            with app.db.connection_context():
                upgrade(app.db, app.migrations)
                with app.transaction():
                    app.hook.init_data(app=app)
        self.built.append(app)
        return app


@pytest.fixture
def make_app(tmp_path):
    built: list[ClapboardApp] = []
    yield AppFactory(tmp_path, built)
    for app in built:
        app.close()


@pytest.fixture
def app(make_app):
    return make_app()


def make_client(app, role: str | None = "admin", actor_id: str | None = None):
    """A Falcon ``TestClient`` sending the test-actor header (``role=None``: anonymous)."""

    from falcon.testing import TestClient

    headers = {}
    if role is not None:
        headers[TEST_ACTOR_HEADER] = role + (":" + actor_id if actor_id else "")
    return TestClient(app, headers=headers)


@pytest.fixture
def client(app):
    return make_client(app)


@pytest.fixture
def anonymous_client(app):
    return make_client(app, role=None)


class LiveServer:
    """A waitress server in a background thread; ``url`` ends without a slash."""

    def __init__(self, app, threads: int = 4):
        import waitress.server

        self.app = app
        self.server = waitress.server.create_server(
            app, host="127.0.0.1", port=0, threads=threads, ident="Clapboard-test",
            max_request_body_size=app.config["max_body_size"] + 65536,
        )
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, name=f"waitress-{uuid.uuid4().hex[:6]}", daemon=True)

    def _serve(self) -> None:
        # One loop turn at a time so the socket is closed by this thread, not under select().
        while not self._stopping.is_set():
            self.server.asyncore.loop(timeout=0.05, map=self.server._map, count=1, use_poll=True)
        self.server.asyncore.close_all(self.server._map)
        self.server.task_dispatcher.shutdown()

    def start(self) -> "LiveServer":
        self.thread.start()
        self.app.hook.serve_started(app=self.app)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app):
    server = LiveServer(app).start()
    yield server
    server.stop()
