"""Zou's purpose-built production routes, one module per route family.

Each family module exposes ``routes() -> list[Route]``; they are registered
by the data plugin next to the generic CRUD routes.
"""

from __future__ import annotations

from ..families import gather_routes

FAMILIES = ("projects", "entities", "breakdown", "tasks", "playlists", "templates")
# Actions beyond CRUD that the families check (the older ones are declared by the data plugin itself).
PERMISSIONS: dict[str, str] = {
    "data.playlists.sync": "read every playlist row of a production at once, for synchronisation (admins)",
    "data.preview-files.read-running": "list the previews still processing or broken in open productions (admins)",
    "data.production-schedule-versions.read-task-links":
        "read the task links of a production schedule version (its team but clients and vendors)",
    "data.tasks.set-main-preview": "make a preview of the task its entity's main preview (its team but clients; "
                                   "vendors on entities of their tasks)",
    "data.tasks.annotate": "draw annotations on a task's previews (managers, clients, supervisors of the "
                           "task's department)",
}


def routes() -> list:
    return gather_routes(__name__, FAMILIES)
