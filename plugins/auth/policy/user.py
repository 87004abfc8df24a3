"""Actions beyond CRUD for the current user's own views (``/data/user/…``, ``/actions/user/…``).

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``).
"""

from __future__ import annotations

from clapboard.plugins.data.actors import is_person

from . import membership, targets


def _manages_project(actor, resource) -> bool:
    """Sharing a saved search is a manager's privilege on the production it belongs to (Zou)."""

    project = targets.changes(resource).get("project_id")
    return project is not None and membership.effective_role(actor, project) == "manager"


ACTIONS: dict = {
    # Zou serves the user's own views to persons only, never to bots (the data plugin's rule).
    "data.user.read": lambda actor, resource: is_person(actor),
    "data.search-filters.share": _manages_project,
    "data.search-filter-groups.share": _manages_project,
    # Zou keeps a production's whole notification list for instance sync: admins only.
    "data.projects.read-notifications": targets.nobody,
}
