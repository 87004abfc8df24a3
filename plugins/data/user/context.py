"""``GET /data/user/context``: everything Kitsu loads once after a login, in one answer.

Zou's keys, each read once through the engine so every role sees what Zou
shows it: the open productions the user belongs to (with the descriptors
their role may see), reference lists (asset types, task types and statuses,
departments, studios, project statuses, preview backgrounds), the persons
(a person card for non-admins), custom actions and status automations when
the policy lets the user read them (not vendors), the unread notification
count, the per-project roles, the saved filters grouped by list type and
production, the installed plugins, and the user limit for admins. The number
of queries does not depend on the number of rows.
"""

from __future__ import annotations

import peewee

from clapboard import Operation, Route

from ..actors import require_person
from ..crud.meta import info
from ..engine import ENTITY_KINDS, Target, context, many
from ..models import (
    CustomAction,
    Department,
    EntityType,
    Notification,
    Person,
    Plugin,
    PreviewBackgroundFile,
    ProjectPersonLink,
    ProjectStatus,
    SearchFilter,
    SearchFilterGroup,
    StatusAutomation,
    Studio,
    TaskStatus,
    TaskType,
)
from ..production.projects import open_projects
from . import filter_rules
from .me import READ, is_admin

# Zou's default licence limit on active non-bot users; Clapboard has no such limit to configure.
USER_LIMIT = 100


def _if_allowed(ctx, model, order_by) -> list[dict]:
    """The rows of ``model`` when the policy lets the user read them, else none (a vendor's automations)."""

    if not ctx.app.allowed(ctx.actor, f"data.{info(model).path}.read", Target(model)):
        return []
    return many(ctx, model, order_by=order_by, check=False)


def _asset_types(ctx) -> list[dict]:
    found = many(ctx, EntityType, EntityType.name.not_in(ENTITY_KINDS), order_by=(EntityType.name, EntityType.id),
                 relations=True)
    for row in found:
        row["type"] = "AssetType"
    return found


def _project_roles(me) -> dict:
    link = ProjectPersonLink
    query = link.select(link.project, link.role).where(link.person == me, link.role.is_null(False)).tuples()
    return {str(project): role for project, role in query}


def _unread(me) -> int:
    return (Notification.select(peewee.fn.COUNT(Notification.id))
            .where(Notification.person == me, Notification.read == False).scalar() or 0)  # noqa: E712


def user_context(ctx) -> dict:
    me = require_person(ctx)
    answer = {
        "asset_types": _asset_types(ctx),
        "custom_actions": _if_allowed(ctx, CustomAction, (CustomAction.name, CustomAction.id)),
        "status_automations": _if_allowed(ctx, StatusAutomation, (StatusAutomation.created_at, StatusAutomation.id)),
        "departments": many(ctx, Department, order_by=(Department.name, Department.id)),
        "studios": many(ctx, Studio, order_by=(Studio.name, Studio.id)),
        "notification_count": _unread(me),
        "persons": many(ctx, Person, order_by=(Person.last_name, Person.first_name, Person.id), relations=True),
        "project_status": many(ctx, ProjectStatus, order_by=(ProjectStatus.name, ProjectStatus.id)),
        "project_roles": _project_roles(me),
        "projects": open_projects(ctx),
        "task_types": many(ctx, TaskType, order_by=(TaskType.priority, TaskType.name, TaskType.id)),
        "task_status": many(ctx, TaskStatus, order_by=(TaskStatus.priority, TaskStatus.name, TaskStatus.id)),
        # The same lists as /data/user/filters and /data/user/filter-groups (one routine in Zou too).
        "search_filters": filter_rules.grouped(ctx, SearchFilter, me),
        "search_filter_groups": filter_rules.grouped(ctx, SearchFilterGroup, me),
        "preview_background_files": many(ctx, PreviewBackgroundFile,
                                         order_by=(PreviewBackgroundFile.name, PreviewBackgroundFile.id)),
        # Zou shows every user the installed plugins here (Kitsu's plugin menus); their CRUD stays admin-only.
        "plugins": many(ctx, Plugin, order_by=(Plugin.name, Plugin.id), check=False),
    }
    if is_admin(ctx):
        answer["user_limit"] = USER_LIMIT
    return answer


class UserContext:
    def on_get(self, req, resp):
        resp.media = user_context(context(req))


def routes() -> list[Route]:
    return [Route("/data/user/context", UserContext(), tags=("data",), operations={"GET": Operation(
        summary="Everything Kitsu loads after a login",
        description="The user's open productions, reference lists, persons, custom actions and status automations "
                    "they may read, unread notification count, per-project roles, saved filters grouped by list "
                    "type and production, installed plugins, and `user_limit` for admins.",
        response_schema="data/user/answers#/$defs/context", action=READ)})]
