"""Which person (if any) stands behind an actor: persons and bots are rows of ``person``."""

from __future__ import annotations

import uuid


def acting_person(actor) -> uuid.UUID | None:
    """The acting person's id, ``None`` for anonymous, system or test actors without one."""

    if actor is None or actor.id is None or actor.kind not in ("person", "bot"):
        return None
    try:
        return uuid.UUID(str(actor.id))
    except ValueError:
        return None
