"""Actions beyond CRUD for persons and departments (a person's time, day offs, tasks; department equipment).

``ACTIONS`` maps a full action name (``data.<path>.<verb>``) to
``check(actor, resource) -> bool``; ``resource`` is the engine's ``Target``
(``row``/``changes``) or a route's ``RouteTarget`` (``params``). ``SCOPES``
maps a named read (``data.<path>.<verb>``) to ``scope(actor) -> expression``,
the rows of that model a non-admin reaches through it.
"""

from __future__ import annotations

from . import people_records, people_time

ACTIONS: dict = {**people_time.ACTIONS, **people_records.ACTIONS}
SCOPES: dict = {**people_time.SCOPES}
