"""The ``imports`` plugin: Zou's ``/import/…`` routes (CSV, ShotGrid, Kitsu, OpenTimelineIO) and the
``clapboard import …`` / ``clapboard sync-from-zou`` commands.

Imports write through the ``data`` plugin's engine (policy, events), judge
``data`` values through ``data_validate_values`` and read metadata descriptors
through ``data_descriptors``; a CSV import is all or nothing (one transaction,
the first bad line refuses the file).
"""

from __future__ import annotations

from clapboard import hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Imports"
description = "Imports from CSV, ShotGrid, another Kitsu and OpenTimelineIO, and the copy of a running Zou."
requires = ("data",)


@hookimpl
def register_config_schema():
    return {"imports": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "max_upload_mb": {"type": "integer", "minimum": 1, "default": 50,
                              "description": "Largest CSV or timeline file accepted (413 above)."},
            "max_rows": {"type": "integer", "minimum": 1, "default": 200000,
                         "description": "Most data lines a CSV import reads (400 above)."},
            "max_columns": {"type": "integer", "minimum": 1, "default": 500,
                            "description": "Most columns a CSV import reads (400 above)."},
            "max_items": {"type": "integer", "minimum": 1, "default": 50000,
                          "description": "Most items in one ShotGrid or Kitsu import body (400 above)."},
        },
    }}


@hookimpl
def register_schemas():
    return schema_files.root() / "imports"


@hookimpl
def register_routes(app):
    from .routes import all_routes

    return all_routes(app)


@hookimpl
def register_permissions():
    from .routes import permissions

    return permissions()


@hookimpl
def register_commands(cli):
    from .commands import register

    register(cli)
