"""Writing one imported row through the data plugin's service: create it, or update what changed.

Going through ``service.create_row``/``update_row`` gives imports what every
route gets: the model's schema, the policy, the ``data_validate_values``
checks of custom fields and the ``<kind>:new|update`` events. An update sends
only the keys whose values differ from the stored row, so importing the same
payload twice writes nothing and emits nothing the second time.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import many


def plain(value):
    """``value`` as JSON would carry it (ids and dates as text), for bodies and comparisons."""

    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def find(ctx, model, *conditions) -> dict | None:
    """The oldest row matching ``conditions``, as the engine serializes it (with its relation lists)."""

    found = many(ctx, model, *conditions, order_by=(model.created_at, model.id), relations=True)
    return found[0] if found else None


def _same(model, key: str, stored, sent) -> bool:
    stored = plain(stored)
    if key in info(model).relations:
        return set(stored or []) == set(sent or [])
    return stored == sent


def save(ctx, model, current: dict | None, values: dict, event: str | None = None) -> dict:
    """Create a row (``current`` is ``None``) or write the ``values`` that differ from ``current``.

    ``event`` names the events (``shot`` for ``shot:new``/``shot:update``; the
    model's own name by default). Answers the row as the service does.
    """

    sent = plain(values)
    if current is None:
        return service.create_row(ctx, info(model), sent, event=f"{event}:new" if event else None)
    changes = {key: value for key, value in sent.items() if not _same(model, key, current.get(key), value)}
    if not changes:
        return current
    return service.update_row(ctx, info(model), uuid.UUID(str(current["id"])), changes,
                              event=f"{event}:update" if event else None)


def merged_data(current: dict | None, custom: dict) -> dict:
    """The row's ``data`` with ShotGrid's custom fields laid over it (keys set in Clapboard stay)."""

    return {**((current or {}).get("data") or {}), **custom}


def custom_fields(item: dict, mapped: tuple[str, ...]) -> dict:
    """ShotGrid's custom fields (``sg_*``) that the import does not map to a column, as Zou keeps them."""

    return {key: value for key, value in item.items()
            if key.startswith("sg_") and key not in mapped and value is not None}
