"""Zou's ``plugin`` row of each enabled Clapboard plugin, from what its package says.

The core records the facts of the distribution that provides each entry point
(``PluginInfo.package``: Summary, Author/Maintainer, Home-page/Project-URL,
License, Version). A plugin module may add or override some of them with
attributes (documented in ``docs/plugins.md``): ``title`` (the human name),
``description``, ``frontend_project_enabled``, ``frontend_studio_enabled`` and
``icon``. ``revision`` is the number of the plugin's latest applied migration,
as Zou stores the Alembic head of a plugin there.

Only plugins installed as packages are listed: plugin objects passed in code
(tests, embedding apps) and the core are not Zou plugins.
"""

from __future__ import annotations

import uuid

import peewee

from clapboard.migrations import MigrationRecord

from ..models import Plugin

# Stable row ids: the same plugin gets the same id on every start, in every process and database.
NAMESPACE = uuid.UUID("6f1e2f52-2f0c-5c55-9d59-3c1a4b7f0e14")
PACKAGED = ("first-party", "third-party")
# Fields an admin may set (PUT); a plugin module that declares them wins at the next start.
STUDIO_FIELDS = {"frontend_project_enabled": False, "frontend_studio_enabled": False, "icon": None}
UNKNOWN = "unknown"


def row_id(plugin_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "clapboard-plugin:" + plugin_id)


def listed(app) -> list:
    """The ``PluginInfo`` of every enabled plugin installed as a package, by name."""

    return sorted((i for i in app.plugins.enabled() if i.source in PACKAGED), key=lambda i: i.name)


def installed_names(app) -> set[str]:
    return {info.name for info in listed(app)}


def _fit(value, field: peewee.Field):
    if not isinstance(value, str) or not value.strip():
        return None
    value = " ".join(value.split())
    limit = getattr(field, "max_length", None)
    return value[:limit] if limit else value


def _attribute(plugin, name: str, kind: type):
    value = getattr(plugin, name, None)
    return value if isinstance(value, kind) else None


def revisions() -> dict[str, str]:
    """The latest applied migration number of every plugin."""

    query = (MigrationRecord.select(MigrationRecord.plugin, peewee.fn.MAX(MigrationRecord.number))
             .group_by(MigrationRecord.plugin).tuples())
    return {plugin: str(number) for plugin, number in query}


def package_fields(info, plugin, revision: str | None) -> dict:
    """The fields of ``info``'s row that the package (and module attributes) decide."""

    package = info.package or {}
    title = _attribute(plugin, "title", str) or info.name.replace("_", " ").replace("-", " ").capitalize()
    fields = {
        "plugin_id": _fit(info.name, Plugin.plugin_id),
        "name": _fit(title, Plugin.name),
        "description": _fit(_attribute(plugin, "description", str) or package.get("summary"), Plugin.description),
        "version": _fit(package.get("version") or info.version, Plugin.version) or UNKNOWN,
        "maintainer_name": _fit(package.get("maintainer") or package.get("author"), Plugin.maintainer_name)
        or UNKNOWN,
        "maintainer_email": _fit(package.get("maintainer_email") or package.get("author_email"),
                                 Plugin.maintainer_email),
        "website": _fit(package.get("home_page"), Plugin.website),
        "license": _fit(package.get("license"), Plugin.license) or UNKNOWN,
        "revision": _fit(revision, Plugin.revision),
    }
    for name in ("frontend_project_enabled", "frontend_studio_enabled"):
        if _attribute(plugin, name, bool) is not None:
            fields[name] = getattr(plugin, name)
    if _attribute(plugin, "icon", str) is not None:
        fields["icon"] = _fit(plugin.icon, Plugin.icon)
    return fields


def wanted_rows(app) -> dict[str, dict]:
    """``{plugin_id: package fields}`` for every listed plugin."""

    found = revisions()
    rows = (package_fields(info, app.plugins.pm.get_plugin(info.name), found.get(info.name)) for info in listed(app))
    return {row["plugin_id"]: row for row in rows}
