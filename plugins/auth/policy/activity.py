"""Actions beyond CRUD for news, events, chats and search.

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``).
"""

from __future__ import annotations

ACTIONS: dict = {}
