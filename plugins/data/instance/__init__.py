"""Zou's ``index`` and ``admin`` routes beyond the core's ``/status``: the
instance configuration Kitsu reads at start-up and usage statistics.

Each module of this package exposes ``routes() -> list[Route]``; ``MODULES``
lists them. ``/admin/config/check`` is not among them: ``config_check`` mounts
it at start-up (it answers 403 to everyone when no admin token is configured). ``PERMISSIONS`` and ``EVENTS`` declare the actions the family
checks and the events it emits (``{name: description}``).
"""

from __future__ import annotations

from ..families import gather_routes

MODULES: tuple[str, ...] = ("configuration", "usage")
PERMISSIONS: dict[str, str] = {
    "data.instance.stats": "read the usage counts of the whole studio (admins only: nobody else is granted it)",
}
EVENTS: dict[str, str] = {}


def routes() -> list:
    return gather_routes(__package__, MODULES)
