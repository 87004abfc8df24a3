"""Who "the user" is on the current user's routes (``/data/user/…``, ``/actions/user/…``).

Zou serves these routes to persons only: its ``require_person`` refuses a bot
token with a 403, whatever the bot's role. "The user" is the actor's own
person row, so an admin reads and writes their own views, filters,
notifications, chats and logs there, never somebody else's. The people and
activity families serve some of these routes too and ask here; so does the
policy's ``data.user.read`` action.
"""

from __future__ import annotations

import uuid

from clapboard.errors import PermissionDenied, Unauthorized


def is_person(actor) -> bool:
    """Whether ``actor`` is a logged-in person (not a bot, not anonymous)."""

    return actor is not None and actor.kind == "person" and bool(actor.id)


def person_id(ctx) -> uuid.UUID:
    """The acting person's id: 401 without an actor, 403 for a bot or any other non-person.

    Admin bots need this check too: the policy lets admins through before asking.
    """

    if ctx.actor is None:
        raise Unauthorized()
    if not is_person(ctx.actor):
        raise PermissionDenied("Only a person can use the current user's routes; bots are refused.")
    return uuid.UUID(str(ctx.actor.id))
