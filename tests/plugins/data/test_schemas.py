"""The data schemas stay in step with the models: same properties, compatible types."""

import json

import peewee
import pytest

from clapboard import schemas as schema_files
from clapboard.plugins.data.crud.meta import info as model_info
from clapboard.plugins.data.models import CRUD_MODELS
from clapboard.plugins.data.schemagen import property_schema

ROOT = schema_files.root() / "data"


def _load(model):
    return json.loads((ROOT / f"{model._meta.crud_path}.json").read_text())


def test_one_schema_file_per_crud_model_and_no_strays():
    files = sorted(p.name for p in ROOT.iterdir() if p.name.endswith(".json"))
    assert files == sorted(f"{m._meta.crud_path}.json" for m in CRUD_MODELS)


@pytest.mark.parametrize("model", CRUD_MODELS, ids=lambda m: m._meta.crud_path)
def test_schema_properties_match_model_columns(model):
    info = model_info(model)
    schema = _load(model)
    props = schema["$defs"]["properties"]["properties"]
    expected = set(info.writable) | set(info.relations) | set(info.read_only)
    assert set(props) == expected
    assert not set(props) & info.secret_keys
    for key in info.read_only:
        assert props[key].get("readOnly") is True, key
    for key, field in info.writable.items():
        # Hand refinements may add keywords, never change the type, format or enum.
        generated = property_schema(field)
        for keyword in ("type", "format", "enum"):
            assert props[key].get(keyword) == generated.get(keyword), (key, keyword)
        if isinstance(field, peewee.CharField) and not field.choices:
            assert props[key].get("maxLength", 10**9) <= field.max_length, key


@pytest.mark.parametrize("model", CRUD_MODELS, ids=lambda m: m._meta.crud_path)
def test_create_requires_exactly_the_not_null_columns_without_default(model):
    info = model_info(model)
    create = _load(model)["$defs"]["create"]
    assert set(create["required"]) == set(info.required)
    assert create["unevaluatedProperties"] is False
    assert _load(model)["$defs"]["update"]["unevaluatedProperties"] is False
