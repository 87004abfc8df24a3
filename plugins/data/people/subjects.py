"""The person a ``/data/persons/<id>/…`` route reads about, and the narrowing of what it shows.

The person must exist (404) and not be a bot (Zou refuses these routes on bot
accounts, admins included). Reading someone else's time goes through the
policy's ``data.persons.read-time``; what a manager or supervisor then sees of
it is the ``data.time-spents.read-others`` scope (their productions and
departments), applied in SQL.
"""

from __future__ import annotations

from clapboard.errors import PermissionDenied

from ..crud.service import Context
from ..engine import one, require
from ..models import Person, TimeSpent


def person(ctx: Context, person_id) -> dict:
    """The person row (404 unknown, 403 for a bot)."""

    found = one(ctx, Person, person_id, relations=False)
    if found.get("is_bot"):
        raise PermissionDenied("This route does not apply to bot accounts.")
    return found


def is_self(ctx: Context, row: dict) -> bool:
    return ctx.actor is not None and str(row["id"]) == ctx.actor.id


def require_on(ctx: Context, verb: str, row: dict, **changes) -> None:
    """``data.persons.<verb>`` on the person ``row`` (``changes`` carries filters the check looks at)."""

    require(ctx, Person, verb, row=row, changes={k: v for k, v in changes.items() if v is not None})


def others_time_scope(ctx: Context, row: dict) -> list:
    """Conditions on ``TimeSpent`` narrowing what the actor sees of ``row``'s time (none for oneself)."""

    if is_self(ctx, row):
        return []
    return ctx.app.scope(ctx.actor, TimeSpent, "read-others")
