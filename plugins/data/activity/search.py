"""``POST /data/search``: assets, shots and persons by name (and tasks, which Zou's search lacks).

Zou's body and answer: ``{query, project_id?, limit=3, offset=0, index_names}``
answers one key per index asked (default assets, shots, persons); a query
under three characters answers ``{}``. Assets and shots come from the open
productions the actor belongs to (every open one for admins), narrowed to
``project_id`` when it is one of them (else none). ``"tasks"`` in
``index_names`` adds a ``tasks`` key: tasks whose name or whose entity's name
matches, shaped like Zou's named task lists.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ..crud.values import BadValue, to_uuid
from ..engine import BadRequest, context, validated
from ..models import Project
from . import finders
from .news import open_projects

BODY = "data/activity/search"
MINIMUM = 3
DEFAULT_INDEXES = ("assets", "shots", "persons")


def search(ctx, body: dict) -> dict:
    query = body["query"]
    if len(query) < MINIMUM:
        return {}
    limit, offset = body.get("limit", 3), body.get("offset", 0)
    wanted = body.get("index_names", DEFAULT_INDEXES)
    projects = open_projects(ctx)
    if body.get("project_id"):
        try:
            project_id = to_uuid(body["project_id"])
        except BadValue as exc:
            raise BadRequest("project_id: not a valid id.") from exc
        projects = projects.where(Project.id == project_id)
    finding = {
        "persons": lambda: finders.persons(ctx, query, limit, offset),
        "assets": lambda: finders.assets(ctx, query, projects, limit, offset),
        "shots": lambda: finders.shots(ctx, query, projects, limit, offset),
        "tasks": lambda: finders.tasks(ctx, query, projects, limit, offset),
    }
    return {index: find() for index, find in finding.items() if index in wanted}


class SearchResource:
    def on_post(self, req, resp):
        ctx = context(req)
        resp.media = search(ctx, validated(req, BODY))


def routes() -> list[Route]:
    return [Route("/data/search", SearchResource(), tags=("data",), operations={"POST": Operation(
        summary="Find assets, shots, persons (and tasks) by name in the productions the actor reaches",
        description="Case-insensitive match on names; `limit` (default 3) and `offset` per index; "
                    "`index_names` among assets, shots, persons, tasks.",
        request_schema=BODY, response_schema="data/activity/answers#/$defs/search")})]
