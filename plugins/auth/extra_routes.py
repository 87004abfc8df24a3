"""The auth routes beyond the session ones: second factors, password reset, admin helpers.

Gathered here so that ``register_routes`` adds them in one place.
"""

from __future__ import annotations

from clapboard import Route

from . import person_actions, reset
from .twofactor import routes as twofactor_routes


def routes() -> list[Route]:
    return twofactor_routes.routes() + reset.routes() + person_actions.routes()
