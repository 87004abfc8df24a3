"""``GET /data/projects/{project_id}/notifications``: every notification about a production's tasks.

Zou keeps this route for synchronising instances, so it is for admins only
(the policy's ``data.projects.read-notifications`` refuses everyone else,
before the production is even looked up). Rows are plain notifications,
most recently updated first; ``page`` (and ``limit``) give a page envelope.
"""

from __future__ import annotations

import math

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..crud import rows
from ..crud.meta import info
from ..engine import context, one, require
from ..models import Notification, Project, Task


def _positive(req, name: str) -> int | None:
    raw = req.params.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"Parameter '{name}' must be an integer.") from exc
    if value < 1:
        raise BadRequest(f"Parameter '{name}' must be at least 1.")
    return value


class ProjectNotifications:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        require(ctx, Project, "read-notifications")
        project = one(ctx, Project, project_id, relations=False)
        model_info = info(Notification)
        condition = Notification.task.in_(Task.select(Task.id).where(Task.project == project["id"]))
        query = (rows.select(model_info).where(condition)
                 .order_by(Notification.updated_at.desc(), Notification.id))
        page = _positive(req, "page")
        if page is None:
            resp.media = rows.fetch_page(model_info, query, False)
            return
        settings = ctx.app.config.plugin("data")
        limit = min(_positive(req, "limit") or settings["default_limit"], settings["max_limit"])
        total = Notification.select().where(condition).count()
        resp.media = {"data": rows.fetch_page(model_info, query.paginate(page, limit), False), "total": total,
                      "nb_pages": math.ceil(total / limit) if total else 0, "limit": limit,
                      "offset": (page - 1) * limit, "page": page}


def routes() -> list[Route]:
    return [Route("/data/projects/{project_id}/notifications", ProjectNotifications(), tags=("data",), operations={
        "GET": Operation(summary="Every notification about the tasks of a production (admins; paged with page)",
                         response_schema="data/notifications#/$defs/list")})]
