"""`clapboard new-plugin` in-process: what it writes, what it refuses.

The generated package's own tests, in a fresh virtual environment and behind a
real server, run in ``tests/e2e/test_new_plugin.py``.
"""

import importlib
import json
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import clapboard
from clapboard.cli import make_cli
from clapboard.cli.plugin_template import PLACEHOLDER, compatible_range, rendered
from clapboard.testing import make_client


def new_plugin(*args, code=0):
    result = CliRunner().invoke(make_cli(), ["new-plugin", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_every_file_is_rendered_and_parses(tmp_path):
    output = new_plugin("field_notes", "--dir", tmp_path)
    root = tmp_path / "clapboard-field_notes"
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert written == sorted(path.as_posix() for path, _text in rendered("field_notes"))
    assert {"pyproject.toml", "README.md", "clapboard_field_notes/__init__.py", "tests/test_items.py",
            "clapboard_field_notes/schemas/field_notes/item.json"} <= set(written)
    for step in ("pip install -e", "clapboard init-db", "pytest", "clapboard_field_notes/models.py"):
        assert step in output
    for path in root.rglob("*.*"):
        assert not PLACEHOLDER.search(str(path.relative_to(root))), path
        text = path.read_text()
        assert not PLACEHOLDER.search(text), path
        if path.suffix == ".py":
            compile(text, str(path), "exec")
        elif path.suffix == ".json":
            jsonschema.Draft202012Validator.check_schema(json.loads(text))
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "clapboard-field_notes"
    assert project["project"]["entry-points"]["clapboard"] == {"field_notes": "clapboard_field_notes"}
    assert project["project"]["dependencies"] == ["clapboard" + compatible_range(clapboard.__version__)]
    assert "schemas/**/*.json" in project["tool"]["setuptools"]["package-data"]["clapboard_field_notes"]
    assert "plugin_field_notes_item" in (root / "clapboard_field_notes/models.py").read_text()


def test_generated_plugin_loads_and_answers_in_process(tmp_path, make_app, monkeypatch):
    new_plugin("inproc", "--dir", tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "clapboard-inproc"))
    monkeypatch.delitem(sys.modules, "clapboard_inproc", raising=False)
    plugin = importlib.import_module("clapboard_inproc")
    try:
        app = make_app(plugins=[], extra=[plugin], config={"plugins": {"inproc": {"max_items": 1}}})
        created = make_client(app).simulate_post("/plugins/inproc/items", json={"name": "one"})
        assert created.status_code == 201, created.text
        assert make_client(app, role="user").simulate_get("/api/plugins/inproc/items").json == [created.json]
        assert make_client(app, role="user").simulate_post("/plugins/inproc/items", json={"name": "x"}).status_code == 403
        assert make_client(app).simulate_post("/plugins/inproc/items", json={"name": "two"}).status_code == 400
        assert app.inproc_events["inproc:item-new"] == 1
    finally:
        for name in [m for m in sys.modules if m == "clapboard_inproc" or m.startswith("clapboard_inproc.")]:
            del sys.modules[name]


@pytest.mark.parametrize("name, message", [
    ("My-Plugin", "not a lowercase Python identifier"),
    ("2fast", "not a lowercase Python identifier"),
    ("café", "not a lowercase Python identifier"),
    ("class", "Python keyword"),
    ("x" * 41, "longer than 40"),
    ("data", "already installed"),
    ("core", "already installed"),
    ("serve", "already a command"),
])
def test_bad_names_are_refused_with_code_2(tmp_path, name, message):
    output = new_plugin(name, "--dir", tmp_path, code=2)
    assert message in output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_non_empty_folder_is_refused(tmp_path):
    (tmp_path / "clapboard-ok").mkdir()
    new_plugin("ok", "--dir", tmp_path)  # an empty folder is filled
    assert "already exists and is not empty" in new_plugin("ok", "--dir", tmp_path, code=2)
    (tmp_path / "clapboard-file").write_text("")
    assert "already exists" in new_plugin("file", "--dir", tmp_path, code=2)


@pytest.mark.parametrize("version, expected", [
    ("0.1.0", ">=0.1,<0.2"), ("0.12.3", ">=0.12,<0.13"), ("1.4.2", ">=1.4,<2"), ("2.0.0.dev1", ">=2.0,<3"),
])
def test_compatible_range(version, expected):
    assert compatible_range(version) == expected


def test_a_failed_write_leaves_no_folder_behind(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "write_text", refuse)
    assert "cannot write" in new_plugin("denied", "--dir", tmp_path, code=1)
    assert list(tmp_path.iterdir()) == []
