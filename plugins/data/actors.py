"""Which person (if any) stands behind an actor: persons and bots are rows of ``person``.

The current user's routes (``/data/user/…``, ``/actions/user/…``, served by
the user, people, activity and tasks families) are for persons only: Zou's
``require_person`` refuses a bot token with a 403, whatever the bot's role,
and "the user" is the actor's own person row, so an admin reads and writes
their own views there, never somebody else's. The policy's
``data.user.read`` action asks ``is_person`` too.
"""

from __future__ import annotations

import uuid

from clapboard.errors import PermissionDenied, Unauthorized


def acting_person(actor) -> uuid.UUID | None:
    """The acting person's id, ``None`` for anonymous, system or test actors without one."""

    if actor is None or actor.id is None or actor.kind not in ("person", "bot"):
        return None
    try:
        return uuid.UUID(str(actor.id))
    except ValueError:
        return None


def is_person(actor) -> bool:
    """Whether ``actor`` is a logged-in person (not a bot, not anonymous)."""

    return actor is not None and actor.kind == "person" and acting_person(actor) is not None


def require_person(ctx) -> uuid.UUID:
    """The id of the person making the request: 401 without an actor, 403 for a bot or any other
    non-person (admin bots too, whom the policy lets through before asking)."""

    if ctx.actor is None:
        raise Unauthorized()
    if not is_person(ctx.actor):
        raise PermissionDenied("Only a person can use the current user's routes; bots are refused.")
    return acting_person(ctx.actor)
