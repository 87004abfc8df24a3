"""Every route of the plugin, family by family (each module's ``routes()``), and the events its
modules emit beyond the data plugin's (each module's ``EVENTS`` dict, when it has one)."""

from __future__ import annotations

from importlib import import_module

from clapboard import EventType, Route

MODULES = (
    "previews.upload",
    "previews.downloads",
    "thumbnails.avatars",
    "thumbnails.backgrounds",
    "attachments",
    "working_files",
    "previews.actions",
    "movies.routes",
    "movies.annotated",
    "playlists.routes",
    "shared.files",
    "shared.drawings",
)


def all_routes() -> list[Route]:
    found: list[Route] = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    for route in found:  # files are sent as streams, answers of uploads are writes: nothing kept
        route.cache = False
    return found


def event_types() -> list[EventType]:
    found: dict[str, str] = {}
    for name in MODULES:
        found.update(getattr(import_module(f"{__package__}.{name}"), "EVENTS", {}))
    return [EventType(event, description) for event, description in found.items()]
