"""Per-plugin numbered migrations with a history table.

A plugin returns ``Migration(number, name, apply)`` objects from
``register_migrations``; numbers start at 1 and have no gaps. ``upgrade``
applies what is pending, all of it in one transaction, and records it in
``clapboard_migration``: a failing migration leaves the database as it was.
``check_up_to_date`` is what stops the server from serving an out-of-date
schema.

Pending migrations run plugin by plugin: ``core`` first, then every plugin
after the plugins it ``requires`` (a plugin's tables may refer to theirs), the
name breaking ties so that the order never depends on loading order.
"""

from __future__ import annotations

import heapq
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Mapping

import peewee
from playhouse.migrate import SchemaMigrator, migrate

from .db import Model, is_sqlite
from .errors import PluginError, SchemaOutOfDate

log = logging.getLogger("clapboard.migrations")


class MigrationRecord(Model):
    plugin = peewee.CharField(max_length=100)
    number = peewee.IntegerField()
    name = peewee.CharField(max_length=200)
    applied_at = peewee.DateTimeField()

    class Meta:
        table_name = "clapboard_migration"
        primary_key = peewee.CompositeKey("plugin", "number")


class MigrationContext:
    """What a migration function receives."""

    def __init__(self, db: peewee.Database):
        self.db = db
        self.migrator = SchemaMigrator.from_database(db)

    def create_tables(self, models: Iterable[type[peewee.Model]]) -> None:
        self.db.create_tables(list(models), safe=True)

    def migrate(self, *operations) -> None:
        migrate(*operations)

    def column_names(self, table: str) -> set[str]:
        return {c.name for c in self.db.get_columns(table)}


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    apply: Callable[[MigrationContext], None] = field(repr=False)
    plugin: str | None = None
    # Every plugin the migration's plugin needs, directly or not (``requirements``).
    requires: tuple[str, ...] = ()


def create_models(*models: type[peewee.Model]) -> Callable[[MigrationContext], None]:
    """A migration body that creates the tables of ``models`` (and their indexes)."""

    def apply(ctx: MigrationContext) -> None:
        ctx.create_tables(models)

    apply.__doc__ = "create tables " + ", ".join(m._meta.table_name for m in models)
    return apply


def validate_numbering(migrations: list[Migration]) -> None:
    by_plugin: dict[str, list[int]] = {}
    for m in migrations:
        by_plugin.setdefault(m.plugin, []).append(m.number)
    for plugin, numbers in by_plugin.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise PluginError(f"plugin {plugin!r}: migrations must be numbered 1..n without gaps, got {sorted(numbers)}")


def _applied(db: peewee.Database) -> dict[str, int]:
    if not db.table_exists(MigrationRecord._meta.table_name):
        return {}
    latest: dict[str, int] = {}
    for record in MigrationRecord.select(MigrationRecord.plugin, MigrationRecord.number):
        latest[record.plugin] = max(latest.get(record.plugin, 0), record.number)
    return latest


def requirements(requires: Mapping[str, Iterable[str]], plugin: str) -> tuple[str, ...]:
    """The plugins ``plugin`` needs, directly or through others, from each plugin's own ``requires``.

    Following the chain matters: when ``a`` requires ``b`` (no migrations of its
    own) which requires ``c``, ``a``'s migrations still run after ``c``'s. A
    plugin in a cycle finds itself among its requirements.
    """

    found: set[str] = set()
    stack = list(requires.get(plugin, ()))
    while stack:
        name = stack.pop()
        if name not in found:
            found.add(name)
            stack.extend(requires.get(name, ()))
    return tuple(sorted(found))


