"""Zou's ``user`` routes: what the logged-in person sees of their own work (the
start-up context, tasks, time, notifications, filters, subscriptions, chats).

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from importlib import import_module

MODULES: tuple[str, ...] = ("context", "projects", "entity_lists", "entity_tasks", "task_lists", "time_sheet")
PERMISSIONS: dict[str, str] = {
    "data.user.read": "read one's own views under /data/user (persons only: bots are refused, as in Zou)",
}
EVENTS: dict[str, str] = {}


def routes() -> list:
    found = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    return found
