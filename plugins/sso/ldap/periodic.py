"""The periodic directory sync of a serving process (``[plugins.sso.ldap] sync_minutes``)."""

from __future__ import annotations


def start(app) -> None:
    """Start the periodic sync when configured."""


def stop(app) -> None:
    """Stop it."""
