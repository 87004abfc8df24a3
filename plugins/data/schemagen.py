"""Developer tool: write the JSON Schema skeleton of a model under ``schemas/data/``.

``python -m clapboard.plugins.data.schemagen [--force] [path ...]`` writes
``schemas/data/<crud_path>.json`` for CRUD models that have none (or all, with
``--force``). The files are then the source of truth for validation and
OpenAPI and may be refined by hand; ``tests/plugins/data/test_schemas.py``
keeps their properties in step with the model columns.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import peewee

from .crud.meta import ModelInfo, info

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_type(field: peewee.Field) -> dict:
    """The JSON Schema of one column (without nullability)."""

    if isinstance(field, (peewee.ForeignKeyField, peewee.UUIDField)):
        return {"type": "string", "format": "uuid"}
    if isinstance(field, peewee.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, peewee.BigIntegerField):
        return {"type": "integer", "minimum": -(2**63), "maximum": 2**63 - 1}
    if isinstance(field, peewee.IntegerField):  # PostgreSQL's integer is 32-bit
        return {"type": "integer", "minimum": -(2**31), "maximum": 2**31 - 1}
    if isinstance(field, peewee.FloatField):
        return {"type": "number"}
    if isinstance(field, peewee.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, peewee.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, peewee.JSONField):
        return {}
    if isinstance(field, (peewee.CharField, peewee.TextField)):
        schema: dict = {"type": "string"}
        if field.choices:
            schema = {"enum": [value for value, _label in field.choices]}
        elif isinstance(field, peewee.CharField):
            schema["maxLength"] = field.max_length
            if field.column_name == "color" or field.column_name.endswith("_color"):
                schema["format"] = "color"
            elif field.column_name == "email":
                schema["format"] = "email"
        return schema
    raise TypeError(f"no JSON type for {field!r}")


def nullable(schema: dict) -> dict:
    if "enum" in schema:
        return {**schema, "enum": schema["enum"] + [None]}
    if "type" in schema:
        return {**schema, "type": [schema["type"], "null"]}
    return schema


def property_schema(field: peewee.Field) -> dict:
    schema = json_type(field)
    return nullable(schema) if field.null else schema


def build(model_info: ModelInfo) -> dict:
    props: dict = {}
    for key, field in model_info.writable.items():
        props[key] = property_schema(field)
    for name in model_info.relations:
        props[name] = {"type": "array", "items": {"type": "string", "format": "uuid"}, "uniqueItems": True}
    for key in sorted(model_info.read_only):
        props[key] = {"readOnly": True}
    return {
        "$schema": DRAFT,
        "title": model_info.type_name,
        "description": f"A {model_info.type_name} row (table {model_info.table}), served at /data/{model_info.path}.",
        "$defs": {
            "properties": {"type": "object", "properties": props},
            "create": {
                "$ref": "#/$defs/properties",
                "required": sorted(model_info.required),
                "unevaluatedProperties": False,
            },
            "update": {"$ref": "#/$defs/properties", "unevaluatedProperties": False},
            "row": {"$ref": "#/$defs/properties"},
            "list": {
                "anyOf": [
                    {"type": "array", "items": {"$ref": "#/$defs/row"}},
                    {
                        "type": "object",
                        "required": ["data", "total", "nb_pages", "limit", "offset", "page"],
                        "properties": {
                            "data": {"type": "array", "items": {"$ref": "#/$defs/row"}},
                            "total": {"type": "integer"},
                            "nb_pages": {"type": "integer"},
                            "limit": {"type": "integer"},
                            "offset": {"type": "integer"},
                            "page": {"type": "integer"},
                        },
                    },
                ]
            },
        },
    }


def main(argv: list[str]) -> int:
    from .models import CRUD_MODELS

    force = "--force" in argv
    wanted = {a for a in argv if not a.startswith("--")}
    root = Path(__file__).resolve().parents[2] / "schemas" / "data"
    root.mkdir(parents=True, exist_ok=True)
    for model in CRUD_MODELS:
        model_info = info(model)
        if wanted and model_info.path not in wanted:
            continue
        target = root / f"{model_info.path}.json"
        if target.exists() and not force:
            continue
        target.write_text(json.dumps(build(model_info), indent=2) + "\n")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
