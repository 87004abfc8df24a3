"""Zou's ``news``, ``events``, ``chats`` and ``search`` routes: what happened in a
production and who said what, and finding things by name.

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from ..families import gather_routes

MODULES: tuple[str, ...] = ("news", "event_log", "chats", "user_chats", "search")
PERMISSIONS: dict[str, str] = {
    "data.news.read-one": "read one news item of a production (Zou keeps vendors out)",
    "data.events.read-log": "read the event log (admins: all; managers: their productions)",
    "data.events.read-names": "read the names of the events found in the log",
    "data.login-logs.read": "read the login history of every person",
    "data.chats.join": "join or leave the chat of an entity",
}
EVENTS: dict[str, str] = {
    "chat:new-message": "a message was posted in an entity's chat",
    "chat:deleted-message": "a message of an entity's chat was deleted",
    "chat:joined": "a person joined an entity's chat",
    "chat:left": "a person left an entity's chat",
}


def routes() -> list:
    return gather_routes(__package__, MODULES)
