"""The user's open productions (``/data/user/projects/open``).

The same list as ``/data/projects/open`` (the open productions whose team
holds the user, every open one for an admin, with the descriptors their role
may see); Zou's ``name`` parameter narrows it to one production.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ..actors import require_person
from ..engine import context
from ..models import Project
from ..production.projects import open_projects
from .me import READ


def my_open_projects(ctx, name=None) -> list[dict]:
    require_person(ctx)
    if name is not None and not isinstance(name, str):
        raise BadRequest("Parameter 'name' must be given once.")
    return open_projects(ctx, *([Project.name == name] if name is not None else []))


class OpenProjects:
    def on_get(self, req, resp):
        ctx = context(req)
        resp.media = my_open_projects(ctx, ctx.params.get("name"))


def routes() -> list[Route]:
    return [Route("/data/user/projects/open", OpenProjects(), tags=("data",), operations={"GET": Operation(
        summary="The open productions the user belongs to (admins: all of them)",
        description="Each with its relation lists, task type and status settings and the metadata descriptors "
                    "the user may see. `name` keeps only the production of that name.",
        response_schema="data/projects#/$defs/list", action=READ)})]
