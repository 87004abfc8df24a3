"""The ``exports`` plugin: Zou's ``/export/csv/…`` routes and ``clapboard export csv``.

Every export reads through the ``data`` plugin's engine (the policy's scope,
the masking of ``data`` keys), streams its rows in constant memory, and takes
the metadata descriptor columns from the ``data_descriptors`` hook (none when
the ``metadata`` plugin is disabled). Cells a spreadsheet would run as a
formula are escaped unless ``[plugins.exports] escape_formulas = false``.
"""

from __future__ import annotations

from clapboard import hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "CSV exports"
description = "Zou's CSV exports of assets, shots, edits, casting, playlists, persons, projects, tasks and time spent."
requires = ("data",)


@hookimpl
def register_config_schema():
    return {"exports": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "escape_formulas": {
                "type": "boolean", "default": True,
                "description": "Prefix with a quote (') the cells a spreadsheet would run as a formula (starting "
                               "with =, +, -, @, a tab or a carriage return). Zou does not; turn off for "
                               "byte-identical Zou exports.",
            },
        },
    }}


@hookimpl
def register_schemas():
    return schema_files.root() / "exports"


@hookimpl
def register_permissions():
    from .access import permissions

    return permissions()


@hookimpl
def permission_allowed(app, actor, action, resource):
    from .access import permission_allowed as allowed

    return allowed(actor, action, resource)


@hookimpl
def register_routes():
    from .routes import all_routes

    return all_routes()


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)
