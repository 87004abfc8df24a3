"""The ``[plugins.sso.ldap]`` block: where the directory is, which entries are people, how groups map.

Defaults fit OpenLDAP (``inetOrgPerson`` entries, ``groupOfNames`` groups);
``docs/sso-ldap.md`` gives the Active Directory variant (``sAMAccountName``,
``memberOf``). ``check`` refuses an enabled block that cannot work, naming the
key, so a broken configuration stops ``clapboard serve`` at start.
"""

from __future__ import annotations

from clapboard.config import ConfigError

ROLES = ["user", "admin", "supervisor", "manager", "client", "vendor"]
# When someone is in groups mapped to several roles, the first of this list wins.
ROLE_PRECEDENCE = ("admin", "manager", "supervisor", "user", "vendor", "client")


def _s(default: str, description: str) -> dict:
    return {"type": "string", "default": default, "description": description}


ATTRIBUTES = {
    "type": "object", "additionalProperties": False, "default": {},
    "description": "Entry attributes read for each person (Active Directory: uid = sAMAccountName).",
    "properties": {
        "uid": _s("uid", "The stable login name (stored as the account's ldap_uid)."),
        "email": _s("mail", "The e-mail address (the account's login)."),
        "first_name": _s("givenName", "First name."),
        "last_name": _s("sn", "Last name."),
    },
}

GROUPS = {
    "type": "object", "additionalProperties": False, "default": {},
    "description": "How a person's groups are found: searched below base_dn, or read from member_of on the entry.",
    "properties": {
        "base_dn": _s("", "Where groups are searched (empty: the block's base_dn)."),
        "filter": _s("(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))", "Which entries are groups."),
        "member_attribute": _s("member", "The group attribute listing its members."),
        "member_value": {"enum": ["dn", "uid"], "default": "dn",
                         "description": "What member_attribute holds: the person's DN (groupOfNames) or uid "
                                        "(posixGroup's memberUid)."},
        "member_of": _s("", "An attribute of the person's entry listing the DNs of its groups (Active "
                            "Directory, OpenLDAP's memberof overlay: 'memberOf'); when set, no group search."),
    },
}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "default": {},
    "properties": {
        "enabled": {"type": "boolean", "default": False},
        "host": _s("", "The directory server's host name (or an ldap:// / ldaps:// URI)."),
        "port": {"type": "integer", "minimum": 0, "maximum": 65535, "default": 0,
                 "description": "0: 389, or 636 with use_ssl."},
        "use_ssl": {"type": "boolean", "default": False, "description": "LDAPS (TLS from the first byte)."},
        "start_tls": {"type": "boolean", "default": False, "description": "Upgrade a plain connection with StartTLS."},
        "ca_file": _s("", "CA certificates to verify the server with (empty: the system's)."),
        "bind_dn": _s("", "The service account reading the directory (empty: anonymous)."),
        "bind_password": _s("", "Its password."),
        "base_dn": _s("", "Where people are searched."),
        "user_filter": _s("(objectClass=inetOrgPerson)", "Which entries below base_dn are people."),
        "attributes": ATTRIBUTES,
        "groups": GROUPS,
        "roles": {"type": "object", "additionalProperties": {"enum": ROLES}, "default": {},
                  "description": "Group (DN or cn) -> role. Several matches: admin > manager > supervisor > user > "
                                 "vendor > client. Empty: roles are not synced (default_role at creation)."},
        "departments": {"type": "object", "additionalProperties": {"type": "string", "minLength": 1},
                        "default": {},
                        "description": "Group (DN or cn) -> department name (created when missing). Only these "
                                       "departments are added and removed by the sync."},
        "default_role": {"enum": ROLES, "default": "user", "description": "Role of someone in no mapped group."},
        "required_group": _s("", "Group (DN or cn) whose members only are synced and active (empty: everyone "
                                 "user_filter finds)."),
        "login": {"type": "boolean", "default": False,
                  "description": "Check the passwords of directory accounts by binding as them."},
        "fallback": {"type": "boolean", "default": True,
                     "description": "Accounts not from the directory keep their local password."},
        "sync_minutes": {"type": "number", "minimum": 0, "default": 0,
                         "description": "Sync every so many minutes in serving processes (0: only by the command)."},
        "connect_timeout": {"type": "number", "exclusiveMinimum": 0, "default": 5},
        "timeout": {"type": "number", "exclusiveMinimum": 0, "default": 30,
                    "description": "Seconds an LDAP operation may take."},
    },
}


def check(conf: dict) -> None:
    """Raise ``ConfigError`` naming the key when an enabled ldap block cannot work."""

    if not conf.get("enabled"):
        return
    for key in ("host", "base_dn"):
        if not str(conf.get(key) or "").strip():
            raise ConfigError(f"[plugins.sso.ldap] {key} is required when enabled = true")
    if conf.get("use_ssl") and conf.get("start_tls"):
        raise ConfigError("[plugins.sso.ldap] use_ssl and start_tls: choose one")
    if conf.get("bind_dn") and not conf.get("bind_password"):
        raise ConfigError("[plugins.sso.ldap] bind_password is required with bind_dn")
    for key in ("uid", "email"):
        if not conf["attributes"][key].strip():
            raise ConfigError(f"[plugins.sso.ldap] attributes.{key} cannot be empty")


def ldap_settings(app) -> dict:
    return app.config.plugin("sso")["ldap"]
