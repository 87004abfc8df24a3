"""``clapboard sync-ldap``."""

from __future__ import annotations


def register(cli) -> None:
    """Add the LDAP commands."""
