"""Passwords of directory accounts, checked by an LDAP bind (``[plugins.sso.ldap] login``).

The auth plugin asks through its ``auth_verify_password`` hook and keeps
everything else (lockout, second factor, inactive accounts). A directory that
cannot be reached refuses the password with a warning in the log: a login
answers "wrong e-mail or password", never a 500.
"""

from __future__ import annotations

import logging

from .directory import DirectoryError, can_bind, server_uri, user_dn
from .settings import ldap_settings

log = logging.getLogger("clapboard.sso.ldap")


def verify_password(app, person, password) -> bool | None:
    """``None``: not a directory account, or LDAP login is off (the local password decides)."""

    conf = ldap_settings(app)
    if not (conf["enabled"] and conf["login"]):
        return None
    if not person.is_generated_from_ldap or not person.ldap_uid:
        return None if conf["fallback"] else False
    if not isinstance(password, str) or not password:
        return False
    try:
        dn = user_dn(conf, person.ldap_uid)
        return dn is not None and can_bind(conf, dn, password)
    except DirectoryError as exc:
        log.warning("LDAP login of %s refused: %s", person.ldap_uid, exc)
        return False
    except Exception as exc:  # noqa: BLE001 - an odd server answer must not turn a login into a 500
        log.warning("LDAP login of %s refused: %s (%s)", person.ldap_uid, exc, server_uri(conf))
        return False
