"""Who the ``/data/user`` and ``/actions/user`` routes of this family act for."""

from __future__ import annotations

from clapboard.errors import PermissionDenied


def own_person_id(ctx) -> str:
    """The logged-in person's id; Zou refuses the current user's routes to bots (403), whatever their role."""

    if ctx.actor is None or ctx.actor.kind != "person" or not ctx.actor.id:
        raise PermissionDenied("Only a person's token may use the current user's routes.")
    return ctx.actor.id
