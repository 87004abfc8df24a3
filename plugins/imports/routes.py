"""Every route of the plugin, family by family (each module's ``routes()``); imports are writes."""

from __future__ import annotations

from importlib import import_module

from clapboard import Route

MODULES: tuple[str, ...] = (
    "csv.routes",
    "otio.routes",
    "kitsu.routes",
    "shotgun.routes",
)


def all_routes() -> list[Route]:
    found: list[Route] = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    for route in found:
        route.cache = False
    return found
