"""Generic CRUD operations on any model, with permission checks and events.

Every operation asks the core: ``app.require(actor, "data.<path>.<verb>", target)``
for the act itself, and ``app.scope(actor, model, verb)`` for the rows the actor
reaches. The same scope serves list, get, update and delete, so a collection
never shows a row its item route would refuse (a refused item is a 404).
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field
from typing import Any, Mapping

import peewee

from clapboard.actors import Actor
from clapboard.errors import BadRequest, IntegrityViolation, NotFound

from ..events import record_event
from ..models.base import utcnow
from . import behaviours, rows
from .filters import build_filters
from .masking import holds_values, value_mask
from .meta import ModelInfo
from .values import BadValue, ValueWrite, convert
from .writes import lock


@dataclass(frozen=True)
class Target:
    """The ``resource`` given to ``permission_allowed`` for data operations.

    ``row`` holds the current values (API keys) of the row acted on, ``None``
    for collection operations; ``changes`` the values a create or update sends.
    """

    model: type
    row: Mapping[str, Any] | None = None
    changes: Mapping[str, Any] | None = None


@dataclass
class Context:
    app: Any
    actor: Actor | None
    params: dict = field(default_factory=dict)

    def action(self, info: ModelInfo, verb: str) -> str:
        return f"{info.action_prefix}.{verb}"


def _scope(ctx: Context, info: ModelInfo, verb: str) -> list:
    return ctx.app.scope(ctx.actor, info.model, verb)


def visible_keys(ctx: Context, info: ModelInfo) -> set | None:
    """Keys the actor may see (``None``: all), as the ``data_visible_fields`` hook says."""

    hook = getattr(ctx.app.hook, "data_visible_fields", None)
    if ctx.actor is None or ctx.actor.is_system or hook is None:
        return None
    answers = [a for a in hook(app=ctx.app, actor=ctx.actor, model=info.model) if a is not None]
    if not answers:
        return None
    visible = set(answers[0]).union({"id", "type"})
    for answer in answers[1:]:
        visible &= set(answer) | {"id", "type"}
    return visible


def only_keys(row: dict, visible: set | None) -> dict:
    """The row restricted to ``visible`` keys (unchanged when ``None``)."""

    if visible is None:
        return row
    return {k: v for k, v in row.items() if k in visible}


def masked(ctx: Context, info: ModelInfo, rows_: list[dict]) -> list[dict]:
    """``rows_`` with the ``data`` keys hidden from the actor left out (``data_hidden_values``)."""

    mask = value_mask(ctx.app, ctx.actor) if holds_values(info.model) else None
    if mask is not None:
        mask.rows(info.model, rows_)
    return rows_


def _after_write(ctx: Context, info: ModelInfo, verb: str, row: dict, body: dict) -> None:
    hook = getattr(ctx.app.hook, "data_after_write", None)
    if hook is not None:
        hook(app=ctx.app, actor=ctx.actor, model=info.model, verb=verb, row=row, changes=body)


def _flag(ctx: Context, name: str, default: bool) -> bool:
    raw = ctx.params.get(name)
    if raw is None:
        return default
    if str(raw).lower() in ("true", "1"):
        return True
    if str(raw).lower() in ("false", "0", ""):
        return False
    raise BadRequest(f"Parameter '{name}' must be true or false.")


def _positive_int(ctx: Context, name: str) -> int | None:
    raw = ctx.params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"Parameter '{name}' must be an integer.") from exc
    return value


def _asked(ctx: Context, visible: set | None) -> set:
    """The keys a ``fields=`` projection answers with: those asked, plus id and type."""

    asked = {k.strip() for k in ctx.params["fields"].split(",") if k.strip()} | {"id", "type"}
    return asked if visible is None else asked & visible


def _fields(ctx: Context, info: ModelInfo, visible: set | None) -> list[str] | None:
    raw = ctx.params.get("fields")
    if not raw:
        return None if visible is None else [k for k in info.columns if k in visible]
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    unknown = [k for k in keys if (k not in info.columns and k != "type") or (visible is not None and k not in visible)]
    if unknown:
        raise BadRequest(f"Unknown field(s) in 'fields': {', '.join(unknown)}.")
    # gazu documents that id and type always come back; decorators may need a column more.
    needed = [k for k in behaviours.NEEDED_COLUMNS.get(info.table, ()) if k not in keys]
    if "data" in keys and holds_values(info.model):  # masking ``data`` needs to know where the row is
        needed += [k for k in ("project_id", "entity_type_id", "task_type_id") if k in info.columns and k not in keys]
    return ["id"] + [k for k in keys if k not in ("type", "id")] + needed


# -- reads ----------------------------------------------------------------------


def list_rows(ctx: Context, info: ModelInfo):
    """A page envelope (``page`` given) or a row iterator (the whole collection)."""

    ctx.app.require(ctx.actor, ctx.action(info, "read"), Target(info.model))
    visible = visible_keys(ctx, info)
    hidden = set(info.columns) - visible if visible is not None else set()
    conditions = build_filters(info, ctx.params, hidden=hidden) + _scope(ctx, info, "read")
    keys = _fields(ctx, info, visible)
    with_relations = _flag(ctx, "relations", False) and ("fields" not in ctx.params)
    page = _positive_int(ctx, "page")
    if page is not None and page > 0:
        return _page(ctx, info, conditions, keys, with_relations, page, visible)
    return _stream(ctx, info, conditions, keys, with_relations, visible)


def _page(ctx, info, conditions, keys, with_relations, page, visible) -> dict:
    settings = ctx.app.config.plugin("data")
    limit = _positive_int(ctx, "limit") or settings["default_limit"]
    if limit < 1:
        raise BadRequest("Parameter 'limit' must be at least 1.")
    limit = min(limit, settings["max_limit"])
    model = info.model
    total = model.select(peewee.fn.COUNT(model.id)).where(*conditions).scalar() if conditions else \
        model.select(peewee.fn.COUNT(model.id)).scalar()
    query = rows.select(info, keys)
    if conditions:
        query = query.where(*conditions)
    query = query.order_by(model.updated_at.desc(), model.created_at.desc(), model.id).paginate(page, limit)
    data = masked(ctx, info, rows.fetch_page(info, query, with_relations, "item" if with_relations else None))
    shown = visible if "fields" not in ctx.params else _asked(ctx, visible)
    if shown is not None:
        data = [only_keys(row, shown) for row in data]
    return envelope(data, total, page, limit)


def envelope(data: list, total: int, page: int, limit: int) -> dict:
    """Zou's page envelope around ``data``: page ``page`` of ``total`` rows, ``limit`` by ``limit``."""

    return {"data": data, "total": total, "nb_pages": math.ceil(total / limit) if total else 0, "limit": limit,
            "offset": (page - 1) * limit, "page": page}


