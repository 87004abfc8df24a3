"""How a family of purpose-built routes gathers them: each module it names exposes ``routes()``."""

from __future__ import annotations

from importlib import import_module


def gather_routes(package: str, modules) -> list:
    """The routes of ``package``'s ``modules`` (sub-modules or sub-packages), in that order."""

    found = []
    for name in modules:
        found.extend(import_module(f"{package}.{name}").routes())
    return found
