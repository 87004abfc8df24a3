"""Entities (assets, shots, sequences, episodes, scenes, edits, concepts), their casting, asset
instances and version history. (The metadata descriptors that type their ``data`` belong to the
``metadata`` plugin; ``METADATA_TYPES`` stays here for project templates and the plugin.)"""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk
from .people import Person
from .projects import EntityType, Project, TaskType

ENTITY_STATUSES = ("standby", "running", "complete", "canceled")
METADATA_TYPES = (
    "string", "number", "list", "taglist", "boolean", "checklist", "date", "url", "textarea", "person",
)


class Entity(BaseModel):
    """Every production element, typed by ``entity_type``; relations are added below."""

    name = peewee.CharField(max_length=160)
    code = peewee.CharField(max_length=160, null=True)
    description = peewee.TextField(null=True)
    shotgun_id = peewee.IntegerField(null=True)
    canceled = peewee.BooleanField(default=False)
    nb_frames = peewee.IntegerField(null=True)
    nb_entities_out = peewee.IntegerField(default=0)
    is_casting_standby = peewee.BooleanField(default=False)
    is_shared = peewee.BooleanField(default=False)
    status = choice(ENTITY_STATUSES, null=False, default="running")
    project = fk(Project, null=False)
    entity_type = fk(EntityType, null=False)
    parent = fk("self")
    source = fk("self")
    # no FK: would close a cycle with preview_file (-> task -> entity)
    preview_file_id = peewee.UUIDField(null=True)
    data = peewee.JSONField(null=True)
    ready_for_task_type = fk(TaskType, "ready_for")
    creator = fk(Person, "created_by")

    class Meta:
        table_name = "entity"
        type_name = "Entity"
        crud_path = "entities"
        indexes = ((("name", "project", "entity_type", "parent"), True),)
        read_only_fields = ("entities_in",)


class EntityLink(BaseModel):
    """Casting: ``entity_in`` (shot, sequence, episode...) uses ``entity_out`` (an asset)."""

    entity_in = fk(Entity, null=False, link=True)
    entity_out = fk(Entity, null=False, link=True)
    data = peewee.JSONField(null=True)
    nb_occurences = peewee.IntegerField(default=1)
    label = peewee.CharField(max_length=80, default="")

    class Meta:
        table_name = "entity_link"
        type_name = "EntityLink"
        crud_path = "entity-links"
        indexes = ((("entity_in", "entity_out"), True),)


class EntityConceptLink(LinkModel):
    """An entity (``entity_in``) illustrated by a concept (``entity_out``)."""

    entity_in = fk(Entity, null=False, link=True)
    entity_out = fk(Entity, null=False, link=True)

    class Meta:
        table_name = "entity_concept_link"
        primary_key = peewee.CompositeKey("entity_in", "entity_out")


class AssetInstance(BaseModel):
    asset = fk(Entity, null=False)
    name = peewee.CharField(max_length=80, null=True)
    number = peewee.IntegerField(null=True)
    description = peewee.CharField(max_length=200, null=True)
    active = peewee.BooleanField(default=True)
    data = peewee.JSONField(null=True)
    scene = fk(Entity)
    target_asset = fk(Entity)
    entity = fk(Entity)
    entity_type = fk(EntityType)

    class Meta:
        table_name = "asset_instance"
        type_name = "AssetInstance"
        crud_path = "asset-instances"
        indexes = ((("asset", "target_asset", "scene", "number"), True),)
        read_only_fields = ("shots",)


class AssetInstanceLink(LinkModel):
    """The shots (entities) an asset instance is cast in."""

    entity = fk(Entity, null=False, link=True)
    asset_instance = fk(AssetInstance, null=False, link=True)

    class Meta:
        table_name = "asset_instance_link"
        primary_key = peewee.CompositeKey("entity", "asset_instance")


class _RelationAccessor(peewee.ManyToManyFieldAccessor):
    """Reads a relation through the link key that points at the related row.

    Peewee guesses both keys from the model types, which is ambiguous when the
    link joins two entities; here they are set explicitly.
    """

    def get_query(self, instance):
        return (peewee.ManyToManyQuery(instance, self, self.rel_model)
                .join(self.through_model, on=(self.dest_fk == self.rel_model._meta.primary_key))
                .where(self.src_fk == instance.id))


class _Relation(peewee.ManyToManyField):
    accessor_class = _RelationAccessor


def _add_relation(name: str, target, through, own: peewee.ForeignKeyField, other: peewee.ForeignKeyField) -> None:
    """Add ``Entity.<name>`` once its target and link model exist."""

    Entity._meta.add_field(name, _Relation(target, backref="+", through_model=through))
    accessor = vars(Entity)[name]
    accessor.src_fk, accessor.dest_fk = own, other


_add_relation("entities_out", Entity, EntityLink, EntityLink.entity_in, EntityLink.entity_out)
_add_relation(
    "entity_concept_links", Entity, EntityConceptLink, EntityConceptLink.entity_in, EntityConceptLink.entity_out,
)
_add_relation(
    "instance_casting", AssetInstance, AssetInstanceLink, AssetInstanceLink.entity, AssetInstanceLink.asset_instance,
)


class EntityVersion(BaseModel):
    """A snapshot of an entity's ``data``, taken when shot metadata changes."""

    name = peewee.CharField(max_length=160)
    data = peewee.JSONField(null=True)
    entity = fk(Entity, null=False)
    person = fk(Person)

    class Meta:
        table_name = "entity_version"
        type_name = "EntityVersion"
