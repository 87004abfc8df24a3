"""Zou's ``files`` routes: working and output files, and the paths a production's file tree gives.

Modules: ``naming`` (templates into text), ``values`` (what tokens stand for),
``paths`` (folders and file names per entity kind), ``guess`` (a path back
into rows), ``trees`` (the shipped trees), ``working`` and ``outputs`` (the
rows), and the route modules. The bytes of a working file go through the
``pictures`` plugin's storage (its ``working_files`` module).
"""

from __future__ import annotations

from ..families import gather_routes

MODULES = ("working", "output_routes", "project_routes")
PERMISSIONS: dict[str, str] = {
    "data.working-files.publish": "save a new working file revision on a task (its production's team but "
                                  "clients; vendors on tasks assigned to them)",
    "data.output-files.publish": "publish a new output file on an entity or asset instance (its production's "
                                 "team but clients; vendors on entities of their tasks)",
}
EVENTS: dict[str, str] = {
    "working-file:new": "a working file revision was created",
    "output-file:new": "an output file revision was published",
}


def routes() -> list:
    return gather_routes(__name__, MODULES)
