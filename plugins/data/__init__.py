"""The ``data`` plugin: Zou's data model and its generic CRUD API under ``/data``."""

from __future__ import annotations

from clapboard import EventType, Migration, Permission, create_models, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Data"
description = ("Zou's data model and API: productions, assets, shots, tasks, people, comments and the generic "
               "/data routes.")

VERBS = ("read", "create", "update", "delete")
# Families of purpose-built routes, each a sub-package exposing ``routes()`` (and,
# for the newer ones, ``PERMISSIONS``/``EVENTS`` dicts).
FAMILIES = ("production", "people", "user", "activity", "instance", "files", "shared")


def _families():
    from importlib import import_module

    return [import_module(f"{__name__}.{name}") for name in FAMILIES]


def _models():
    from . import models

    return models


@hookimpl
def add_hookspecs(pm):
    from . import hookspecs

    pm.add_hookspecs(hookspecs)


@hookimpl
def register_config_schema():
    return {"data": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "default_limit": {"type": "integer", "minimum": 1, "default": 100,
                              "description": "Page size when `page` is given without `limit`."},
            "max_limit": {"type": "integer", "minimum": 1, "default": 5000,
                          "description": "Largest page a client may ask for (larger asks are capped)."},
            **_instance_settings(),
        },
    }}


def _instance_settings() -> dict:
    from .instance.settings import CONFIG_PROPERTIES

    return CONFIG_PROPERTIES


@hookimpl
def register_schemas():
    return schema_files.root() / "data"


@hookimpl
def register_models():
    return list(_models().ALL_MODELS)


@hookimpl
def register_migrations():
    from .people.salary_scales import migrate_salary_scales

    return [
        Migration(1, "Zou tables", create_models(*_models().ALL_MODELS)),
        Migration(2, "salary scales for every department", migrate_salary_scales),
    ]


@hookimpl
def register_routes():
    from .crud.resources import crud_routes

    return crud_routes(_models().CRUD_MODELS) + [route for family in _families() for route in family.routes()]


@hookimpl
def register_permissions():
    from .crud.meta import info

    crud = [
        Permission(f"data.{info(m).path}.{verb}", f"{verb} {info(m).type_name} rows through /data/{info(m).path}")
        for m in _models().CRUD_MODELS for verb in VERBS
    ]
    return crud + [
        Permission("data.tasks.comment", "comment on a task, change its status, add a preview"),
        Permission("data.tasks.assign", "assign a person to a task or unassign them"),
        Permission("data.tasks.time-spent", "set or add time spent on a task for a person"),
        Permission("data.playlists.build-jobs", "read the playlist build jobs of a project"),
    ] + [Permission(action, description) for family in _families()
         for action, description in getattr(family, "PERMISSIONS", {}).items()]


@hookimpl
def register_events():
    from .crud.meta import info
    from .event_names import PRODUCTION_EVENTS

    crud = {
        f"{info(m).event_prefix}:{verb}": f"a {info(m).type_name} was {done}"
        for m in _models().CRUD_MODELS for verb, done in (("new", "created"), ("update", "updated"), ("delete", "deleted"))
    }
    families = {name: text for family in _families() for name, text in getattr(family, "EVENTS", {}).items()}
    return [EventType(name, description) for name, description in {**crud, **PRODUCTION_EVENTS, **families}.items()]


@hookimpl
def register_middleware():
    from .crud.derived import ServingMiddleware

    return [ServingMiddleware()]


@hookimpl
def startup(app):
    from .instance.config_check import mount_config_check
    from .instance.plugin_registry import refresh_at_start
    from .production.templates.descriptors import mount_when_kept

    mount_config_check(app)
    mount_when_kept(app)
    refresh_at_start(app)


@hookimpl
def init_data(app):
    from .defaults import create_default_data
    from .instance.plugin_registry import refresh

    create_default_data()
    refresh(app)
