"""Zou's pages for the list routes that take ``page`` (and ``limit``).

A route answers its whole list, or, with ``page`` (from 1), one page in Zou's
envelope ``{data, total, nb_pages, limit, offset, page}``: ``limit`` rows at
the most (the data plugin's ``default_limit`` unless given, never more than
its ``max_limit``), counted by the database over the whole filtered list.
A ``page`` or ``limit`` that is not a whole number from 1 is a 400.
"""

from __future__ import annotations

from typing import Callable

from clapboard.errors import BadRequest

from .crud import rows
from .crud.meta import ModelInfo
from .crud.service import envelope

__all__ = ["all_or_page", "envelope", "positive"]


def positive(params: dict, name: str) -> int | None:
    """A query parameter that must be a whole number from 1; ``None`` when absent."""

    raw = params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"Parameter '{name}' must be an integer.") from exc
    if value < 1:
        raise BadRequest(f"Parameter '{name}' must be at least 1.")
    return value


def all_or_page(ctx, model_info: ModelInfo, query, total: Callable[[], int], shape=None):
    """The rows ``query`` reads (ordered, already scoped), all of them or the page ``ctx.params`` asks
    for; ``total`` counts them (asked only for a page), ``shape`` turns each row into the answer's."""

    page = positive(ctx.params, "page")
    if page is None:
        found = rows.fetch_page(model_info, query, False)
        return found if shape is None else [shape(row) for row in found]
    settings = ctx.app.config.plugin("data")
    limit = min(positive(ctx.params, "limit") or settings["default_limit"], settings["max_limit"])
    count = total()
    found = rows.fetch_page(model_info, query.paginate(page, limit), False)
    return envelope(found if shape is None else [shape(row) for row in found], count, page, limit)
