"""Routes of the saml method."""

from __future__ import annotations


def routes() -> list:
    return []