def _stream(ctx, info, conditions, keys, with_relations, visible):
    from .streaming import converters, stream_rows

    model = info.model
    query = rows.select(info, keys)
    if conditions:
        query = query.where(*conditions)
    query = query.order_by(model.created_at, model.id)
    relations = None
    if with_relations and info.relations:
        owners = model.select(model.id).where(*conditions) if conditions else model.select(model.id)
        # Streamed rows carry ids as text: key the relation lists the same way.
        relations = {name: {str(owner): [str(v) for v in related] for owner, related in by_owner.items()}
                     for name, by_owner in rows.relation_ids(info, owners).items()}
    columns = [(key, f) for key, f in info.columns.items() if keys is None or key in keys]

    decorate = behaviours.decorator(info)
    shown = visible if "fields" not in ctx.params else _asked(ctx, visible)
    mask = value_mask(ctx.app, ctx.actor) if holds_values(info.model) else None

    def finish(row):
        decorate(row)
        if relations is not None:
            for name, by_owner in relations.items():
                row[name] = by_owner.get(str(row["id"]), [])
        if mask is not None:
            mask.rows(info.model, (row,))
        return only_keys(row, shown)

    return stream_rows(ctx.app.db, query, [k for k, _ in columns],
                       converters(ctx.app.db, [f for _, f in columns]), finish)


