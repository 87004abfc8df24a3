"""Actions beyond CRUD for persons and departments (a person's time, day offs, tasks; department equipment).

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``).
"""

from __future__ import annotations

ACTIONS: dict = {}
