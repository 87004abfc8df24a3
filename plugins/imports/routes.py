"""Every route of the plugin, family by family (each module's ``routes(app)``), and the actions they
check (each module's ``PERMISSIONS`` dict, when it has one); imports are writes, never kept."""

from __future__ import annotations

from importlib import import_module

from clapboard import Permission, Route

MODULES: tuple[str, ...] = (
    "csv.routes",
    "otio.routes",
    "kitsu.routes",
    "shotgun.routes",
)


def all_routes(app) -> list[Route]:
    found: list[Route] = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes(app))
    for route in found:
        route.cache = False
    return found


def permissions() -> list[Permission]:
    found: dict[str, str] = {}
    for name in MODULES:
        found.update(getattr(import_module(f"{__package__}.{name}"), "PERMISSIONS", {}))
    return [Permission(action, description) for action, description in found.items()]
