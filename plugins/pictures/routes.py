"""Every route of the plugin, family by family (each module's ``routes()``)."""

from __future__ import annotations

from importlib import import_module

from clapboard import Route

MODULES = (
    "previews.upload",
    "previews.downloads",
    "thumbnails.avatars",
    "thumbnails.backgrounds",
    "attachments",
    "previews.actions",
    "movies.routes",
    "movies.annotated",
)


def all_routes() -> list[Route]:
    found: list[Route] = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    for route in found:  # files are sent as streams, answers of uploads are writes: nothing kept
        route.cache = False
    return found
