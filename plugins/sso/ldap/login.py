"""Passwords of directory accounts, checked by an LDAP bind (``[plugins.sso.ldap] login``)."""

from __future__ import annotations


def verify_password(app, person, password) -> bool | None:
    """``None``: not a directory account, or LDAP login is off (the local password decides)."""

    return None
