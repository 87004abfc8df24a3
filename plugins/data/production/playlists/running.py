"""Previews still being processed (or broken) in the open productions: Kitsu's processing watch.

Kitsu asks for them when its event stream reconnects and on its previews
page. As in Zou, the list is for studio admins (``data.preview-files.read-running``
is allowed to nobody else), newest first, each row carrying its task's
production, task type and entity and the entity's full name. ``limit`` and
``cursor_preview_file_id`` (the last row already seen) page through it.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ...crud import rows
from ...crud.meta import info
from ...crud.values import BadValue, parse_id, to_int
from ...engine import context, require
from ...models import PreviewFile, Task
from ..entities.names import full_names
from ..projects import open_project_ids

RUNNING = ("broken", "missing", "processing")
ROWS = "data/production/playlists/answers#/$defs/running_previews"


def running_previews(ctx, cursor=None, limit=None) -> list[dict]:
    require(ctx, PreviewFile, "read-running")
    query = (rows.select(info(PreviewFile))
             .select_extend(Task.project.alias("project_id"), Task.task_type.alias("task_type_id"),
                            Task.entity.alias("entity_id"))
             .join(Task, on=(Task.id == PreviewFile.task))
             .where(PreviewFile.status.in_(RUNNING), Task.project.in_(open_project_ids()))
             .order_by(PreviewFile.created_at.desc(), PreviewFile.id))
    if cursor is not None:
        since = PreviewFile.select(PreviewFile.created_at).where(PreviewFile.id == cursor).scalar()
        if since is None:
            raise BadRequest("The cursor_preview_file_id parameter is not a known preview file.")
        query = query.where(PreviewFile.created_at < since)
    if limit is not None:
        query = query.limit(limit)
    found = rows.fetch_page(info(PreviewFile), query, False)
    names = full_names({row["entity_id"] for row in found})
    for row in found:
        row["full_entity_name"] = names.get(row["entity_id"], (None,))[0]
    return found


class RunningPreviews:
    def on_get(self, req, resp):
        cursor, limit = req.get_param("cursor_preview_file_id"), req.get_param("limit")
        try:
            limit = to_int(limit) if limit is not None else None
        except BadValue as exc:
            raise BadRequest("The limit parameter must be an integer.") from exc
        if limit is not None and limit < 1:
            raise BadRequest("The limit parameter must be at least 1.")
        resp.media = running_previews(context(req), parse_id(cursor) if cursor else None, limit)


def routes() -> list[Route]:
    return [Route("/data/playlists/preview-files/running", RunningPreviews(), tags=("data",), operations={
        "GET": Operation(summary="Previews still processing, missing or broken in the open productions (admins)",
                         description="Newest first; `limit` and `cursor_preview_file_id` page through them.",
                         response_schema=ROWS)})]
