"""``GET /data/projects/{project_id}/notifications``: every notification about a production's tasks.

Zou keeps this route for synchronising instances, so it is for admins only
(the policy's ``data.projects.read-notifications`` refuses everyone else,
before the production is even looked up). Rows are plain notifications,
most recently updated first; ``page`` (and ``limit``) give a page envelope.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..crud import rows
from ..crud.meta import info
from ..engine import context, one, require
from ..models import Notification, Project, Task
from ..paging import all_or_page


class ProjectNotifications:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        require(ctx, Project, "read-notifications")
        project = one(ctx, Project, project_id, relations=False)
        condition = Notification.task.in_(Task.select(Task.id).where(Task.project == project["id"]))
        query = (rows.select(info(Notification)).where(condition)
                 .order_by(Notification.updated_at.desc(), Notification.id))
        resp.media = all_or_page(ctx, info(Notification), query, Notification.select().where(condition).count)

def routes() -> list[Route]:
    return [Route("/data/projects/{project_id}/notifications", ProjectNotifications(), tags=("data",), operations={
        "GET": Operation(summary="Every notification about the tasks of a production (admins; paged with page)",
                         response_schema="data/notifications#/$defs/list")})]
