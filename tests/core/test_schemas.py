"""Every shipped schema is valid 2020-12; a bad schema stops the start."""

import json

import jsonschema
import pytest

from clapboard import schemas as schema_files
from clapboard.validation import SchemaError, SchemaRegistry, _walk_json


def _shipped():
    root = schema_files.root()
    for directory in sorted(root.iterdir(), key=lambda d: d.name):
        if directory.is_dir() and directory.name != "__pycache__":
            yield from _walk_json(directory)


SHIPPED = list(_shipped())


def test_there_are_shipped_schemas():
    assert any(name == "core/config" for _path, name in SHIPPED)


@pytest.mark.parametrize("path, name", SHIPPED, ids=[name for _p, name in SHIPPED])
def test_each_shipped_schema_is_valid_2020_12(path, name):
    schema = json.loads(path.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    if "$schema" in schema:
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_whole_registry_resolves(app):
    app.schemas.check_all()
    assert "core/status" in app.schemas


def test_invalid_schema_is_refused_at_start_naming_it(make_app):
    from clapboard import hookimpl

    class BadSchema:
        __clapboard_name__ = "badschema"

        @hookimpl
        def register_schemas(self):
            return {"badschema/thing": {"type": "objekt"}}

    with pytest.raises(SchemaError, match="plugin badschema.*type"):
        make_app(plugins=[], extra=[BadSchema()])


def test_unresolvable_ref_is_refused():
    registry = SchemaRegistry()
    registry.add("x/a", {"$ref": "missing.json"})
    with pytest.raises(SchemaError, match="does not resolve"):
        registry.check_all()


def test_relative_refs_resolve_between_files():
    registry = SchemaRegistry()
    registry.add("x/common", {"$defs": {"id": {"type": "string", "format": "uuid"}}})
    registry.add("x/thing", {"type": "object", "properties": {"id": {"$ref": "common.json#/$defs/id"}}})
    registry.check_all()
    assert registry.errors("x/thing", {"id": "not-a-uuid"}) == [
        {"path": "id", "message": "not a valid uuid", "detail": "'not-a-uuid' is not a 'uuid'"}]
    assert registry.errors("x/thing", {"id": "0b1c1e9e-6a37-4b8e-9a59-7b6d4c1a2e3f"}) == []


@pytest.mark.parametrize("fmt, good, bad", [
    ("date", "2026-11-28", "28/11/2026"),
    ("date-time", "2026-11-28T10:00:00", "yesterday"),
    ("color", "#ff00AA", "red"),
    ("uuid", "0b1c1e9e-6a37-4b8e-9a59-7b6d4c1a2e3f", "1234"),
])
def test_formats_are_checked(fmt, good, bad):
    registry = SchemaRegistry()
    registry.add("x/f", {"type": "string", "format": fmt})
    assert registry.errors("x/f", good) == []
    assert registry.errors("x/f", bad)[0]["message"] == f"not a valid {fmt}"
