"""Routes of the oidc method."""

from __future__ import annotations


def routes() -> list:
    return []
