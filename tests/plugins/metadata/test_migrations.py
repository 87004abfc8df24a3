"""The metadata plugin's migration 1 adopts the descriptor tables of older databases, rows and all."""

from __future__ import annotations

import pytest

from clapboard.errors import PluginError
from clapboard.migrations import MigrationContext, MigrationRecord
from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.migrations import adopt_descriptor_tables
from clapboard.plugins.metadata.models import MODELS, MetadataDescriptor
from clapboard.plugins.metadata.settings import MetadataProjectSetting
from clapboard.testing import make_client

from ..data.factory import Factory

TABLES = ("metadata_descriptor", "department_metadata_descriptor_link")
SETTINGS = "metadata_project_setting"


def _recorded(app) -> list:
    with app.db.connection_context():
        return [(r.plugin, r.number) for r in MigrationRecord.select().where(MigrationRecord.plugin == "metadata")]


def test_a_new_database_gets_the_tables_through_metadata(make_app):
    app = make_app()
    assert _recorded(app) == [("metadata", 1), ("metadata", 2)]
    with app.db.connection_context():
        assert all(app.db.table_exists(table) for table in (*TABLES, SETTINGS))


def _as_data_1_made_them(app) -> None:
    """Before the split, ``data`` #1 created the two tables (and their indexes) with Zou's tables."""

    with app.db.connection_context():
        app.db.create_tables(MODELS, safe=False)


def test_without_the_plugin_a_new_database_has_no_descriptor_table(make_app):
    app = make_app(plugins=["data", "auth"])
    with app.db.connection_context():
        assert not any(app.db.table_exists(table) for table in (*TABLES, SETTINGS))


def test_an_older_database_keeps_its_descriptors(make_app):
    older = make_app(plugins=["data", "auth"])  # made before the plugin existed: data #1 made the tables
    _as_data_1_made_them(older)
    project = Factory(make_client(older)).create(m.Project)
    with older.db.connection_context():
        created = MetadataDescriptor.create(project=project["id"], entity_type="Asset", name="Frames",
                                            field_name="frames", data_type="number")
    assert _recorded(older) == []

    newer = make_app()  # same database, metadata enabled: its migration 1 runs on the existing tables
    assert _recorded(newer) == [("metadata", 1), ("metadata", 2)]
    with newer.db.connection_context():
        kept = MetadataDescriptor.get_by_id(created.id)
    assert (kept.name, kept.data_type) == ("Frames", "number")
    # The unique indexes still hold after the adoption.
    again = make_client(newer).simulate_post(f"/data/projects/{project['id']}/metadata-descriptors",
                                             json={"entity_type": "Asset", "name": "Frames"})
    assert again.status_code == 400 and "already has these values" in again.json["message"], again.text


def test_a_table_of_another_shape_is_not_adopted(make_app):
    app = make_app(plugins=["data", "auth"])
    _as_data_1_made_them(app)
    with app.db.connection_context():
        ctx = MigrationContext(app.db)
        ctx.migrate(ctx.migrator.drop_column("metadata_descriptor", "for_client"))
        with pytest.raises(PluginError, match="metadata_descriptor lacks the column.*for_client"):
            adopt_descriptor_tables(ctx)


def test_migration_2_adds_the_settings_table_to_a_database_at_migration_1(make_app):
    older = make_app()
    with older.db.connection_context():
        older.db.drop_tables([MetadataProjectSetting])
        MigrationRecord.delete().where(MigrationRecord.plugin == "metadata", MigrationRecord.number == 2).execute()
    assert _recorded(older) == [("metadata", 1)]
    project = Factory(make_client(older)).create(m.Project)
    newer = make_app()  # same database: migration 2 runs
    assert _recorded(newer) == [("metadata", 1), ("metadata", 2)]
    answer = make_client(newer).simulate_put(f"/data/projects/{project['id']}/metadata-settings",
                                             json={"strict_keys": True})
    assert answer.status_code == 200 and answer.json["strict_keys"] is True, answer.text
