"""Pending migrations run ``core`` first, then each plugin after the plugins it ``requires``.

The order used to be the plugins' names, which only worked while every
plugin's requirements happened to sort before it. Here a plugin named ``aaa``
whose table refers to the table of ``zzz`` must run after ``zzz``: on
PostgreSQL the foreign key fails otherwise.
"""

from __future__ import annotations

import peewee
import pytest

import clapboard
from clapboard import Migration, create_models, hookimpl
from clapboard.errors import PluginError
from clapboard.migrations import MigrationRecord, plugin_order, requirements, upgrade


class Reel(clapboard.Model):
    label = peewee.CharField(max_length=40)

    class Meta:
        table_name = "plugin_zzz_reel"


class Frame(clapboard.Model):
    reel = peewee.ForeignKeyField(Reel, on_delete="CASCADE")

    class Meta:
        table_name = "plugin_aaa_frame"


class Zzz:
    __clapboard_name__ = "zzz"

    @hookimpl
    def register_models(self):
        return [Reel]

    @hookimpl
    def register_migrations(self):
        return [Migration(1, "reels", create_models(Reel))]


class Aaa:
    """Sorts first by name, but its table refers to ``zzz``'s."""

    __clapboard_name__ = "aaa"
    requires = ("zzz",)

    @hookimpl
    def register_models(self):
        return [Frame]

    @hookimpl
    def register_migrations(self):
        return [Migration(1, "frames", create_models(Frame)), Migration(2, "nothing more", lambda ctx: None)]


class Mmm:
    """No migration of its own: a link in a chain of requirements."""

    __clapboard_name__ = "mmm"
    requires = ("zzz",)


def _named(name: str, requires=()):
    plugin = type(name.title(), (), {"__clapboard_name__": name, "requires": tuple(requires)})
    plugin.register_migrations = hookimpl(lambda self: [Migration(1, f"{name} table", lambda ctx: None)])
    return plugin()


def _m(plugin: str, number: int = 1, requires=()) -> Migration:
    return Migration(number, f"{plugin} #{number}", lambda ctx: None, plugin=plugin, requires=tuple(requires))


def test_a_plugin_runs_after_the_plugin_it_requires_whatever_the_names(make_app):
    app = make_app(plugins=[], extra=[Aaa(), Zzz()], init=False)
    with app.db.connection_context():
        applied = upgrade(app.db, app.migrations)
        plugins = [(m.plugin, m.number) for m in applied]
        assert plugins[0][0] == "core"
        assert [p for p in plugins if p[0] != "core"] == [("zzz", 1), ("aaa", 1), ("aaa", 2)]
        assert {"plugin_zzz_reel", "plugin_aaa_frame"} <= set(app.db.get_tables())
        recorded = {r.plugin for r in MigrationRecord.select(MigrationRecord.plugin)}
        assert {"core", "zzz", "aaa"} <= recorded


def test_the_order_follows_requirements_through_a_plugin_without_migrations(make_app):
    aaa = _named("aaa", requires=("mmm",))
    app = make_app(plugins=[], extra=[aaa, Mmm(), Zzz()], init=False)
    assert {m.plugin: m.requires for m in app.migrations}["aaa"] == ("mmm", "zzz")
    with app.db.connection_context():
        order = [m.plugin for m in upgrade(app.db, app.migrations) if m.plugin != "core"]
    assert order == ["zzz", "aaa"]


def test_only_pending_migrations_run_in_that_order(make_app):
    make_app(plugins=[], extra=[Zzz()])  # zzz's table exists already
    app = make_app(plugins=[], extra=[Aaa(), Zzz()], init=False)
    with app.db.connection_context():
        applied = upgrade(app.db, app.migrations)
    assert [(m.plugin, m.number) for m in applied] == [("aaa", 1), ("aaa", 2)]


def test_plugins_requiring_each_other_are_refused_by_name(make_app):
    with pytest.raises(PluginError, match=r"require each other in a cycle: bbb -> ccc -> bbb"):
        make_app(plugins=[], extra=[_named("bbb", ["ccc"]), _named("ccc", ["bbb"]), _named("ddd")])


def test_core_comes_first_then_requirements_then_names():
    migrations = [_m("web", requires=["store"]), _m("store", 1), _m("store", 2), _m("alpha"), _m("core"),
                  _m("beta", requires=["alpha", "web", "store"])]
    assert plugin_order(migrations) == ["core", "alpha", "store", "web", "beta"]


def test_names_break_ties_whatever_the_order_plugins_come_in():
    migrations = [_m("delta"), _m("bravo"), _m("charlie", requires=["delta"]), _m("core"), _m("alpha")]
    assert plugin_order(migrations) == ["core", "alpha", "bravo", "delta", "charlie"]
    assert plugin_order(reversed(migrations)) == ["core", "alpha", "bravo", "delta", "charlie"]


def test_requirements_of_plugins_without_migrations_are_ignored_not_refused():
    assert plugin_order([_m("aaa", requires=["elsewhere"]), _m("core")]) == ["core", "aaa"]


def test_a_plugin_stuck_behind_a_cycle_is_not_named_as_part_of_it():
    requires = {"a": ["b"], "b": ["a"], "c": ["a"]}
    migrations = [_m(name, requires=requirements(requires, name)) for name in "abc"]
    with pytest.raises(PluginError) as info:
        plugin_order(migrations)
    assert "'a', 'b' require each other" in str(info.value) and "'c'" not in str(info.value)


def test_requirements_follow_the_chain_and_stop_on_cycles():
    requires = {"a": ["b"], "b": ["c"], "c": [], "x": ["y"], "y": ["x"]}
    assert requirements(requires, "a") == ("b", "c")
    assert requirements(requires, "c") == ()
    assert requirements(requires, "x") == ("x", "y")
    assert requirements(requires, "unknown") == ()
