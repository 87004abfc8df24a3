"""Caches that stay right across processes: per-table change counters in the database.

Every write statement marks the table it writes (and the tables its deletes
cascade to). The transaction that wrote bumps those tables' counters in
``cache_generation`` just before it commits, so a counter moves exactly when
the rows it stands for change, for every process on every machine. Anything
computed from the database can then be kept with the counters of the tables
it read (recorded automatically from the statements run while computing it)
and reused for as long as those counters have not moved. Checking costs one
small query per request (``snapshot``), shared by every cache of the request.

Plugins use it through ``app.memo(name, key, compute)``; the core's response
cache (``response_cache``) uses it for whole GET answers.
"""

from __future__ import annotations

import contextvars
import re
import threading
from collections import OrderedDict
from typing import Any, Callable, Iterable

import peewee

from .db import Model

TABLE = "cache_generation"
ALL = "*"  # bumped by schema changes and writes whose table cannot be read: invalidates everything

_WRITE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([A-Za-z_]\w*)"?',
    re.IGNORECASE)
_WRITE_WORD = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|MERGE|UPSERT)\b", re.IGNORECASE)
_SCHEMA = re.compile(r"^\s*(?:CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?', re.IGNORECASE)
_QUIET = re.compile(r"^\s*(?:BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA|SET|SHOW|SELECT\s+1\b)", re.IGNORECASE)

# Tables read by what is being computed now (a stack: a memo inside a response records in both).
_reading: contextvars.ContextVar[tuple[set, ...]] = contextvars.ContextVar("clapboard_cache_reading", default=())
# Per request: the counters (read once) and whether the request wrote anything.
_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar("clapboard_cache_request", default=None)


class CacheGeneration(Model):
    """One counter per table, moved by every transaction that writes the table."""

    name = peewee.CharField(max_length=80, primary_key=True)
    value = peewee.BigIntegerField(default=0)

    class Meta:
        table_name = TABLE


def written_tables(sql: str) -> set[str] | None:
    """The tables a statement writes (``{"*"}`` for schema changes), ``None`` for reads."""

    match = _WRITE.match(sql)
    if match:
        return {match.group(1)}
    if _SCHEMA.match(sql):
        return {ALL}
    if _WRITE_WORD.match(sql):
        return {ALL}
    return None


def read_tables(sql: str) -> set[str]:
    return set(_READ.findall(sql))


def cascades(models: Iterable[type[peewee.Model]]) -> dict[str, frozenset[str]]:
    """``{table: tables its deletes reach}`` through ``ON DELETE CASCADE / SET NULL`` keys."""

    direct: dict[str, set[str]] = {}
    for model in models:
        for field in model._meta.sorted_fields:
            if isinstance(field, peewee.ForeignKeyField) and (field.on_delete or "").upper() in (
                    "CASCADE", "SET NULL"):
                direct.setdefault(field.rel_model._meta.table_name, set()).add(model._meta.table_name)
    closed: dict[str, frozenset[str]] = {}
    for table in direct:
        seen, todo = set(), [table]
        while todo:
            for child in direct.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closed[table] = frozenset(seen)
    return closed


class Generations:
    """The counters, and the bookkeeping that keeps them moving with the data."""

    def __init__(self, db: peewee.Database, cascade: dict[str, frozenset[str]] | None = None):
        self.db = db
        self.cascade = cascade or {}
        self._ready = False
        self._ready_lock = threading.Lock()

    # -- readiness: the table exists once the core's migrations ran ------------

    @property
    def ready(self) -> bool:
        if not self._ready:
            with self._ready_lock:
                if not self._ready:
                    try:
                        self._ready = TABLE in self.db.get_tables()
                    except peewee.PeeweeException:
                        return False
        return self._ready

    def forget_readiness(self) -> None:
        self._ready = False

    # -- writes --------------------------------------------------------------------

    def statement(self, sql: str) -> set[str] | None:
        """Called before each statement: records reads, returns the tables it writes."""

        if _QUIET.match(sql):
            return None
        written = written_tables(sql)
        if written is None:
            reading = _reading.get()
            if reading:
                tables = read_tables(sql)
                for found in reading:
                    found |= tables
            return None
        if sql.lstrip()[:6].upper() == "DELETE":
            for table in list(written):
                written |= self.cascade.get(table, frozenset())
        state = _request.get()
        if state is not None:
            state["wrote"] = True
        return written

    def bump(self, execute: Callable, tables: Iterable[str]) -> None:
        """Move the counters of ``tables`` (sorted: concurrent writers lock them in one order)."""

        names = sorted(set(tables) - {TABLE})
        if not names or not self.ready:
            return
        param = self.db.param
        rows = ", ".join(f"({param}, 1)" for _ in names)
        execute(f'INSERT INTO "{TABLE}" ("name", "value") VALUES {rows} '
                f'ON CONFLICT ("name") DO UPDATE SET "value" = "{TABLE}"."value" + 1', names)

    # -- reads -----------------------------------------------------------------------

    def snapshot(self) -> dict[str, int]:
        """Every counter, read once per request (or afresh outside one)."""

        state = _request.get()
        if state is not None and state.get("snapshot") is not None:
            return state["snapshot"]
        cursor = self.db.execute_sql(f'SELECT "name", "value" FROM "{TABLE}"')
        found = dict(cursor.fetchall())
        if state is not None:
            state["snapshot"] = found
        return found


def start_request(memo: "Memo | None" = None) -> contextvars.Token:
    return _request.set({"snapshot": None, "wrote": False, "memo": memo})


def memo(name: str, key: Any, compute: Callable[[], Any], size: int = 1024) -> Any:
    """``app.memo`` of the application serving the current request (computed afresh elsewhere).

    For code that reads reference data without an ``app`` at hand (row decorators…).
    """

    state = _request.get()
    kept = state.get("memo") if state is not None else None
    return kept(name, key, compute, size) if kept is not None else compute()


def end_request(token: contextvars.Token) -> None:
    _request.reset(token)


def request_wrote() -> bool:
    state = _request.get()
    return bool(state and state["wrote"])


def _note_reads(tables) -> None:
    """Count ``tables`` as read by whatever is being recorded now (a kept value standing for a query)."""

    reading = _reading.get()
    if reading:
        tables = set(tables)
        for found in reading:
            found |= tables


class Recording:
    """Collects the tables read by the statements run inside ``with`` (nested recordings share them)."""

    def __init__(self):
        self.tables: set[str] = set()
        self._token = None

    def __enter__(self) -> "Recording":
        self._token = _reading.set(_reading.get() + (self.tables,))
        return self

    def __exit__(self, *exc) -> None:
        _reading.reset(self._token)

    def stop(self) -> None:
        if self._token is not None:
            _reading.reset(self._token)
            self._token = None


def valid(deps: tuple[tuple[str, int], ...], snapshot: dict[str, int]) -> bool:
    """Whether none of the counters a value was computed under has moved (``deps`` always holds ``*``)."""

    return all(snapshot.get(table, 0) == value for table, value in deps)


def dependencies(tables: set[str], snapshot: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((table, snapshot.get(table, 0)) for table in tables | {ALL}))


class LRU:
    """A size-bounded least-recently-used map, safe across threads."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key, value, size: int) -> None:
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[0]
            self._items[key] = (size, value)
            self.size += size
            while self.size > self.max_bytes and self._items:
                _key, (dropped, _value) = self._items.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def discard(self, key) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[0]

    def __len__(self) -> int:
        return len(self._items)


class Memo:
    """``app.memo``: values computed from the database, kept while the tables they read are unchanged.

    Values are shared by every request of the process: treat them as read-only.
    """

    def __init__(self, generations: Generations, max_bytes: int = 8 << 20):
        self.generations = generations
        self.items = LRU(max_bytes)

    def __call__(self, name: str, key: Any, compute: Callable[[], Any], size: int = 1024) -> Any:
        db = self.generations.db
        if not self.generations.ready or db.in_transaction():
            # Inside a transaction the value could reflect writes that later roll back.
            return compute()
        snapshot = self.generations.snapshot()
        found = self.items.get((name, key))
        if found is not None:
            deps, value = found[1]
            if valid(deps, snapshot):
                _note_reads(table for table, _value in deps)  # what is built from it depends on them too
                return value
        with Recording() as recording:
            value = compute()
        self.items.put((name, key), (dependencies(recording.tables, snapshot), value), size)
        return value


__all__ = ["ALL", "TABLE", "CacheGeneration", "Generations", "LRU", "Memo", "Recording", "cascades", "read_tables",
           "written_tables"]
