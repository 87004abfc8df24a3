"""Production routes: projects family (listings, team, settings and priorities, budgets,
planning).

This module serves the project listings Kitsu and gazu start from and gathers
the routes of the family's sub-modules.
"""

from __future__ import annotations

from clapboard import Operation, Route

from ...crud import derived
from ...crud.meta import info
from ...engine import context, many
from ...models import Project, ProjectStatus
from . import budgets, planning, priorities, schedule_actions, schedule_entities, schedule_versions, settings, team
from .access import DescriptorFilter

# Keys of the open-projects listing that Zou leaves out (it adds them on other routes only).
_NOT_IN_OPEN = ("project_status_name",)
# The studio-wide listing carries the status name and the Project-level descriptors only.
_NOT_IN_ALL = ("task_type_links", "task_types_priority", "task_statuses_link", "first_episode_id")


def _drop_missing_first_episode(row: dict) -> None:
    # Zou adds first_episode_id only when the TV show has an episode.
    if row.get("first_episode_id", "absent") is None:
        del row["first_episode_id"]


def open_project_ids(*conditions):
    """Subquery: the ids of the open productions (matching ``conditions``), whoever asks."""

    open_status = ProjectStatus.select(ProjectStatus.id).where(ProjectStatus.name == "Open")
    return Project.select(Project.id).where(Project.project_status.in_(open_status), *conditions)


def open_projects(ctx, *conditions) -> list[dict]:
    """The open projects the actor belongs to (admins: all of them), by name, as Zou lists them.

    Each carries its relation lists, task type and status settings and the
    metadata descriptors the actor may see. The number of queries does not
    depend on the number of projects. Shared by ``/data/projects/open`` and the
    current user's views (``/data/user/projects/open``, ``/data/user/context``).
    """

    found = many(ctx, Project, Project.id.in_(open_project_ids()), *conditions, order_by=(Project.name,),
                 relations=True)
    visible = DescriptorFilter(ctx, [row["id"] for row in found])
    for row in found:
        for key in _NOT_IN_OPEN:
            row.pop(key, None)
        _drop_missing_first_episode(row)
        row["descriptors"] = visible.keep(row["id"], row["descriptors"])
    return found


class OpenProjectsResource:
    def on_get(self, req, resp):
        resp.media = open_projects(context(req))


class AllProjectsResource:
    def on_get(self, req, resp):
        ctx = context(req)
        found = many(ctx, Project, order_by=(Project.name,))
        if found:
            derived.attach(info(Project), found, "item")
        visible = DescriptorFilter(ctx, [row["id"] for row in found])
        for row in found:
            for key in _NOT_IN_ALL:
                row.pop(key, None)
            row["descriptors"] = visible.keep(
                row["id"], [d for d in row["descriptors"] if d["entity_type"] == "Project"])
        resp.media = found


def _listing_routes() -> list:
    return [
        Route("/data/projects/open", OpenProjectsResource(), tags=("data",), operations={"GET": Operation(
            summary="Open projects the actor belongs to (admins: every open project)",
            description="Each project carries its relation lists, task type and task status settings, "
                        "and the metadata descriptors the actor may see.",
            response_schema="data/projects#/$defs/list", operation_id="list_open_projects")}),
        Route("/data/projects/all", AllProjectsResource(), tags=("data",), operations={"GET": Operation(
            summary="Every project the actor belongs to, whatever its status (admins: all)",
            description="Each project carries its status name and its Project-level metadata descriptors.",
            response_schema="data/projects#/$defs/list", operation_id="list_all_projects")}),
    ]


def routes() -> list:
    return [
        *_listing_routes(),
        *team.routes(),
        *settings.routes(),
        *priorities.routes(),
        *budgets.routes(),
        *planning.routes(),
        *schedule_entities.routes(),
        *schedule_versions.routes(),
        *schedule_actions.routes(),
    ]
