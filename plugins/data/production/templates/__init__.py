"""Production routes: project templates (Zou's ``project_templates`` blueprint).

A template is a studio-wide row (generic CRUD at ``/data/project-templates``)
holding a production's settings: its task types and statuses in order
(``ordered``), asset types, status automations and preview backgrounds
(``sets``), the metadata descriptors it describes (``descriptors``), and it is
taken from a project or applied to one (``snapshot``). Admins and studio
managers read templates; only admins change or apply them (``access``).
"""

from __future__ import annotations

from ...families import gather_routes

MODULES = ("ordered", "sets", "snapshot")  # ``descriptors`` is mounted at start-up (see there)


def routes() -> list:
    return gather_routes(__name__, MODULES)
