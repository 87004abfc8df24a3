"""The metadata plugin's tables: a project's descriptors and the departments allowed to edit their values.

Declared with the ``data`` plugin's model conventions (``BaseModel``, ``fk``,
``choice``), as any plugin that requires ``data`` may. Table and index names
are those ``data`` #1 created before the split, so migration 1 adopts them.
Actions on descriptors are ``metadata.descriptors.<verb>`` (``action_prefix``),
answered by this plugin's ``permission_allowed`` / ``query_filters``; their
JSON Schema is ``metadata/metadata-descriptors``.
"""

from __future__ import annotations

import peewee

from clapboard.plugins.data.models import Department, Project, TaskType
from clapboard.plugins.data.models.base import BaseModel, LinkModel, choice, fk
from clapboard.plugins.data.models.entities import METADATA_TYPES


class MetadataDescriptor(BaseModel):
    """A custom ``data`` key of a project's entities (or tasks when ``task_type`` is set)."""

    project = fk(Project, null=False)
    entity_type = peewee.CharField(max_length=60)
    task_type = fk(TaskType)
    name = peewee.CharField(max_length=120)
    data_type = choice(METADATA_TYPES, default="string")
    field_name = peewee.CharField(max_length=120)
    choices = peewee.JSONField(null=True, default=list)
    for_client = peewee.BooleanField(default=False)
    position = peewee.IntegerField(null=True)
    departments = peewee.ManyToManyField(Department, backref="+", through_model=peewee.DeferredThroughModel())

    class Meta:
        table_name = "metadata_descriptor"
        type_name = "MetadataDescriptor"
        crud_path = "metadata-descriptors"
        action_prefix = "metadata.descriptors"
        schema_name = "metadata/metadata-descriptors"


class DepartmentMetadataDescriptorLink(LinkModel):
    """The departments allowed to edit a descriptor's values."""

    metadata_descriptor = fk(MetadataDescriptor, null=False, link=True)
    department = fk(Department, null=False, link=True)

    class Meta:
        table_name = "department_metadata_descriptor_link"
        primary_key = peewee.CompositeKey("metadata_descriptor", "department")


MetadataDescriptor.departments.through_model.set_model(DepartmentMetadataDescriptorLink)


def _descriptor_index(key: peewee.Field, *, for_tasks: bool, name: str) -> None:
    """Names (and field names) are unique per entity type, and per task type for task descriptors."""

    md = MetadataDescriptor
    fields = (md.project, md.entity_type, md.task_type, key) if for_tasks else (md.project, md.entity_type, key)
    where = md.task_type.is_null(False) if for_tasks else md.task_type.is_null()
    md.add_index(md.index(*fields, unique=True, where=where, name=name))


_descriptor_index(MetadataDescriptor.name, for_tasks=False, name="metadata_descriptor_entity_name")
_descriptor_index(MetadataDescriptor.field_name, for_tasks=False, name="metadata_descriptor_entity_field_name")
_descriptor_index(MetadataDescriptor.name, for_tasks=True, name="metadata_descriptor_task_name")
_descriptor_index(MetadataDescriptor.field_name, for_tasks=True, name="metadata_descriptor_task_field_name")

MODELS = [MetadataDescriptor, DepartmentMetadataDescriptorLink]
