"""The ``metadata`` plugin (issue 12, in progress): metadata descriptors and typed ``data`` values.

It owns the descriptor model and tables (``models.py``, migration 1), their
routes (the project routes and the generic ``/data/metadata-descriptors``,
``routes.py``), schemas (``schemas/metadata/``), permissions
(``metadata.descriptors.*``, ``policy.py``) and events
(``metadata-descriptor:new|update|delete``), all through public hooks. It gives
the ``data`` plugin the descriptors of project rows (``data_descriptors``) and
judges the ``data`` values it writes (``data_validate_values``). Disabled, the
``data`` plugin stores ``data`` as sent and projects carry ``descriptors: []``.
``docs/metadata-design.md`` says what comes next.
"""

from __future__ import annotations

from clapboard import EventType, Permission, hookimpl
from clapboard import schemas as schema_files

__version__ = "0.1.0"
title = "Metadata descriptors"
description = "A production's custom fields on assets, shots, tasks and the project, with typed values."
requires = ("data",)


@hookimpl
def register_config_schema():
    return {"metadata": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "strict_keys": {"type": "boolean", "default": False,
                            "description": "Refuse `data` keys that no metadata descriptor of the project names "
                                           "(Zou's own keys such as `frame_in` excepted). Off: such keys stay "
                                           "free-form, as in Zou."},
        },
    }}


@hookimpl
def register_schemas():
    return schema_files.root() / "metadata"


@hookimpl
def register_models():
    from .models import MODELS
    from .settings import MODELS as SETTING_MODELS

    return [*MODELS, *SETTING_MODELS]


@hookimpl
def register_routes():
    from .routes import routes

    return routes()


@hookimpl
def register_permissions():
    from .policy import PREFIX, VERBS

    return [Permission(f"{PREFIX}.{verb}", f"{verb} the metadata descriptors of a project") for verb in VERBS]


@hookimpl
def register_events():
    return [EventType(f"metadata-descriptor:{verb}", f"a MetadataDescriptor was {done}")
            for verb, done in (("new", "created"), ("update", "updated"), ("delete", "deleted"))]


@hookimpl
def permission_allowed(app, actor, action, resource):
    from .policy import permission_allowed as allowed

    return allowed(actor, action, resource)


@hookimpl
def query_filters(app, actor, model, action):
    from .policy import query_filters as filters

    return filters(actor, model)


@hookimpl(optionalhook=True)
def data_descriptors(app, project_ids):
    from .descriptors import descriptors_of

    return descriptors_of(project_ids)


@hookimpl
def register_migrations():
    from .migrations import MIGRATIONS

    return list(MIGRATIONS)


@hookimpl(optionalhook=True)
def data_validate_values(app, actor, model, project_id, writes):
    from .checks import validate_values

    validate_values(app, model, project_id, writes, actor=actor)


@hookimpl(optionalhook=True)
def data_hidden_values(app, actor):
    from .masking import hidden_values

    return hidden_values(actor)


@hookimpl(optionalhook=True)
def data_after_write(app, actor, model, verb, row, changes):
    from .copies import after_write

    after_write(app, actor, model, verb, row)


@hookimpl(optionalhook=True)
def data_add_descriptors(app, actor, project_id, descriptors):
    from .templates import add_descriptors

    return add_descriptors(app, actor, project_id, descriptors)
