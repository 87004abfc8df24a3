"""Zou's ``user`` routes: what the logged-in person sees of their own work (the
start-up context, tasks, time, notifications, filters, subscriptions, chats).

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from ..families import gather_routes

MODULES: tuple[str, ...] = (
    "context", "projects", "entity_lists", "entity_tasks", "task_lists", "time_sheet",
    "filters", "filter_groups", "notifications", "project_notifications", "task_subscriptions",
    "sequence_subscriptions",
)
PERMISSIONS: dict[str, str] = {
    "data.user.read": "read one's own views under /data/user (persons only: bots are refused, as in Zou)",
    "data.search-filters.share": "share a saved search filter with a production's team",
    "data.search-filter-groups.share": "share a group of saved search filters with a production's team",
    "data.projects.read-notifications": "list every notification about a production's tasks (instance sync)",
}
EVENTS: dict[str, str] = {
    "notification:read": "a person marked one of their notifications read",
    "notification:unread": "a person marked one of their notifications unread",
    "notification:all-read": "a person marked all their notifications read",
}


def routes() -> list:
    return gather_routes(__package__, MODULES)