def plugin_order(migrations: Iterable[Migration]) -> list[str]:
    """The plugins of ``migrations`` in the order their migrations run (see the module docstring)."""

    needs: dict[str, set[str]] = {}
    for m in migrations:
        needs.setdefault(m.plugin, set()).update(m.requires)
    needs = {plugin: required & set(needs) for plugin, required in needs.items()}
    waiting = {plugin: len(required) for plugin, required in needs.items()}
    ready = [(plugin != "core", plugin) for plugin, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, plugin = heapq.heappop(ready)
        order.append(plugin)
        for other, required in needs.items():
            if plugin in required:
                waiting[other] -= 1
                if waiting[other] == 0:
                    heapq.heappush(ready, (other != "core", other))
    stuck = sorted(set(needs) - set(order))
    if stuck:
        cycle = [plugin for plugin in stuck if plugin in needs[plugin]] or stuck
        raise PluginError(f"plugins {', '.join(map(repr, cycle))} require each other in a cycle; "
                          "their migrations cannot be ordered: remove one of the requirements")
    return order


def pending(db: peewee.Database, migrations: list[Migration]) -> list[Migration]:
    applied = _applied(db)
    rank = {plugin: index for index, plugin in enumerate(plugin_order(migrations))}
    todo = [m for m in migrations if m.number > applied.get(m.plugin, 0)]
    return sorted(todo, key=lambda m: (rank[m.plugin], m.number))


class MigrationFailed(PluginError):
    """A plugin's migration raised: the whole run was rolled back."""

    def __init__(self, migration: Migration, exc: BaseException):
        self.migration = migration
        super().__init__(
            f"plugin {migration.plugin!r} migration #{migration.number} ({migration.name}) failed: "
            f"{type(exc).__name__}: {exc}. Nothing was applied: the database is as it was before this run."
        )


def upgrade(db: peewee.Database, migrations: list[Migration]) -> list[Migration]:
    """Apply every pending migration in one transaction; return those applied.

    All or nothing: when one migration fails, the migrations applied before it
    in this run (other plugins' included) are rolled back with it and
    ``MigrationFailed`` names it. On SQLite, foreign keys are off for the run
    (a pragma that only takes effect outside a transaction), as SQLite's own
    procedure for rebuilding a table asks: peewee's migrator rebuilds a table
    to alter or drop a column, and dropping a table that others refer to would
    otherwise delete or refuse their rows. Every reference is checked before
    the commit.
    """

    foreign_keys = is_sqlite(db) and bool(db.pragma("foreign_keys"))
    if foreign_keys:
        db.pragma("foreign_keys", 0)
    try:
        with db.atomic():
            done = _apply_pending(db, migrations)
            if foreign_keys:
                _check_references(db, done[-1] if done else None)
    finally:
        if foreign_keys:
            db.pragma("foreign_keys", 1)
    for migration in done:
        log.info("applied migration %s #%d %s", migration.plugin, migration.number, migration.name)
    return done


def _apply_pending(db: peewee.Database, migrations: list[Migration]) -> list[Migration]:
    db.create_tables([MigrationRecord], safe=True)
    done = []
    for migration in pending(db, migrations):
        try:
            with db.atomic():
                migration.apply(MigrationContext(db))
        except Exception as exc:
            raise MigrationFailed(migration, exc) from exc
        MigrationRecord.create(
            plugin=migration.plugin,
            number=migration.number,
            name=migration.name,
            applied_at=datetime.now(timezone.utc).replace(tzinfo=None),
        )
        done.append(migration)
    return done


def _check_references(db: peewee.Database, last: Migration | None) -> None:
    broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if broken and last is not None:
        table, _rowid, parent, _fk = broken[0]
        raise MigrationFailed(last, PluginError(
            f"{len(broken)} row(s) refer to missing rows (first: {table} -> {parent})"))


def check_up_to_date(db: peewee.Database, migrations: list[Migration]) -> None:
    todo = pending(db, migrations)
    if todo:
        listed = ", ".join(f"{m.plugin} #{m.number} ({m.name})" for m in todo)
        raise SchemaOutOfDate(
            f"the database schema is out of date: {len(todo)} migration(s) pending: {listed}. "
            "Run `clapboard upgrade-db` (or `clapboard init-db` on a new database) first."
        )
