"""Zou's ``index`` and ``admin`` routes beyond the core's ``/status``: the
instance configuration Kitsu reads at start-up and usage statistics.

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from importlib import import_module

MODULES: tuple[str, ...] = ()
PERMISSIONS: dict[str, str] = {}
EVENTS: dict[str, str] = {}


def routes() -> list:
    found = []
    for name in MODULES:
        found.extend(import_module(f"{__package__}.{name}").routes())
    return found
