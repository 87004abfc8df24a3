"""``GET /data/<kind>/with-tasks``: the production boards, optionally compact and streamed.

Filters are Zou's: ``project_id``, ``id`` and ``episode_id`` (for assets
``main`` means "created for no episode" and ``all`` means no filter; for
shots, the episode of the shot's sequence; for the others, the parent).
Other query parameters are ignored, as in Zou. Assets and shots also accept
Kitsu's ``compact=true`` (rows as value lists, the key names once in a
header) and ``stream=true`` (NDJSON: the header line, then one row per line).
"""

from __future__ import annotations

from ...crud.values import parse_id
from ...models import Entity, EntityLink
from .boards import (
    ASSET_FIELDS,
    ASSET_TASK_FIELDS,
    SHOT_FIELDS,
    SHOT_TASK_FIELDS,
    asset_rows,
    concept_rows,
    edit_rows,
    entity_rows,
    shot_rows,
)
from .http import NdjsonAnswer, get
from .rows import of_kind

BOARD = "data/production/entities/answers#/$defs/board"


def _flag(ctx, name: str) -> bool:
    return str(ctx.params.get(name, "false")).lower() == "true"


def _common(ctx) -> list:
    conditions = []
    if ctx.params.get("project_id"):
        conditions.append(Entity.project == parse_id(ctx.params["project_id"]))
    if ctx.params.get("id"):
        conditions.append(Entity.id == parse_id(ctx.params["id"]))
    return conditions


def _episode(ctx) -> str | None:
    episode = ctx.params.get("episode_id")
    return None if episode in (None, "", "all") else episode


def _answer(ctx, rows_for, prefix: str, fields: list[str], task_fields: list[str], conditions: list):
    compact, stream = _flag(ctx, "compact"), _flag(ctx, "stream")
    if not compact and not stream:
        return rows_for(ctx, conditions)
    header = {"compact": compact}
    if compact:
        header.update({f"{prefix}_fields": fields, "task_fields": task_fields})
    rows = rows_for(ctx, conditions, compact=compact)
    return NdjsonAnswer(header, rows) if stream else {**header, "rows": rows}


def assets(ctx, req):
    """Assets with their tasks (``episode_id``: ``main``, ``all`` or an episode creating or casting them)."""

    conditions = _common(ctx)
    episode = _episode(ctx)
    if episode == "main":
        conditions.append(Entity.source.is_null())
    elif episode is not None:
        episode_id = parse_id(episode)
        cast = EntityLink.select(EntityLink.entity_out).where(EntityLink.entity_in == episode_id)
        conditions.append((Entity.source == episode_id) | Entity.id.in_(cast))
    return _answer(ctx, asset_rows, "asset", ASSET_FIELDS, ASSET_TASK_FIELDS, conditions)


def shots(ctx, req):
    """Shots with their tasks (``episode_id``: the episode of their sequence)."""

    conditions = _common(ctx)
    episode = _episode(ctx)
    if episode is not None:
        sequences = Entity.select(Entity.id).where(Entity.parent == parse_id(episode), of_kind("Sequence"))
        conditions.append(Entity.parent.in_(sequences))
    return _answer(ctx, shot_rows, "shot", SHOT_FIELDS, SHOT_TASK_FIELDS, conditions)


def _by_parent(ctx) -> list:
    conditions = _common(ctx)
    episode = _episode(ctx)
    if episode is not None:
        conditions.append(Entity.parent == parse_id(episode))
    return conditions


def kind_board(kind: str):
    def board(ctx, req):
        return entity_rows(ctx, kind, _by_parent(ctx))

    board.__doc__ = f"{kind}s with their tasks (``episode_id``: their parent)."
    return board


def edits(ctx, req):
    """Edits with their tasks (``episode_id``: their parent episode)."""

    return edit_rows(ctx, _by_parent(ctx))


def concepts(ctx, req):
    """Concepts with their tasks."""

    return concept_rows(ctx, _common(ctx))


STREAMED = "`compact=true`: rows as value lists (key names in the header); `stream=true`: NDJSON lines."


def methods() -> list:
    def board(path, handler, summary, description=None):
        return get(path, handler, summary, BOARD, description)

    return [
        board("/data/assets/with-tasks", assets, "List assets with their tasks", STREAMED),
        board("/data/shots/with-tasks", shots, "List shots with their tasks", STREAMED),
        board("/data/sequences/with-tasks", kind_board("Sequence"), "List sequences with their tasks"),
        board("/data/episodes/with-tasks", kind_board("Episode"), "List episodes with their tasks"),
        board("/data/scenes/with-tasks", kind_board("Scene"), "List scenes with their tasks"),
        board("/data/edits/with-tasks", edits, "List edits with their tasks"),
        board("/data/concepts/with-tasks", concepts, "List concepts with their tasks"),
    ]
