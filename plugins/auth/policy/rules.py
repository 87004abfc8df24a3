"""The access rules of every generic CRUD model, after Zou's policy (reference §4.2).

For a non-admin, ``scope`` gives the rows the actor reaches (the same predicate
for list, get, update and delete: what a list hides, the item route answers
404); ``read`` the global roles allowed to read at all; ``create``/``update``/
``delete`` the effective roles (per-project role when the row belongs to a
project) allowed to write; ``owner`` the key naming the person who owns a row,
who may update/delete it (``owner_fields`` limits what they may change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from clapboard.plugins.data import models as m

from . import membership as ms

ALL = frozenset({"manager", "supervisor", "user", "client", "vendor"})
NOT_VENDOR = ALL - {"vendor"}
STAFF = frozenset({"manager", "supervisor", "user"})
MANAGER = frozenset({"manager"})
SUPERVISING = frozenset({"manager", "supervisor"})
NOBODY = frozenset()

# What anybody may change on their own person row.
SELF_PERSON_FIELDS = frozenset({
    "first_name", "last_name", "phone", "timezone", "locale", "use_12_hour_clock", "display_date_format",
    "notifications_enabled", "notifications_slack_enabled", "notifications_slack_userid",
    "notifications_mattermost_enabled", "notifications_mattermost_userid", "notifications_discord_enabled",
    "notifications_discord_userid", "data", "desktop_login", "email",
})
# What a supervisor may change on an entity of their production (its custom fields, as in Zou).
SUPERVISOR_ENTITY_FIELDS = frozenset({"data"})
# What a supervisor may change on a task of their departments.
SUPERVISOR_TASK_FIELDS = frozenset({"priority", "start_date", "due_date", "estimation", "difficulty", "data"})
PERSON_CARD = frozenset({"id", "type", "first_name", "last_name", "full_name", "has_avatar", "active",
                         "departments", "studio_id", "role", "desktop_login", "is_bot", "email",
                         "created_at", "updated_at"})
ORGANISATION_SECRETS = frozenset({"chat_token_slack", "chat_webhook_mattermost", "chat_token_discord"})


@dataclass(frozen=True)
class Rule:
    read: frozenset = ALL
    create: frozenset = NOBODY
    update: frozenset = NOBODY
    delete: frozenset = NOBODY
    scope: Callable | None = None  # (actor) -> peewee expression
    project: Callable | None = None  # (row or body dict) -> project id
    owner: str | None = None
    owner_verbs: frozenset = frozenset({"update", "delete"})
    owner_fields: frozenset | None = None

    def roles(self, verb: str) -> frozenset:
        return getattr(self, verb)


def _key(name):
    return lambda row: row.get(name)


def _via_task(key="task_id"):
    return lambda row: ms.project_of_task(row.get(key))


def _via_entity(key):
    return lambda row: ms.project_of_entity(row.get(key))


def _own(model, field="person"):
    return lambda actor: getattr(model, field) == actor.id


def _comment_scope(actor):
    """Comments on reached tasks; a client reads their own and those published to clients."""

    reached = m.Comment.object_id.in_(ms.member_tasks(actor))
    if actor.role == "client":
        return reached & ((m.Comment.person == actor.id) | (m.Comment.for_client == True))  # noqa: E712
    return reached


REFERENCE = Rule()  # studio-wide lists: everybody reads, admins write

RULES: dict[str, Rule] = {
    **{path: REFERENCE for path in (
        "task-types", "task-status", "entity-types", "departments", "studios", "softwares", "hardware-items",
        "file-status", "output-types", "project-status", "preview-background-files", "organisations")},
    "status-automations": Rule(read=NOT_VENDOR),
    "custom-actions": Rule(read=NOT_VENDOR),
    "project-templates": Rule(read=MANAGER),
    "salary-scales": Rule(read=MANAGER),
    "plugins": Rule(read=NOBODY),
    # The generic list stays admin-only; the scope is what managers read of the log (/data/events/last).
    "events": Rule(read=NOBODY, scope=lambda a: m.ApiEvent.project_id.in_(ms.projects_with_role(a, MANAGER))),
    "persons": Rule(owner="id", owner_verbs=frozenset({"update"}), owner_fields=SELF_PERSON_FIELDS),
    "projects": Rule(update=MANAGER, project=_key("id"),
                     scope=lambda a: m.Project.id.in_(ms.member_projects(a))),
    # Creators who still belong to the production may delete what they created (Zou).
    # Supervisors may change an entity's ``data`` only (the metadata plugin's department rule applies).
    "entities": Rule(create=MANAGER, update=SUPERVISING, delete=MANAGER, project=_key("project_id"),
                     owner="created_by", owner_verbs=frozenset({"delete"}),
                     scope=lambda a: m.Entity.id.in_(ms.member_entities(a))),
    "tasks": Rule(create=MANAGER, update=SUPERVISING, delete=MANAGER, project=_key("project_id"),
                  scope=lambda a: m.Task.id.in_(ms.member_tasks(a))),
    "playlists": Rule(read=NOT_VENDOR, create=SUPERVISING, update=SUPERVISING, delete=MANAGER,
                      project=_key("project_id"),
                      scope=lambda a: m.Playlist.project.in_(ms.member_projects(a))
                      & ((m.Playlist.for_client == True) if a.role == "client" else True)),  # noqa: E712
    "schedule-items": Rule(read=NOT_VENDOR, create=MANAGER, update=SUPERVISING, delete=MANAGER,
                           project=_key("project_id"),
                           scope=lambda a: m.ScheduleItem.project.in_(ms.member_projects(a))),
    "milestones": Rule(read=NOT_VENDOR, create=MANAGER, update=MANAGER, delete=MANAGER, project=_key("project_id"),
                       scope=lambda a: m.Milestone.project.in_(ms.member_projects(a))),
    "budgets": Rule(read=MANAGER, create=MANAGER, update=MANAGER, delete=MANAGER, project=_key("project_id"),
                    scope=lambda a: m.Budget.project.in_(ms.projects_with_role(a, MANAGER))),
    "budget-entries": Rule(read=MANAGER, create=MANAGER, update=MANAGER, delete=MANAGER,
                           project=lambda row: m.Budget.select(m.Budget.project).where(
                               m.Budget.id == row.get("budget_id")).scalar(),
                           scope=lambda a: m.BudgetEntry.budget.in_(m.Budget.select(m.Budget.id).where(
                               m.Budget.project.in_(ms.projects_with_role(a, MANAGER))))),
    "production-schedule-versions": Rule(
        read=MANAGER, create=MANAGER, update=MANAGER, delete=MANAGER, project=_key("project_id"),
        scope=lambda a: m.ProductionScheduleVersion.project.in_(ms.projects_with_role(a, MANAGER))),
    "production-schedule-version-task-links": Rule(
        read=MANAGER, create=MANAGER, update=MANAGER, delete=MANAGER,
        project=lambda row: m.ProductionScheduleVersion.select(m.ProductionScheduleVersion.project).where(
            m.ProductionScheduleVersion.id == row.get("production_schedule_version_id")).scalar(),
        scope=lambda a: m.ProductionScheduleVersionTaskLink.production_schedule_version.in_(
            m.ProductionScheduleVersion.select(m.ProductionScheduleVersion.id).where(
                m.ProductionScheduleVersion.project.in_(ms.projects_with_role(a, MANAGER))))),
    "search-filters": Rule(owner="person_id", owner_verbs=frozenset({"create", "update", "delete"}),
                           scope=lambda a: (m.SearchFilter.person == a.id) | (
                               (m.SearchFilter.is_shared == True)  # noqa: E712
                               & m.SearchFilter.project.in_(ms.member_projects(a)))),
    "search-filter-groups": Rule(
        owner="person_id", owner_verbs=frozenset({"create", "update", "delete"}),
        scope=lambda a: (m.SearchFilterGroup.person == a.id) | (
            (m.SearchFilterGroup.is_shared == True)  # noqa: E712
            & m.SearchFilterGroup.project.in_(ms.member_projects(a)))),
    "comments": Rule(create=MANAGER, update=MANAGER, delete=MANAGER, owner="person_id",
                     project=lambda row: ms.project_of_task(row.get("object_id")),
                     scope=lambda a: _comment_scope(a)),
    "time-spents": Rule(create=MANAGER, update=MANAGER, delete=MANAGER, owner="person_id",
                        owner_verbs=frozenset({"create", "update", "delete"}), project=_via_task(),
                        scope=lambda a: (m.TimeSpent.person == a.id) | m.TimeSpent.task.in_(
                            m.Task.select(m.Task.id).where(m.Task.project.in_(ms.projects_with_role(a, MANAGER))))),
    "day-offs": Rule(owner="person_id", owner_verbs=frozenset({"create", "update", "delete"}),
                     scope=_own(m.DayOff)),
    "preview-files": Rule(create=MANAGER, update=MANAGER, delete=MANAGER, project=_via_task(),
                          scope=lambda a: m.PreviewFile.task.in_(ms.member_tasks(a))),
    "working-files": Rule(read=NOT_VENDOR, create=MANAGER, update=MANAGER, delete=MANAGER, project=_via_task(),
                          scope=lambda a: m.WorkingFile.task.in_(ms.member_tasks(a))
                          | m.WorkingFile.entity.in_(ms.member_entities(a))),
    "output-files": Rule(read=NOT_VENDOR, create=MANAGER, update=MANAGER, delete=MANAGER,
                         project=_via_entity("entity_id"),
                         scope=lambda a: m.OutputFile.entity.in_(ms.member_entities(a))),
    "attachment-files": Rule(create=MANAGER, update=MANAGER, delete=MANAGER,
                             project=lambda row: ms.project_of_task(m.Comment.select(m.Comment.object_id).where(
                                 m.Comment.id == row.get("comment_id")).scalar()),
                             scope=lambda a: m.AttachmentFile.comment.in_(
                                 m.Comment.select(m.Comment.id).where(m.Comment.object_id.in_(ms.member_tasks(a))))),
    "notifications": Rule(owner="person_id", owner_verbs=frozenset({"update", "delete"}),
                          owner_fields=frozenset({"read"}), scope=_own(m.Notification)),
    "subscriptions": Rule(owner="person_id", owner_verbs=frozenset({"create", "delete"}),
                          scope=lambda a: (m.Subscription.person == a.id) | m.Subscription.task.in_(
                              m.Task.select(m.Task.id).where(m.Task.project.in_(ms.projects_with_role(a, MANAGER))))),
    # A news row shows when its task is reached and its comment may be read (clients: their own
    # comments and those published to clients), as the news feeds show it.
    "news": Rule(create=MANAGER, update=MANAGER, delete=MANAGER, project=_via_task(),
                 scope=lambda a: m.News.task.in_(ms.member_tasks(a)) & (
                     m.News.comment.is_null() | m.News.comment.in_(
                         m.Comment.select(m.Comment.id).where(_comment_scope(a))))),
    "entity-links": Rule(read=NOT_VENDOR, create=MANAGER, update=MANAGER, delete=MANAGER,
                         project=_via_entity("entity_in_id"),
                         scope=lambda a: m.EntityLink.entity_in.in_(ms.member_entities(a))),
    "asset-instances": Rule(read=NOT_VENDOR, create=MANAGER, update=MANAGER, delete=MANAGER,
                            project=_via_entity("asset_id"),
                            scope=lambda a: m.AssetInstance.asset.in_(ms.member_entities(a))),
    "chats": Rule(create=STAFF, project=lambda row: ms.project_of_entity(row.get("object_id")),
                  scope=lambda a: m.Chat.object_id.in_(ms.member_entities(a))),
    "chat-messages": Rule(owner="person_id", owner_verbs=frozenset({"create", "delete"}),
                          project=lambda row: ms.project_of_entity(m.Chat.select(m.Chat.object_id).where(
                              m.Chat.id == row.get("chat_id")).scalar()),
                          scope=lambda a: m.ChatMessage.chat.in_(
                              m.Chat.select(m.Chat.id).where(m.Chat.object_id.in_(ms.member_entities(a))))),
}