def get_row(ctx: Context, info: ModelInfo, row_id: uuid.UUID, verb: str = "read") -> dict:
    with_relations = _flag(ctx, "relations", True)
    row = rows.fetch_one(info, row_id, with_relations, _scope(ctx, info, verb),
                         "item" if with_relations else None)
    if row is None:
        raise NotFound(f"{info.type_name} {row_id} not found.")
    ctx.app.require(ctx.actor, ctx.action(info, verb), Target(info.model, row=row))
    return only_keys(masked(ctx, info, [row])[0], visible_keys(ctx, info))


# -- writes ---------------------------------------------------------------------


def _clean(info: ModelInfo, body: Mapping[str, Any]) -> tuple[dict, dict]:
    """Split a validated body into column values and relation id lists.

    Read-only keys (id, type, timestamps, derived keys) are dropped.
    """

    values, links = {}, {}
    errors = []
    for key, value in body.items():
        if key in info.read_only:
            continue
        if key in info.relations:
            try:
                links[key] = [convert(info.relations[key].other, v) for v in (value or [])]
            except BadValue as exc:
                errors.append({"path": key, "message": f"not {exc}"})
            continue
        field = info.writable[key]
        try:
            values[field.name] = convert(field, value)
        except BadValue as exc:
            errors.append({"path": key, "message": f"not {exc}"})
    if errors:
        raise BadRequest(f"{errors[0]['path']}: {errors[0]['message']}", errors=errors)
    return values, links


def _secret_values(ctx: Context, info: ModelInfo, variant: str, body: dict) -> dict:
    """Column values other plugins make out of secret keys (``data_secret_values``)."""

    hook = getattr(ctx.app.hook, "data_secret_values", None)
    found: dict = {}
    if hook is not None and set(body) & info.secret_keys:
        for answer in hook(app=ctx.app, actor=ctx.actor, model=info.model, verb=variant, body=body):
            found.update(answer or {})
    for key in [k for k in body if k in info.secret_keys and body[k] is None]:
        del body[key]  # gazu sends every parameter; an absent secret is no write
    return found


def _check_values(ctx: Context, info: ModelInfo, values: dict, current: dict | None, row_id) -> None:
    """Keep the ``data`` keys hidden from the actor as stored, then let plugins judge the ``data`` dict
    about to be written (``data_validate_values``)."""

    if "data" not in values or "data" not in info.model._meta.fields:
        return
    current = current or {}

    def key(field: str):
        return values[field] if field in values else current.get(f"{field}_id")

    project_id = row_id if info.table == "project" else key("project")
    mask = value_mask(ctx.app, ctx.actor)
    if mask is not None:
        where = mask.row_key(info.model, {"id": row_id, "project_id": project_id,
                                          "entity_type_id": key("entity_type"), "task_type_id": key("task_type")})
        if where is not None:
            values["data"] = mask.kept(current.get("data"), values["data"], *where)
    hook = getattr(ctx.app.hook, "data_validate_values", None)
    if hook is None:
        return
    write = ValueWrite(before=current.get("data") or {}, after=values["data"], row_id=current.get("id"),
                       entity_type_id=key("entity_type"), task_type_id=key("task_type"))
    hook(app=ctx.app, actor=ctx.actor, model=info.model, project_id=project_id, writes=[write])


