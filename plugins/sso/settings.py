"""The ``[plugins.sso]`` settings: what every method shares, then one block per method.

Each method's block (``oidc``, ``saml``, ``ldap``) is defined by its own
sub-package's ``settings.py`` and checked again at start by its ``check``
function (a discovery URL is required once OIDC is on, and so on).
"""

from __future__ import annotations

from .ldap import settings as ldap_settings
from .oidc import settings as oidc_settings
from .saml import settings as saml_settings

ROLES = ["user", "admin", "supervisor", "manager", "client", "vendor"]

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "create_accounts": {
            "type": "boolean", "default": True,
            "description": "Create an account on the first single sign-on of someone the studio does not know "
                           "(matched by e-mail). Off: only existing accounts may sign in this way."},
        "default_role": {"enum": ROLES, "default": "user",
                         "description": "Role of accounts created on a first single sign-on."},
        "protected_accounts": {
            "type": "array", "items": {"type": "string"}, "default": [],
            "description": "E-mails of accounts never bound to a provider's identity through their e-mail "
                           "(an admin binds them explicitly)."},
        "front_url": {
            "type": "string", "default": "",
            "description": "Where the browser lands after a single sign-on (Kitsu's home page); empty: the auth "
                           "plugin's public_url."},
        "api_url": {
            "type": "string", "default": "",
            "description": "The API's public base URL, for the provider's redirect and assertion URLs; empty: "
                           "front_url + '/api' (Kitsu's layout)."},
        "flow_minutes": {"type": "integer", "minimum": 1, "maximum": 60, "default": 10,
                         "description": "How long a started sign-on may take before its state is refused."},
        "oidc": oidc_settings.SCHEMA,
        "saml": saml_settings.SCHEMA,
        "ldap": ldap_settings.SCHEMA,
    },
}


def settings(app) -> dict:
    return app.config.plugin("sso")


def front_url(app) -> str:
    conf = settings(app)
    return (conf["front_url"] or app.config.plugin("auth")["public_url"]).rstrip("/")


def api_url(app) -> str:
    conf = settings(app)
    return (conf["api_url"] or front_url(app) + "/api").rstrip("/")


def check(app) -> None:
    """Refuse a start with settings a method cannot work with (``ConfigError`` names the key)."""

    conf = settings(app)
    oidc_settings.check(conf["oidc"])
    saml_settings.check(conf["saml"])
    ldap_settings.check(conf["ldap"])
