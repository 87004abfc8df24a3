"""The plugin API is documented: every hook has a docstring and a row in docs/plugins.md."""

import inspect
from pathlib import Path

import pytest

from clapboard import hookspecs

DOC = (Path(__file__).resolve().parents[2] / "docs" / "plugins.md").read_text()
HOOKS = [name for name, func in inspect.getmembers(hookspecs, inspect.isfunction)
         if hasattr(func, "clapboard_spec")]


def test_there_are_hooks():
    assert {"register_routes", "authenticate", "permission_allowed", "query_filters", "on_event"} <= set(HOOKS)


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_docstring_and_a_doc_entry(name):
    assert inspect.getdoc(getattr(hookspecs, name)), name
    assert f"`{name}(" in DOC, f"{name} missing from docs/plugins.md"


def test_every_public_name_is_exported():
    import clapboard

    for name in clapboard.__all__:
        assert hasattr(clapboard, name), name
