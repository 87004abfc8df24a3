"""Numbered per-plugin migrations; refusing to serve an out-of-date schema."""

import peewee
import pytest

import clapboard
from clapboard import Migration, create_models, hookimpl
from clapboard.errors import PluginError, SchemaOutOfDate
from clapboard.migrations import MigrationFailed, MigrationRecord, upgrade

from .sample_plugin import Note, SamplePlugin


class Tag(clapboard.Model):
    label = peewee.CharField(max_length=40)

    class Meta:
        table_name = "plugin_sample_tag"


class SampleV2(SamplePlugin):
    """The sample plugin, one release later: a new table and a new column."""

    @hookimpl
    def register_models(self):
        return [Note, Tag]

    @hookimpl
    def register_migrations(self):
        def add_colour(ctx):
            ctx.migrate(ctx.migrator.add_column("plugin_sample_note", "colour",
                                                peewee.CharField(max_length=7, null=True)))
        return [
            Migration(1, "notes table", create_models(Note)),
            Migration(2, "tags table", create_models(Tag)),
            Migration(3, "note colour", add_colour),
        ]


def test_server_refuses_out_of_date_schema_and_names_the_command(make_app):
    make_app(plugins=[], extra=[SamplePlugin()])  # database at version 1
    with pytest.raises(SchemaOutOfDate) as info:
        make_app(plugins=[], extra=[SampleV2()], init=False, check_schema=True)
    message = str(info.value)
    assert "clapboard upgrade-db" in message
    assert "sample #2 (tags table)" in message and "sample #3 (note colour)" in message


def test_upgrade_applies_pending_in_order_and_records_them(make_app):
    make_app(plugins=[], extra=[SamplePlugin()])
    app = make_app(plugins=[], extra=[SampleV2()], init=False)
    with app.db.connection_context():
        applied = upgrade(app.db, app.migrations)
        assert [(m.plugin, m.number) for m in applied] == [("sample", 2), ("sample", 3)]
        assert "colour" in {c.name for c in app.db.get_columns("plugin_sample_note")}
        assert "plugin_sample_tag" in app.db.get_tables()
        records = [(r.plugin, r.number, r.name) for r in
                   MigrationRecord.select().where(MigrationRecord.plugin == "sample").order_by(MigrationRecord.number)]
        assert records == [("sample", 1, "notes table"), ("sample", 2, "tags table"), ("sample", 3, "note colour")]
        assert upgrade(app.db, app.migrations) == []  # idempotent
    make_app(plugins=[], extra=[SampleV2()], init=False, check_schema=True)  # now starts


def test_numbering_gaps_are_refused(make_app):
    class Gappy(SamplePlugin):
        @hookimpl
        def register_migrations(self):
            return [Migration(1, "a", create_models(Note)), Migration(3, "c", create_models(Note))]

    with pytest.raises(PluginError, match=r"numbered 1..n.*\[1, 3\]"):
        make_app(plugins=[], extra=[Gappy()])


def test_failed_migration_is_rolled_back_and_not_recorded(make_app):
    class Failing(SamplePlugin):
        @hookimpl
        def register_migrations(self):
            def explode(ctx):
                ctx.create_tables([Tag])
                raise RuntimeError("bad migration")
            return [Migration(1, "notes table", create_models(Note)), Migration(2, "explodes", explode)]

    make_app(plugins=[], extra=[SamplePlugin()])
    app = make_app(plugins=[], extra=[Failing()], init=False)
    with app.db.connection_context():
        with pytest.raises(MigrationFailed, match=r"'sample' migration #2 \(explodes\) failed: RuntimeError: bad"):
            upgrade(app.db, app.migrations)
        assert "plugin_sample_tag" not in app.db.get_tables()
        assert MigrationRecord.select().where(MigrationRecord.plugin == "sample").count() == 1
