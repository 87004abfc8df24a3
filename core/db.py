"""The database: one peewee ``DatabaseProxy`` initialised from a URL.

Models subclass ``clapboard.Model`` and so live on ``database``. ``create_app``
opens the concrete database (SQLite by default, PostgreSQL with psycopg 3 for
scale-out) and initialises the proxy. Connections come from a pool, one per
request; the request middleware returns it at the end.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlparse

import peewee

try:
    import fcntl
except ImportError:  # Windows: writers of one process still queue; several processes poll
    fcntl = None
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

from .errors import ConfigError

log = logging.getLogger("clapboard.db")

class ThreadProxy(peewee.DatabaseProxy):
    """peewee's database proxy, pointed per thread.

    Several applications may live in one process (tests, an embedding
    program); each request thread points the proxy at its own app's database
    (``initialize``). Background threads of one app (senders, tailers, movie
    workers) do the same, and with a single shared pointer they would turn
    every other thread's models to their database in the middle of its work.
    Here each thread keeps what it set; a thread that never set one sees the
    last database any thread set (the usual single-app process sees its one
    database everywhere).
    """

    __slots__ = ("_local", "_last")
    _NAMES = frozenset({"obj", "_callbacks", "_Model", "_local", "_last"})

    def __init__(self):
        object.__setattr__(self, "_local", threading.local())
        object.__setattr__(self, "_last", None)
        super().__init__()

    @property
    def obj(self):
        return getattr(self._local, "db", None) or self._last

    @obj.setter
    def obj(self, value):
        self._local.db = value
        object.__setattr__(self, "_last", value)

    def bound_to(self, db) -> bool:
        """Whether this thread's models use ``db`` and no thread has pointed the proxy elsewhere since:
        peewee re-hooks fields on each ``initialize`` (a JSON field writes SQLite's text or PostgreSQL's
        jsonb), and those hooks are shared by every thread."""

        return getattr(self._local, "db", None) is db and self._last is db

    def __setattr__(self, attr, value):
        if attr not in self._NAMES:
            raise AttributeError("Cannot set attribute on proxy.")
        object.__setattr__(self, attr, value)


database = ThreadProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,
    "synchronous": "normal",
    # SQLite's default 2 MB page cache per connection: each thread has its own connection, and the
    # operating system caches the file anyway (16 MB each cost a worker ~120 MB with 8 threads).
    "cache_size": -2000,
}


class Model(peewee.Model):
    """Base class of every table; bound to the application's database."""

    class Meta:
        database = database
        legacy_table_names = False


class ChangeTracking:
    """Keeps ``cache_generation`` moving with the data (see ``clapboard.caching``).

    Each statement is shown to ``generations`` (set by ``create_app``): the tables a
    write touches are bumped just before the transaction commits (at once outside
    a transaction), and forgotten when it rolls back.
    """

    generations = None

    def execute_sql(self, sql, params=None):
        generations = self.generations
        written = generations.statement(sql) if generations is not None else None
        cursor = super().execute_sql(sql, params)
        if written:
            if self.in_transaction():
                dirty = getattr(self._state, "dirty", None)
                if dirty is None:
                    dirty = self._state.dirty = set()
                dirty |= written
            else:
                generations.bump(super().execute_sql, written)
        return cursor

    def commit(self):
        dirty = getattr(self._state, "dirty", None)
        if dirty:
            self._state.dirty = None
            if self.generations is not None:
                self.generations.bump(super().execute_sql, dirty)
        return super().commit()

    def rollback(self):
        self._state.dirty = None
        return super().rollback()


class SqliteDatabase(ChangeTracking, PooledSqliteDatabase):
    pass


class PostgresqlDatabase(ChangeTracking, PooledPostgresqlDatabase):
    pass


