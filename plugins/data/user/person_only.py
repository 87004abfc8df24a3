"""Who "the user" is on the ``/data/user`` and ``/actions/user`` routes of this family.

Zou serves these routes to persons only (its ``require_person`` refuses bot
tokens with a 403, whatever the bot's role), and "the user" is the actor's own
person row: an admin reads and writes their own filters and notifications
here, never somebody else's.
"""

from __future__ import annotations

import uuid

from clapboard.errors import PermissionDenied


def person_id(ctx) -> uuid.UUID:
    """The acting person's id; 403 for a bot or any actor that is not a logged-in person."""

    actor = ctx.actor
    if actor is None or actor.kind != "person" or not actor.id:
        raise PermissionDenied("Only a person can use this route.")
    return uuid.UUID(str(actor.id))
