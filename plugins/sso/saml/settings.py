"""The ``[plugins.sso.saml]`` block (to be completed by the saml sub-package)."""

from __future__ import annotations

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "default": {},
    "properties": {
        "enabled": {"type": "boolean", "default": False},
    },
}


def check(conf: dict) -> None:
    """Raise ``clapboard.config.ConfigError`` when an enabled saml block cannot work."""
