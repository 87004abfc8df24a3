"""Conventions shared by every table of the data plugin.

Each row has a UUID ``id`` and UTC ``created_at``/``updated_at`` maintained
here. Models describe their Zou face in ``Meta``:

- ``type_name``: the ``type`` key of serialized rows ("Project");
- ``crud_path``: served at ``/data/<crud_path>`` (omit for tables not exposed);
- ``secret_fields``: columns never serialized and refused on write;
- ``read_only_fields``: keys the API returns (derived or server-managed) that
  clients may send back and that are ignored on write;
- ``required_fields``: nullable columns a create must still name (a row no
  route could use without them), on top of the non-null ones;
- ``event_name``: prefix of ``<name>:new|update|delete`` (default: table name
  with dashes);
- ``action_prefix``: the permission actions ``<prefix>.<verb>`` of the generic
  routes (default ``data.<crud_path>``; a model of another plugin names its own,
  answered by that plugin's policy);
- ``schema_name``: the JSON Schema of the generic routes (default
  ``data/<crud_path>``).

Foreign keys are named without ``_id`` and stored in ``<name>_id`` columns;
the API speaks column names. Many-to-many relations are peewee
``ManyToManyField``s over explicit link models; link-table foreign keys cascade
on delete, all others restrict (a delete that would orphan rows is refused).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import peewee

import clapboard


def utcnow() -> datetime:
    """Naive UTC, as Zou stores it. Microseconds are kept (rows written in the same
    second keep their order) and left out of JSON, like Zou's serializer does."""

    return datetime.now(timezone.utc).replace(tzinfo=None)


class BaseModel(clapboard.Model):
    id = peewee.UUIDField(primary_key=True, default=uuid.uuid4)
    created_at = peewee.DateTimeField(default=utcnow)
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        type_name = None
        crud_path = None
        secret_fields = ()
        read_only_fields = ()
        required_fields = ()
        event_name = None
        action_prefix = None
        schema_name = None

    def save(self, *args, **kwargs):
        if self._pk is not None and not kwargs.get("force_insert"):
            self.updated_at = utcnow()
        return super().save(*args, **kwargs)


class LinkModel(clapboard.Model):
    """A pure association table (no id of its own), like Zou's ``*_link`` tables."""

    class Meta:
        type_name = None
        crud_path = None


def fk(model, column: str | None = None, *, null: bool = True, link: bool = False, **kwargs) -> peewee.ForeignKeyField:
    """A foreign key stored in ``column`` (``<field>_id`` by default).

    ``link=True`` marks a link-table key: deleting the target deletes the link.
    """

    if column is not None:
        kwargs["column_name"] = column
    kwargs.setdefault("backref", "+")
    kwargs.setdefault("index", True)
    return peewee.ForeignKeyField(model, null=null, on_delete="CASCADE" if link else "RESTRICT", **kwargs)


def choice(values, *, null: bool = True, max_length: int = 40, **kwargs) -> peewee.CharField:
    """An enumerated string column (Zou's ``ChoiceType``)."""

    return peewee.CharField(max_length=max_length, null=null, choices=[(v, v) for v in values], **kwargs)


def api_key(field: peewee.Field) -> str:
    """The key a column has in JSON bodies and query strings."""

    return field.column_name


def type_name(model) -> str:
    return model._meta.type_name or model.__name__


def event_name(model) -> str:
    return model._meta.event_name or model._meta.table_name.replace("_", "-")
