"""Actions beyond CRUD for the current user's own views (``/data/user/…``, ``/actions/user/…``).

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``).
"""

from __future__ import annotations


def _is_person(actor, resource) -> bool:
    """Zou serves the user's own views to persons only, never to bots."""

    return actor.kind == "person"


ACTIONS: dict = {
    "data.user.read": _is_person,
}