class WriteLock:
    """One SQLite writer at a time, across the threads of a process and across processes.

    SQLite lets one transaction write at a time and makes the others poll
    (``busy_timeout``: sleeps of growing length), which gives writers of several
    ``serve`` workers long tails. Writers queue here instead: a thread lock
    within the process, then an ``flock`` on a file next to the database, which
    the kernel hands to the next process the moment it is released. Each
    process opens its own file descriptor (a descriptor inherited across
    ``fork`` would share one lock between parent and child).
    """

    def __init__(self, path: str | None):
        self.path = path
        self._thread_lock = threading.Lock()
        self._fd: int | None = None
        self._pid: int | None = None

    def _descriptor(self) -> int | None:
        if self.path is None or fcntl is None:
            return None
        if self._pid != os.getpid():
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:  # a read-only directory: processes fall back on SQLite's busy handler
                log.warning("no cross-process write lock at %s: %s", self.path, exc)
                self._fd = None
            self._pid = os.getpid()
        return self._fd

    def __enter__(self):
        self._thread_lock.acquire()
        try:
            fd = self._descriptor()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            self._thread_lock.release()
            raise
        return self

    def __exit__(self, *exc):
        try:
            fd = self._fd if self._pid == os.getpid() else None
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def close(self) -> None:
        """Close this process's descriptor (the app is closed; a later writer would open it again)."""

        with self._thread_lock:
            if self._fd is not None and self._pid == os.getpid():
                os.close(self._fd)
            self._fd, self._pid = None, None


def write_lock_for(db: peewee.Database) -> WriteLock:
    """The writers' lock of ``db``: across processes for a SQLite file, within the process otherwise."""

    name = getattr(db, "database", None)
    if is_sqlite(db) and name and name != ":memory:" and not str(name).startswith("file:"):
        return WriteLock(str(name) + ".write-lock")
    return WriteLock(None)


def open_database(url: str, *, max_connections: int = 32, stale_timeout: int = 300) -> peewee.Database:
    """Build (without connecting) the database named by ``url``."""

    parsed = urlparse(url)
    options = dict(parse_qsl(parsed.query))
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path)
        if parsed.netloc:
            raise ConfigError(f"SQLite URLs take three slashes: sqlite:///{parsed.netloc}{parsed.path}")
        if not path:
            raise ConfigError("the SQLite URL names no file (sqlite:///path/to/clapboard.db)")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(
            path,
            pragmas=SQLITE_PRAGMAS,
            timeout=10,
            check_same_thread=False,
            max_connections=max_connections,
            stale_timeout=stale_timeout,
        )
    if parsed.scheme in ("postgres", "postgresql"):
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ConfigError("the PostgreSQL URL names no database (postgresql://user@host/dbname)")
        params = {
            "host": parsed.hostname or "localhost",
            "port": parsed.port or 5432,
            "user": unquote(parsed.username) if parsed.username else None,
            "password": unquote(parsed.password) if parsed.password else None,
            "connect_timeout": int(options.pop("connect_timeout", 5)),
        }
        params.update(options)
        return PostgresqlDatabase(
            name,
            prefer_psycopg3=True,
            max_connections=max_connections,
            stale_timeout=stale_timeout,
            timeout=10,
            **{k: v for k, v in params.items() if v is not None},
        )
    raise ConfigError(f"unsupported database URL scheme {parsed.scheme!r} (use sqlite:/// or postgresql://)")


def is_sqlite(db: peewee.Database) -> bool:
    db = getattr(db, "obj", db)
    return isinstance(db, peewee.SqliteDatabase)


def database_is_up(db: peewee.Database) -> bool:
    """True when a trivial query succeeds (the connection stays with the request)."""

    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1").fetchone()
        return True
    except peewee.PeeweeException as exc:
        log.warning("database check failed: %s", exc)
        return False
    except Exception as exc:  # driver-level errors (psycopg, sqlite3)
        log.warning("database check failed: %s", exc)
        return False


def bind_models(db: peewee.Database, models) -> None:
    database.initialize(db)
    # Models of plugins that subclass peewee.Model directly get the same database.
    db.bind([m for m in models if m._meta.database is not database], bind_refs=False, bind_backrefs=False)


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""

    parsed = urlparse(url)
    if parsed.password:
        netloc = parsed.netloc.replace(":" + parsed.password + "@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return url
