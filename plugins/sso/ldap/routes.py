"""Routes of the ldap method."""

from __future__ import annotations


def routes() -> list:
    return []
