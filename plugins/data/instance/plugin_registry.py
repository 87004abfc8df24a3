"""Zou's plugin registry (``/data/plugins``) kept in step with the installed packages.

Zou writes a ``plugin`` row when ``zou install-plugin`` runs; Clapboard's
plugins are Python packages, so the rows follow them instead: at every start
(``startup``, once the schema is up to date) and at ``clapboard init-db``
(``init_data``), each enabled packaged plugin gets its row (a stable id, the
package's facts) and the rows of plugins no longer installed or enabled go.
The table is read first and written only when it differs, so the many starts
of tests and workers cost one read. Several processes starting at once write
the same rows with ``INSERT … ON CONFLICT`` in one order, and the transaction
is retried as a whole when the database asks for it.

The generic routes stay: admins read the rows and may change the studio-side
fields (``PUT``); creating a row, or deleting that of an installed plugin, is
refused with a 400 that says how plugins are installed.
"""

from __future__ import annotations

import logging
import os

from clapboard.db import is_sqlite
from clapboard.errors import BadRequest
from clapboard.migrations import pending
from clapboard.transactions import retried

from ..models import Plugin
from ..models.base import utcnow
from .plugin_rows import STUDIO_FIELDS, installed_names, row_id, wanted_rows

log = logging.getLogger("clapboard.plugins.data.registry")

COMPARED = ("plugin_id", "name", "description", "version", "maintainer_name", "maintainer_email", "website",
            "license", "revision", *STUDIO_FIELDS)
HOW = ("plugins are installed as Python packages: install (or uninstall) the package that provides it, enable or "
       "disable it in the [plugins] configuration, and restart Clapboard; this list follows at each start")


def _differences(wanted: dict[str, dict]) -> tuple[list[dict], bool]:
    """The rows to write (missing or changed) and whether stale rows exist."""

    current = {row["plugin_id"]: row for row in Plugin.select(*[getattr(Plugin, f) for f in COMPARED]).dicts()}
    changed = [row for plugin_id, row in sorted(wanted.items())
               if plugin_id not in current or any(current[plugin_id].get(k) != v for k, v in row.items())]
    return changed, bool(set(current) - set(wanted))


def _write(changed: list[dict], keep: list[str]) -> None:
    # Stale rows first: one renamed through the API may hold the stable id a plugin's row takes.
    Plugin.delete().where(Plugin.plugin_id.not_in(keep)).execute()
    now = utcnow()
    for row in changed:
        values = {**STUDIO_FIELDS, **row, "id": row_id(row["plugin_id"]), "created_at": now, "updated_at": now}
        updated = {getattr(Plugin, name): values[name] for name in (*row, "updated_at") if name != "plugin_id"}
        Plugin.insert(**values).on_conflict(conflict_target=[Plugin.plugin_id], update=updated).execute()


def refresh(app) -> bool:
    """Bring the rows in step with the enabled packaged plugins; ``True`` when something was written."""

    changed, stale = _differences(wanted_rows(app))
    if not changed and not stale:
        return False  # the usual start: one read, no write lock taken
    def write() -> bool:
        wanted = wanted_rows(app)
        changed, stale = _differences(wanted)
        if not changed and not stale:
            return False
        _write(changed, sorted(wanted))
        return True

    return retried(app, write, duplicates=True)


def _database_exists(app) -> bool:
    """False for a SQLite file not created yet (``clapboard openapi`` must not create one)."""

    if not is_sqlite(app.db):
        return True
    name = str(getattr(app.db, "database", "") or "")
    return name == ":memory:" or name.startswith("file:") or os.path.exists(name)


def refresh_at_start(app) -> None:
    """``refresh`` when the schema is up to date; a warning, never a failed start, otherwise."""

    if not _database_exists(app):
        return
    opened = app.db.is_closed()
    try:
        if opened:
            app.db.connect()
        if pending(app.db, app.migrations):
            return  # init-db / upgrade-db refresh it once the schema is there
        if refresh(app):
            log.info("plugin registry refreshed from the installed packages")
    except Exception as exc:  # noqa: BLE001 - the start goes on; the next one tries again
        log.warning("the plugin registry (/data/plugins) was not refreshed: %s", str(exc).splitlines()[0] if str(
            exc) else type(exc).__name__)
    finally:
        if opened and not app.db.is_closed():
            app.db.close()


# -- the generic routes' guards (``crud.behaviours``) ----------------------------


def refuse_create(ctx, target) -> None:
    ctx.app.require(ctx.actor, "data.plugins.create", target)
    raise BadRequest(f"Plugins cannot be created through the API: {HOW}.")


def check_update(ctx, target, current: dict, values: dict) -> None:
    ctx.app.require(ctx.actor, "data.plugins.update", target)
    renamed = "plugin_id" in values and values["plugin_id"] != current.get("plugin_id")
    if renamed and current.get("plugin_id") in installed_names(ctx.app):
        raise BadRequest(f"The plugin_id of an installed plugin's row names its entry point and cannot change "
                         f"(here {current['plugin_id']!r}).", errors=[{"path": "plugin_id", "message": "cannot change"}])


def refuse_installed_delete(ctx, current: dict) -> None:
    if current.get("plugin_id") in installed_names(ctx.app):
        raise BadRequest(f"The plugin {current['plugin_id']!r} is installed and enabled here, so its row stays: "
                         f"{HOW}.")
