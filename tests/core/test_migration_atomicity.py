"""A plugin's failing migration stops `init-db`/`upgrade-db` with its name and leaves the database as it was.

The plugins are real distributions found through entry points (the
``third_party`` fixture), run through the real command line: ``early`` is
installed first; then ``faulty`` (migration 1 succeeds, migration 2 raises) and
``later`` (ordered after it) arrive together.
"""

import peewee
import pytest
from click.testing import CliRunner

import clapboard
from clapboard import Migration, create_models, hookimpl
from clapboard.cli import make_cli
from clapboard.db import is_sqlite, open_database
from clapboard.migrations import upgrade
from clapboard.testing import test_database_url

from .sample_plugin import Note, SamplePlugin

EARLY = """
import peewee
import clapboard
from clapboard import Migration, create_models, hookimpl

class Row(clapboard.Model):
    label = peewee.CharField(max_length=20)
    class Meta:
        table_name = "plugin_early_row"

@hookimpl
def register_models():
    return [Row]

@hookimpl
def register_migrations():
    return [Migration(1, "rows", create_models(Row))]

@hookimpl
def init_data(app):
    if not Row.select().exists():
        Row.create(label="kept")
"""

FAULTY = """
import os
import clapboard
from clapboard import Migration, create_models, hookimpl

class First(clapboard.Model):
    class Meta:
        table_name = "plugin_faulty_first"

class Second(clapboard.Model):
    class Meta:
        table_name = "plugin_faulty_second"

def second(ctx):
    ctx.create_tables([Second])
    if os.environ.get("FAULTY_IS_FIXED") != "yes":
        raise ValueError("the column kind 'blob2' is unknown")

@hookimpl
def register_models():
    return [First, Second]

@hookimpl
def register_migrations():
    return [Migration(1, "first table", create_models(First)), Migration(2, "second table", second)]
"""

LATER = """
import clapboard
from clapboard import Migration, create_models, hookimpl

class Late(clapboard.Model):
    class Meta:
        table_name = "plugin_later_late"

@hookimpl
def register_models():
    return [Late]

@hookimpl
def register_migrations():
    return [Migration(1, "late table", create_models(Late))]
"""


@pytest.fixture
def cli(tmp_path, monkeypatch):
    url = test_database_url(tmp_path)
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", url)
    monkeypatch.delenv("CLAPBOARD_CONFIG", raising=False)

    def invoke(*args):
        return CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)

    invoke.url = url
    return invoke


def _state(url):
    """Every table, every migration record and the early plugin's rows."""

    db = open_database(url, max_connections=2)
    try:
        db.connect()
        tables = sorted(db.get_tables())
        records = sorted(db.execute_sql("SELECT plugin, number, name FROM clapboard_migration").fetchall())
        rows = db.execute_sql("SELECT label FROM plugin_early_row").fetchall()
        return tables, records, rows
    finally:
        db.close()
        db.close_all()


@pytest.mark.parametrize("command", ["init-db", "upgrade-db"])
def test_failing_migration_stops_the_command_with_its_name_and_changes_nothing(cli, third_party, monkeypatch,
                                                                                command):
    third_party("early", EARLY)
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "early")
    assert cli("init-db").exit_code == 0
    before = _state(cli.url)
    assert before[2] == [("kept",)] and ("early", 1, "rows") in before[1]

    third_party("faulty", FAULTY)
    third_party("later", LATER)
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "early,faulty,later")
    failed = cli(command)
    assert failed.exit_code != 0
    assert ("plugin 'faulty' migration #2 (second table) failed: ValueError: the column kind 'blob2' is unknown"
            in failed.output)
    assert "Traceback" not in failed.output
    assert _state(cli.url) == before  # no table of faulty's or later's, no record, early's rows as they were

    monkeypatch.setenv("FAULTY_IS_FIXED", "yes")  # the plugin's next release
    fixed = cli(command)
    assert fixed.exit_code == 0, fixed.output
    for line in ("Applied faulty #1: first table", "Applied faulty #2: second table", "Applied later #1: late table"):
        assert line in fixed.output
    tables, records, rows = _state(cli.url)
    assert {"plugin_faulty_first", "plugin_faulty_second", "plugin_later_late"} <= set(tables)
    assert {("faulty", 1, "first table"), ("faulty", 2, "second table"), ("later", 1, "late table")} <= set(records)
    assert rows == [("kept",)]


class Child(clapboard.Model):
    note = peewee.ForeignKeyField(Note, on_delete="CASCADE")

    class Meta:
        table_name = "plugin_sample_child"


class Rebuilding(SamplePlugin):
    """Migration 2 alters and drops columns of a table others refer to: peewee rebuilds it on SQLite."""

    @hookimpl
    def register_models(self):
        return [Note, Child]

    @hookimpl
    def register_migrations(self):
        def add_child(ctx):
            ctx.create_tables([Child])

        def reshape(ctx):
            ctx.migrate(ctx.migrator.add_column("plugin_sample_note", "colour",
                                                peewee.CharField(max_length=7, null=True)),
                        ctx.migrator.drop_not_null("plugin_sample_note", "text"),
                        ctx.migrator.drop_column("plugin_sample_note", "colour"))

        return [Migration(1, "notes table", create_models(Note)), Migration(2, "children", add_child),
                Migration(3, "reshape notes", reshape)]


def test_a_rebuilt_table_keeps_the_rows_that_refer_to_it(make_app):
    """The whole run is one transaction, so SQLite's foreign keys are off during it: rebuilding a
    parent table must neither delete (ON DELETE CASCADE) nor refuse the rows of its children."""

    class OnlyTwo(Rebuilding):
        @hookimpl
        def register_migrations(self):
            return Rebuilding.register_migrations(self)[:2]

    first = make_app(plugins=[], extra=[OnlyTwo()])
    with first.db.connection_context():
        note = Note.create(text="keep me")
        Child.create(note=note)
    app = make_app(plugins=[], extra=[Rebuilding()], init=False)
    with app.db.connection_context():
        assert [m.number for m in upgrade(app.db, app.migrations)] == [3]
        assert [c.note_id for c in Child.select()] == [note.id]
        assert Note.get_by_id(note.id).text == "keep me"
        if is_sqlite(app.db):
            assert app.db.pragma("foreign_keys") == 1  # back on once the run is over