def _validate(ctx: Context, info: ModelInfo, variant: str, body) -> dict:
    """Check the body against the model's schema; secret keys are refused first, by name."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    refused = sorted(set(body) & info.secret_keys)
    if refused:
        raise BadRequest(f"Protected field(s) cannot be written here: {', '.join(refused)}.",
                         errors=[{"path": k, "message": "protected field"} for k in refused])
    ctx.app.schemas.validate(f"{info.schema}#/$defs/{variant}", body)
    return body


def _set_links(info: ModelInfo, row_id, links: dict[str, list]) -> None:
    for name, ids in links.items():
        relation = info.relations[name]
        relation.through.delete().where(relation.own == row_id).execute()
        if ids:
            rows_ = [{relation.own.name: row_id, relation.other.name: other} for other in dict.fromkeys(ids)]
            relation.through.insert_many(rows_).execute()


def _integrity(info: ModelInfo, exc: peewee.IntegrityError, verb: str) -> IntegrityViolation:
    text = str(exc).splitlines()[0] if str(exc) else ""
    lowered = text.lower()
    if "unique" in lowered or "duplicate" in lowered:
        message = f"Another {info.type_name} already has these values ({text})."
    elif "foreign key" in lowered:
        if verb == "delete":
            message = f"This {info.type_name} is still referenced by other records; remove them first."
        else:
            message = f"A referenced record does not exist ({text})."
    elif "not null" in lowered or "null value" in lowered:
        message = f"A required field is missing ({text})."
    elif "check" in lowered:
        message = f"A value is out of its allowed range ({text})."
    else:
        message = f"The change would break the integrity of the data ({text})."
    return IntegrityViolation(message)


def create_row(ctx: Context, info: ModelInfo, body, event: str | None = None) -> dict:
    """Validate, check, insert, record ``event`` (default ``<model>:new``) and answer like Zou."""
    secrets = _secret_values(ctx, info, "create", body) if isinstance(body, dict) else {}
    body = _validate(ctx, info, "create", body)
    values, links = _clean(info, body)
    values.update(secrets)
    behaviours.before_create(ctx, info, values)
    ctx.app.require(ctx.actor, ctx.action(info, "create"), Target(info.model, changes=body))
    row_id = uuid.uuid4()
    _check_values(ctx, info, values, None, row_id)
    now = utcnow()
    try:
        with ctx.app.db.atomic():
            info.model.create(id=row_id, created_at=now, updated_at=now, **values)
            _set_links(info, row_id, links)
    except peewee.IntegrityError as exc:
        raise _integrity(info, exc, "create") from exc
    behaviours.after_create(ctx, info, row_id, values)
    row = behaviours.create_answer(info, rows.fetch_one(
        info, row_id, behaviours.create_answer_has_relations(info), derived_mode="create"))
    record_event(ctx, event or f"{info.event_prefix}:new", info, row)
    row = only_keys(masked(ctx, info, [row])[0], visible_keys(ctx, info))
    _after_write(ctx, info, "create", row, body)
    return row


def update_row(ctx: Context, info: ModelInfo, row_id: uuid.UUID, body, event: str | None = None) -> dict:
    secrets = _secret_values(ctx, info, "update", body) if isinstance(body, dict) else {}
    body = _validate(ctx, info, "update", body)
    lock(info.model, [row_id])  # concurrent updates of one row queue: each reads what the last one wrote
    current = rows.fetch_one(info, row_id, True, _scope(ctx, info, "update"), derived_mode=None)
    if current is None:
        raise NotFound(f"{info.type_name} {row_id} not found.")
    values, links = _clean(info, body)
    values.update(secrets)
    behaviours.before_update(ctx, info, current, values)
    ctx.app.require(ctx.actor, ctx.action(info, "update"), Target(info.model, row=current, changes=body))
    _check_values(ctx, info, values, current, row_id)
    try:
        with ctx.app.db.atomic():
            if values:
                values["updated_at"] = utcnow()
                info.model.update(**values).where(info.model.id == row_id).execute()
            elif links:
                info.model.update(updated_at=utcnow()).where(info.model.id == row_id).execute()
            _set_links(info, row_id, links)
    except peewee.IntegrityError as exc:
        raise _integrity(info, exc, "update") from exc
    row = rows.fetch_one(info, row_id, behaviours.update_answer_has_relations(info), derived_mode="update")
    record_event(ctx, event or f"{info.event_prefix}:update", info, row)
    row = only_keys(masked(ctx, info, [row])[0], visible_keys(ctx, info))
    _after_write(ctx, info, "update", row, body)
    return row


def delete_row(ctx: Context, info: ModelInfo, row_id: uuid.UUID, event: str | None = None) -> None:
    current = rows.fetch_one(info, row_id, False, _scope(ctx, info, "delete"), derived_mode=None)
    if current is None:
        raise NotFound(f"{info.type_name} {row_id} not found.")
    ctx.app.require(ctx.actor, ctx.action(info, "delete"), Target(info.model, row=current))
    force = _flag(ctx, "force", False)
    try:
        with ctx.app.db.atomic():
            behaviours.before_delete(ctx, info, current, force)
            info.model.delete().where(info.model.id == row_id).execute()
            behaviours.after_delete(ctx, info, current)
    except peewee.IntegrityError as exc:
        raise _integrity(info, exc, "delete") from exc
    record_event(ctx, event or f"{info.event_prefix}:delete", info, current)
