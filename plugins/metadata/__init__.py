"""The ``metadata`` plugin (issue 12, in progress): metadata descriptors and typed ``data`` values.

So far it judges the ``data`` values the ``data`` plugin writes through its
generic service (``data_validate_values``), against the project's
descriptors; the descriptor model, routes and rules still live in ``data`` and
``auth``. ``docs/metadata-design.md`` says what moves here next.
"""

from __future__ import annotations

from clapboard import hookimpl

__version__ = "0.1.0"
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
def register_migrations():
    from .migrations import MIGRATIONS

    return list(MIGRATIONS)


@hookimpl(optionalhook=True)
def data_validate_values(app, actor, model, project_id, writes):
    from .checks import validate_values

    validate_values(app, model, project_id, writes)
