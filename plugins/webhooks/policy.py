"""Who manages webhooks: admins, and nobody else.

A webhook sends the studio's events to any URL, so only admins may see or
change them. This plugin answers for its own actions (``webhooks.*``) itself,
so the rule holds whatever policy plugin is enabled: ``True`` for an admin
person, bot or test actor, ``False`` for everyone else.
"""

from __future__ import annotations

PREFIX = "webhooks."
ACTIONS = {
    "webhooks.hooks.read": "list and read webhooks (never their secrets)",
    "webhooks.hooks.create": "register a webhook",
    "webhooks.hooks.update": "change a webhook, rotate its secret, ping it",
    "webhooks.hooks.delete": "delete a webhook and its deliveries",
    "webhooks.deliveries.read": "list and read deliveries and their attempts",
    "webhooks.deliveries.replay": "queue a delivery again",
}


def permission_allowed(actor, action: str) -> bool | None:
    if actor is None or not action.startswith(PREFIX):
        return None
    return actor.role == "admin" and action in ACTIONS
