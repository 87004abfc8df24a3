"""The metadata plugin's migrations: its first one adopts the descriptor tables ``data`` #1 created.

Every database made before the split has ``metadata_descriptor`` and
``department_metadata_descriptor_link`` (with studio rows) from the ``data``
plugin's migration 1; a new one gets them here. ``CREATE … IF NOT EXISTS``
for the tables and their indexes does both, and keeps the rows. An existing
table of another shape is refused with the missing columns named, rather than
adopted. See ``docs/metadata-design.md`` §3.
"""

from __future__ import annotations

from clapboard import Migration
from clapboard.errors import PluginError


def _descriptor_models() -> list:
    from .models import MODELS

    return list(MODELS)


def adopt_descriptor_tables(ctx) -> None:
    """Create the descriptor tables and indexes when absent; adopt them, rows and all, when present."""

    models = _descriptor_models()
    for model in models:
        table = model._meta.table_name
        if not ctx.db.table_exists(table):
            continue
        missing = sorted({f.column_name for f in model._meta.sorted_fields} - ctx.column_names(table))
        if missing:
            raise PluginError(f"metadata migration 1: the existing table {table} lacks the column(s) "
                              f"{', '.join(missing)}; it was not made by Clapboard's data plugin and is not adopted.")
    ctx.create_tables(models)


def create_project_settings(ctx) -> None:
    """The per-project settings table (``settings.py``: strict keys); new in this plugin, nothing to adopt."""

    from .settings import MODELS as SETTING_MODELS

    ctx.create_tables(SETTING_MODELS)


MIGRATIONS = [
    Migration(1, "metadata descriptors (adopts the tables of data #1 when present)", adopt_descriptor_tables),
    Migration(2, "per-project metadata settings (strict keys)", create_project_settings),
]
