"""Zou's ``persons`` and ``departments`` routes: a person's time spent and day offs by
period, their tasks, presence logs, quotas, department membership and equipment.

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
