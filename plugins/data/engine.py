"""The engine's face for route modules: contexts, scoped reads, checked writes, events.

Every purpose-built route of the data plugin (production, people, the user's
own views, activity) is thin: it reads and writes through the generic engine
(``crud.service``) so that it gets the same permission checks, row scoping,
validation, Zou serialization and events as ``/data/<model>``.
Actions beyond CRUD are named ``data.<path>.<verb>`` too (``data.tasks.comment``)
and decided by the policy plugin.
"""

from __future__ import annotations

import uuid
from typing import Iterable

import peewee

from clapboard import caching
from clapboard.errors import BadRequest, NotFound

from .crud import rows, service
from .crud.masking import mask_joined_task_rows
from .crud.meta import info
from .crud.service import Context, Target
from .crud.values import parse_id
from .crud.writes import add, insert_missing, lock, put
from .events import emit_event
from .models import Entity, EntityType

# Entity types that are not asset types.
ENTITY_KINDS = ("Episode", "Sequence", "Shot", "Scene", "Edit", "Concept")


def context(req) -> Context:
    return Context(app=req.context.app, actor=req.context.get("actor"), params=dict(req.params))


def media(req, default=None):
    """The JSON body (``default`` when empty)."""

    body = req.get_media(default_when_empty=None)
    return default if body is None else body


def validated(req, schema: str, default=None):
    """The JSON body checked against ``schema`` (every error reported)."""

    return req.context.app.schemas.validate(schema, media(req, default if default is not None else {}))


def one(ctx: Context, model, row_id, verb: str = "read", relations: bool = True) -> dict:
    """A row the actor may ``verb``, serialized as Zou does; 404 when absent or out of reach."""

    if not isinstance(row_id, uuid.UUID):
        row_id = parse_id(row_id)
    model_info = info(model)
    row = rows.fetch_one(model_info, row_id, relations, ctx.app.scope(ctx.actor, model, verb),
                         "item" if relations else None)
    if row is None:
        raise NotFound(f"{model_info.type_name} {row_id} not found.")
    require(ctx, model, verb, row=row)
    return service.masked(ctx, model_info, [row])[0]


def many(ctx: Context, model, *conditions, order_by: Iterable = (), relations: bool = False,
         check: bool = True) -> list[dict]:
    """The rows of ``model`` matching ``conditions`` that the actor reaches and the keys
    they may see (a person card for non-admins), Zou-serialized."""

    model_info = info(model)
    if check:
        require(ctx, model, "read")
    scope = ctx.app.scope(ctx.actor, model, "read")
    query = rows.select(model_info).where(*conditions, *scope) if (conditions or scope) else rows.select(model_info)
    if order_by:
        query = query.order_by(*order_by)
    visible = service.visible_keys(ctx, model_info)
    found = service.masked(ctx, model_info, rows.fetch_page(model_info, query, relations, "item" if relations else None))
    return found if visible is None else [service.only_keys(row, visible) for row in found]


def masked(ctx: Context, model, found: list[dict]) -> list[dict]:
    """Rows of ``model`` read outside ``one``/``many`` (raw joins, other projects' rows), with the ``data``
    keys hidden from the actor left out, in place (``data_hidden_values``)."""

    return service.masked(ctx, info(model), found)


def reference(model, row_id) -> dict | None:
    """A row of studio reference data (task type, task status, entity type…) as Zou serializes
    it, without relations: kept per process while its table is unchanged. A fresh copy each time."""

    if row_id is None:
        return None
    found = caching.memo(f"data.reference.{info(model).table}", str(row_id),
                         lambda: rows.fetch_one(info(model), row_id, False, derived_mode=None))
    return dict(found) if found is not None else None


def require(ctx: Context, model, verb: str, row=None, changes=None) -> None:
    """Ask the policy for ``data.<path>.<verb>`` (the model's ``action_prefix``) on ``model`` (403/401 when refused)."""

    ctx.app.require(ctx.actor, f"{info(model).action_prefix}.{verb}", Target(model, row=row, changes=changes))


def emit(ctx: Context, name: str, data: dict, project_id=None):
    """Record and queue a Zou event (delivered after commit)."""

    return emit_event(ctx.app, ctx.actor, name, data, project_id)


def kind_id(name: str) -> uuid.UUID:
    """The id of a reserved entity type ("Shot", "Sequence"…), created when missing."""

    found = EntityType.select(EntityType.id).where(EntityType.name == name).scalar()
    if found is None:
        found = EntityType.create(id=uuid.uuid4(), name=name).id
    return found


def asset_type_ids():
    """Subquery: the entity types that are asset types (every non-reserved one)."""

    return EntityType.select(EntityType.id).where(EntityType.name.not_in(ENTITY_KINDS))


def is_asset(entity: dict) -> bool:
    name = EntityType.select(EntityType.name).where(EntityType.id == entity["entity_type_id"]).scalar()
    return name not in ENTITY_KINDS


def ids_param(value, name: str) -> list[uuid.UUID]:
    """A list of ids from a body (refusing anything else with a 400 naming ``name``)."""

    if not isinstance(value, list):
        raise BadRequest(f"'{name}' must be a list of ids.")
    try:
        return [parse_id(v) if not isinstance(v, uuid.UUID) else v for v in value]
    except BadRequest as exc:
        raise BadRequest(f"'{name}' holds a malformed id.") from exc


__all__ = ["BadRequest", "Context", "Entity", "NotFound", "Target", "add", "insert_missing", "lock",
           "mask_joined_task_rows", "peewee", "put", "reference", "service"]
