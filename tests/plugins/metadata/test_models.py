"""The descriptor model, now the metadata plugin's: Zou's row shape and the partial unique indexes."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models
from clapboard.plugins.metadata.models import MODELS, MetadataDescriptor

from ..data.test_models import _check_keys, _load, _refused, _rows, db, production  # noqa: F401 (fixtures)


def test_served_at_zous_path_with_its_own_actions_and_schema():
    meta = MetadataDescriptor._meta
    assert (meta.crud_path, meta.type_name, meta.table_name) == (
        "metadata-descriptors", "MetadataDescriptor", "metadata_descriptor")
    assert (meta.action_prefix, meta.schema_name) == ("metadata.descriptors", "metadata/metadata-descriptors")
    assert MetadataDescriptor not in models.ALL_MODELS and MetadataDescriptor not in models.CRUD_MODELS


@pytest.mark.parametrize(("name", "with_relations"), [
    ("GET__data__metadata-descriptors.json", False),
    ("GET__data__projects__{id}__metadata-descriptors__{id}.json", False),
])
def test_rows_match_zou(name, with_relations):
    sample = _load(name)
    if sample is None:
        pytest.skip("sample not available")
    for row in _rows(sample["response_body"]):
        assert row["type"] == "MetadataDescriptor"
        _check_keys(MetadataDescriptor, row, with_relations=with_relations)


def test_partial_unique_indexes(db, production):  # noqa: F811
    db.create_tables(MODELS)
    descriptor = dict(project=production["project"], entity_type="Shot", name="Camera", field_name="camera")
    MetadataDescriptor.create(**descriptor)
    _refused(db, MetadataDescriptor.create, **descriptor)
    MetadataDescriptor.create(**descriptor, task_type=production["task_type"])
    _refused(db, MetadataDescriptor.create, **descriptor, task_type=production["task_type"])
