"""Zou's purpose-built production routes, one module per route family.

Each family module exposes ``routes() -> list[Route]``; they are registered
by the data plugin next to the generic CRUD routes.
"""

from __future__ import annotations

from importlib import import_module

FAMILIES = ("projects", "entities", "breakdown", "tasks")


def routes() -> list:
    found = []
    for family in FAMILIES:
        found.extend(import_module(f"{__name__}.{family}").routes())
    return found
