"""What a family's policy check reads from the resource it is asked about.

``resource`` is the engine's ``Target`` (``row``/``changes``) or a route's
``RouteTarget`` (``params``); either may lack what a check looks for, which
then reads as empty. Admins are allowed before any check is asked, so a
check answering ``nobody`` keeps an action to admins.
"""

from __future__ import annotations


def row(resource) -> dict:
    return getattr(resource, "row", None) or {}


def changes(resource) -> dict:
    return getattr(resource, "changes", None) or {}


def is_self(actor, resource) -> bool:
    """Whether the row asked about is the actor's own person row."""

    found = row(resource).get("id")
    return found is not None and str(found) == actor.id


def nobody(actor, resource) -> bool:
    """No non-admin may (admins are allowed before this is asked)."""

    return False
