"""The plugin API is documented: every hook — the core's and those first-party plugins offer — has a
docstring and exactly one row in docs/plugins.md, written with the spec's own arguments, and the
document names no hook that does not exist."""

import inspect
import re
from pathlib import Path

import pytest

from clapboard import hookspecs

DOC = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text()
HOOKS = [name for name, func in inspect.getmembers(hookspecs, inspect.isfunction)
         if hasattr(func, "clapboard_spec")]
# A hook's row in a table: its first cell is `name(arg, …)`.
ROW = re.compile(r"^\|\s*`([a-z_]+)\(([a-z_, ]*)\)`\s*\|", re.MULTILINE)


def documented() -> dict[str, list[tuple[str, ...]]]:
    rows: dict[str, list[tuple[str, ...]]] = {}
    for name, args in ROW.findall(DOC):
        rows.setdefault(name, []).append(tuple(a.strip() for a in args.split(",") if a.strip()))
    return rows


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    """Every hook spec of Clapboard's own code (core and every first-party plugin that offers hooks):
    ``{name: (argnames, function)}``, read from a plugin manager with every installed plugin."""

    from clapboard.config import Config
    from clapboard.pluginhost import PluginHost

    host = PluginHost(Config({"data_dir": str(tmp_path_factory.mktemp("docs"))})).load()
    found = {}
    for name in dir(host.pm.hook):
        caller = getattr(host.pm.hook, name)
        spec = getattr(caller, "spec", None)
        if spec is None or not spec.namespace.__name__.startswith("clapboard"):
            continue
        found[name] = (tuple(spec.argnames), spec.function)
    return found


def test_there_are_hooks(specs):
    assert {"register_routes", "authenticate", "permission_allowed", "query_filters", "on_event"} <= set(HOOKS)
    assert set(HOOKS) <= set(specs)
    assert "data_validate_values" in specs  # a hook the data plugin offers is checked too


def test_every_hook_has_a_docstring_and_one_row_with_its_arguments(specs):
    rows = documented()
    problems = []
    for name, (argnames, function) in sorted(specs.items()):
        if not inspect.getdoc(function):
            problems.append(f"{name}: no docstring")
        found = rows.get(name, [])
        if not found:
            problems.append(f"{name}: no row in docs/plugins.md")
        elif len(found) > 1:
            problems.append(f"{name}: {len(found)} rows in docs/plugins.md")
        elif found[0] != argnames:
            problems.append(f"{name}: documented as ({', '.join(found[0])}), the spec takes ({', '.join(argnames)})")
    assert not problems, "\n".join(problems)


def test_the_document_names_no_hook_that_does_not_exist(specs):
    stale = sorted(set(documented()) - set(specs))
    assert not stale, f"docs/plugins.md documents hooks no spec declares: {stale}"


def test_the_argument_check_catches_a_wrong_row(specs):
    """The check above is not vacuous: a row with other arguments than the spec's is seen."""

    argnames, _ = specs["permission_allowed"]
    assert documented()["permission_allowed"] == [argnames]
    wrong = ROW.findall("| `permission_allowed(app, actor, action)` | x |")
    assert wrong and tuple(a.strip() for a in wrong[0][1].split(",")) != argnames


def test_every_public_name_is_exported():
    import clapboard

    for name in clapboard.__all__:
        assert hasattr(clapboard, name), name
