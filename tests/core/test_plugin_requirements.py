"""Declared dependencies between plugins: refused starts that name both plugins, cycles, the graph."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import clapboard.plugins
from clapboard.cli import make_cli
from clapboard.errors import PluginError
from clapboard.pluginhost import PluginHost

PLUGINS_DIR = Path(clapboard.plugins.__file__).parent
# The first-party plugins as installed (a plugin added later is covered without editing this file).
FIRST_PARTY = tuple(sorted(ep.name for ep in importlib.metadata.entry_points(group="clapboard")
                           if ep.value.startswith("clapboard.plugins.")))
NEEDING_DATA = ", ".join(f"'{name}'" for name in FIRST_PARTY
                         if "data" in getattr(importlib.import_module(f"clapboard.plugins.{name}"), "requires", ()))


def _named(name, requires=()):
    class Local:
        __clapboard_name__ = name

    Local.requires = tuple(requires)
    return Local()


@pytest.mark.parametrize("helper, state", [
    (None, "which is not installed: install it or disable 'needy'"),
    ("", "which is disabled: enable 'helper' or disable 'needy'"),
    ("raise ImportError('no frobnicate here')\n", "which is broken (ImportError: no frobnicate here): "
                                                   "enable 'helper' or disable 'needy'"),
])
def test_a_missing_requirement_names_both_plugins_and_why(make_app, third_party, helper, state):
    third_party("needy", "requires = ('helper',)\n")
    enabled = ["needy"]
    if helper is not None:
        third_party("helper", helper)
        enabled += ["helper"] if helper else []
    with pytest.raises(PluginError) as refused:
        make_app(plugins=enabled)
    assert str(refused.value) == f"plugin 'needy' requires plugin 'helper', {state}"


def test_plugins_needing_a_disabled_plugin_are_named_together(make_app):
    assert {"auth", "exports", "imports", "metadata", "pictures"} <= set(FIRST_PARTY)
    with pytest.raises(PluginError, match=rf"^plugins {NEEDING_DATA} require "
                                          r"plugin 'data', which is disabled: enable 'data' or disable them$"):
        make_app(config={"plugins": {"disabled": ["data"]}})


@pytest.mark.parametrize("plugins, cycle", [
    ([_named("aaa", ["bbb"]), _named("bbb", ["ccc"]), _named("ccc", ["aaa"]), _named("ddd", ["aaa"])],
     "aaa -> bbb -> ccc -> aaa"),
    ([_named("selfish", ["selfish"])], "selfish -> selfish"),
])
def test_a_requirement_cycle_is_refused_naming_the_cycle(make_app, plugins, cycle):
    with pytest.raises(PluginError, match=f"require each other in a cycle: {cycle}; remove one"):
        make_app(plugins=[], extra=plugins)


def test_requires_may_be_one_name_and_must_hold_names(make_app):
    app = make_app(plugins=["data"], extra=[type("One", (), {"__clapboard_name__": "one", "requires": "data"})()])
    assert app.plugins.infos["one"].requires == ("data",)
    with pytest.raises(PluginError, match=r"plugin 'odd': `requires` must be a tuple of plugin names"):
        make_app(plugins=[], extra=[type("Odd", (), {"__clapboard_name__": "odd", "requires": ("data", 3)})()])


def test_requires_and_required_by_of_the_first_party_plugins(make_app):
    infos = make_app().plugins.infos
    declared = {name: infos[name].requires for name in FIRST_PARTY}
    assert declared == {"auth": ("data",), "data": (), "exports": ("data",), "imports": ("data",),
                        "metadata": ("data",), "pictures": ("data",), "realtime": ("data", "auth"), "sso": ("data", "auth"),
                        "webhooks": ()}
    for name in FIRST_PARTY:
        needing = sorted(other for other in FIRST_PARTY if name in declared[other])
        assert sorted(infos[name].required_by) == needing, name
    package = infos["data"].package
    assert package["distribution"] == "clapboard" and package["license"] == "AGPL-3.0-or-later"


# -- every first-party plugin declares what it imports -------------------------


def _imported_plugins(plugin: str) -> set[str]:
    """The other first-party plugins whose modules ``plugin``'s source imports (absolute or relative)."""

    found = set()
    root = PLUGINS_DIR / plugin
    for path in root.rglob("*.py"):
        parts = ["clapboard", "plugins", *path.relative_to(PLUGINS_DIR).with_suffix("").parts]
        package = parts[:-1]  # a module's package; ``__init__``'s is the package itself
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                base = package[:len(package) - node.level + 1] if node.level else []
                names = [".".join(base + ([node.module] if node.module else []))]
                if not node.module:  # from .. import x: x may be a plugin package
                    names = [f"{names[0]}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                bits = name.split(".")
                if bits[:2] == ["clapboard", "plugins"] and len(bits) > 2 and bits[2] != plugin:
                    found.add(bits[2])
    return found


def test_the_scan_finds_imports_of_other_plugins():
    assert _imported_plugins("auth") >= {"data"}
    assert _imported_plugins("pictures") >= {"data"}  # relative ones too: ``from ...data import models``


@pytest.mark.parametrize("plugin", FIRST_PARTY)
def test_every_first_party_plugin_requires_what_it_imports(plugin):
    module = __import__(f"clapboard.plugins.{plugin}", fromlist=["requires"])
    missing = _imported_plugins(plugin) - set(getattr(module, "requires", ()))
    assert not missing, f"{plugin} imports modules of {sorted(missing)}: add them to its `requires`"


# -- the command line ------------------------------------------------------------


@pytest.fixture
def run(tmp_path, monkeypatch):
    from clapboard.testing import test_database_url

    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", test_database_url(tmp_path))
    monkeypatch.delenv("CLAPBOARD_CONFIG", raising=False)
    monkeypatch.delenv("CLAPBOARD_DISABLED_PLUGINS", raising=False)
    monkeypatch.delenv("CLAPBOARD_ENABLED_PLUGINS", raising=False)

    def invoke(*args, code=0):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_plugins_table_has_a_requires_column(run):
    lines = {line.split()[0]: line.split() for line in run("plugins").splitlines()}
    assert lines["auth"][4] == "data" and lines["data"][4] == "-" and lines["core"][4] == "-"


def test_plugins_json_carries_the_graph_and_the_package(run, third_party):
    third_party("shots", "requires = ('data',)\n", metadata="Summary: Shot notes\nLicense-Expression: MIT\n")
    infos = {info["name"]: info for info in json.loads(run("plugins", "--json"))}
    assert infos["shots"]["requires"] == ["data"] and "shots" in infos["data"]["required_by"]
    assert infos["shots"]["package"]["summary"] == "Shot notes" and infos["shots"]["package"]["license"] == "MIT"
    assert infos["core"]["package"] is None


def test_plugins_graph_as_a_tree_and_as_dot(run, third_party):
    third_party("shots", "requires = ('data', 'pictures')\n")
    tree = run("plugins", "--graph").splitlines()
    data = tree.index("data")
    assert {"  auth", "  metadata", "  shots"} <= set(tree[data + 1:])
    pictures = tree.index("  pictures")
    assert "core" in tree and pictures > data and tree[pictures + 1] == "    shots"  # under data and under pictures
    assert [line.strip() for line in tree].count("shots") == 2
    dot = run("plugins", "--graph", "dot")
    assert dot.startswith("digraph clapboard_plugins {") and dot.rstrip().endswith("}")
    assert '"shots" -> "pictures";' in dot and '"auth" -> "data";' in dot


def test_a_disabled_requirement_is_shown_and_stops_the_commands(run, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_DISABLED_PLUGINS", "data")
    tree = run("plugins", "--graph", code=1)
    assert "data (disabled)" in tree and "  auth" in tree
    assert f"plugins {NEEDING_DATA} require plugin 'data'" in tree
    for command in (["init-db"], ["serve", "--port", "1"], ["upgrade-db"]):
        output = run(*command, code=1)
        assert "require plugin 'data', which is disabled: enable 'data' or disable them" in output, command


def test_init_db_in_a_real_process_stops_on_a_disabled_requirement(tmp_path):
    env = {**os.environ, "CLAPBOARD_DATA_DIR": str(tmp_path / "data"), "CLAPBOARD_ENABLED_PLUGINS": "auth,metadata",
           "CLAPBOARD_DATABASE_URL": "sqlite:///" + str(tmp_path / "data" / "clapboard.db")}
    env.pop("CLAPBOARD_CONFIG", None)
    env.pop("CLAPBOARD_DISABLED_PLUGINS", None)
    done = subprocess.run([sys.executable, "-m", "clapboard.cli", "init-db"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode != 0
    assert "plugins 'auth', 'metadata' require plugin 'data', which is disabled" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "clapboard.db").exists()  # refused before touching the database


def test_a_host_loaded_leniently_lists_the_problems():
    from clapboard.config import load_config

    host = PluginHost(load_config(env={"CLAPBOARD_DISABLED_PLUGINS": "data"})).load(strict=False)
    assert host.problems and "which is disabled" in host.problems[0]
    assert host.infos["data"].status == "disabled" and host.infos["auth"].requires == ("data",)
