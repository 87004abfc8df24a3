"""What the CRUD engine knows about a model, computed once per model.

Keys are API keys (column names: ``project_id``), never peewee field names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import peewee

from ..models.base import event_name, type_name

ALWAYS_READ_ONLY = ("id", "type", "created_at", "updated_at")


@dataclass(frozen=True)
class Relation:
    """A many-to-many relation stored in a link table."""

    name: str
    through: type[peewee.Model]
    own: peewee.ForeignKeyField  # link column pointing at the owner row
    other: peewee.ForeignKeyField  # link column pointing at the related row
    target: type[peewee.Model]


class ModelInfo:
    def __init__(self, model: type[peewee.Model]):
        meta = model._meta
        self.model = model
        self.path: str | None = getattr(meta, "crud_path", None)
        self.action_prefix: str = getattr(meta, "action_prefix", None) or f"data.{self.path}"
        self.schema: str = getattr(meta, "schema_name", None) or f"data/{self.path}"
        self.type_name = type_name(model)
        self.event_prefix = event_name(model)
        self.table = meta.table_name
        self.secret = frozenset(getattr(meta, "secret_fields", ()) or ())
        self.derived = frozenset(getattr(meta, "read_only_fields", ()) or ())
        self.columns: dict[str, peewee.Field] = {
            f.column_name: f for f in meta.sorted_fields if f.name not in self.secret and f.column_name not in self.secret
        }
        self.secret_keys = frozenset(
            f.column_name for f in meta.sorted_fields if f.name in self.secret or f.column_name in self.secret
        )
        self.read_only = frozenset(ALWAYS_READ_ONLY) | self.derived
        self.writable: dict[str, peewee.Field] = {
            key: f for key, f in self.columns.items() if key not in self.read_only
        }
        self.required = frozenset(
            key for key, f in self.writable.items()
            if not f.null and f.default is None and not isinstance(f, peewee.AutoField)
        ) | frozenset(getattr(meta, "required_fields", ()) or ())
        self.relations: dict[str, Relation] = {
            name: _relation(model, name, m2m) for name, m2m in meta.manytomany.items()
        }
        self.select_fields = [f if f.name == key else f.alias(key) for key, f in self.columns.items()]
        self.project_field: peewee.Field | None = self.columns.get("project_id")

    def select_columns(self, keys=None) -> list:
        if keys is None:
            return self.select_fields
        return [f if f.name == key else f.alias(key) for key, f in self.columns.items() if key in keys]

    def __repr__(self) -> str:
        return f"<ModelInfo {self.type_name}>"


def _relation(model, name, m2m: peewee.ManyToManyField) -> Relation:
    through = m2m.through_model
    if isinstance(through, peewee.DeferredThroughModel):
        raise TypeError(f"{model.__name__}.{name}: through model was never set")
    fks = [f for f in through._meta.sorted_fields if isinstance(f, peewee.ForeignKeyField)]
    target = m2m.rel_model
    own = next(f for f in fks if f.rel_model is model)
    other = next(f for f in fks if f.rel_model is target and f is not own)
    return Relation(name=name, through=through, own=own, other=other, target=target)


@functools.lru_cache(maxsize=None)
def info(model: type[peewee.Model]) -> ModelInfo:
    return ModelInfo(model)
