"""The task links of a production schedule version: each task's dates as that version plans them.

Kitsu's schedule page reads them per task type (``task_type_id``) with
``relations=true`` (the planned assignees). Zou's rule: the production's team
but clients and vendors, wider than the generic task-link list (managers):
the version is found first (404), then the project must be reachable (404
for outsiders), then the named action decides (403).
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...crud import rows
from ...crud.meta import info
from ...crud.values import parse_id
from ...engine import context, require
from ...models import ProductionScheduleVersion, ProductionScheduleVersionTaskLink, Task
from .access import readable_project


def _flag(params: dict, name: str) -> bool:
    raw = str(params.get(name, "false")).lower()
    if raw not in ("true", "1", "false", "0", ""):
        raise BadRequest(f"Parameter '{name}' must be true or false.")
    return raw in ("true", "1")


class VersionTaskLinksResource:
    def on_get(self, req, resp, version_id):
        ctx = context(req)
        version_id = parse_id(version_id)
        version = rows.fetch_one(info(ProductionScheduleVersion), version_id, False, derived_mode=None)
        if version is None:
            raise NotFound(f"ProductionScheduleVersion {version_id} not found.")
        readable_project(ctx, version["project_id"])
        require(ctx, ProductionScheduleVersion, "read-task-links", row=version)
        link = ProductionScheduleVersionTaskLink
        query = rows.select(info(link)).where(link.production_schedule_version == version_id)
        task_type_id = req.params.get("task_type_id")
        if task_type_id:
            query = query.where(link.task.in_(Task.select(Task.id).where(Task.task_type == parse_id(task_type_id))))
        query = query.order_by(link.created_at, link.id)
        resp.media = rows.fetch_page(info(link), query, _flag(req.params, "relations"))


def routes() -> list:
    return [
        Route("/data/production-schedule-versions/{version_id}/task-links", VersionTaskLinksResource(),
              tags=("data",), operations={"GET": Operation(
                  summary="Task links of a production schedule version (its planned task dates)",
                  description="`task_type_id` keeps the links of that task type's tasks; `relations=true` adds "
                              "the planned `assignees`. The production's team reads, except clients and vendors.",
                  response_schema="data/production-schedule-version-task-links#/$defs/list",
                  operation_id="list_production_schedule_version_task_links")}),
    ]
