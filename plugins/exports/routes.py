"""Every route of the plugin (each module's ``routes()``); CSV answers are streams, never kept."""

from __future__ import annotations

from importlib import import_module

from clapboard import Route

MODULES: tuple[str, ...] = (
    "assets", "shots", "edits", "casting", "playlists", "persons", "studio", "tasks", "time_spents",
)


def all_routes() -> list[Route]:
    found: list[Route] = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    for route in found:
        route.cache = False
    return found
