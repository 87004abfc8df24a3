"""The ``[plugins.sso.oidc]`` block: which OpenID provider, which client, which claims mean what.

``check`` runs at start (the ``startup`` hook): an enabled block without the
provider's discovery URL or the client id cannot sign anyone in, so the
server refuses to start rather than answer every sign-on with an error.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from clapboard.errors import ConfigError

WELL_KNOWN = "/.well-known/openid-configuration"
LOOPBACK = {"localhost", "127.0.0.1", "::1"}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "default": {},
    "properties": {
        "enabled": {"type": "boolean", "default": False,
                    "description": "Offer sign-on through an OpenID Connect provider (Kitsu shows its button)."},
        "idp_name": {"type": "string", "default": "",
                     "description": "The provider's name on Kitsu's login button (``/config``: oidc_idp_name)."},
        "discovery_url": {
            "type": "string", "default": "",
            "description": "The provider's discovery document (``…/.well-known/openid-configuration``), or its "
                           "issuer URL to which that path is added. HTTPS, except on loopback."},
        "client_id": {"type": "string", "default": "", "description": "This studio's client id at the provider."},
        "client_secret": {"type": "string", "default": "",
                          "description": "The client's secret; empty for a public client (PKCE only)."},
        "scopes": {"type": "string", "default": "openid email profile",
                   "description": "Scopes asked for, separated by spaces; must include ``openid``."},
        "email_claim": {"type": "string", "default": "email",
                        "description": "Claim holding the e-mail address (Entra ID: ``email`` or "
                                       "``preferred_username``)."},
        "given_name_claim": {"type": "string", "default": "given_name",
                             "description": "Claim holding the first name (ID token, else userinfo)."},
        "family_name_claim": {"type": "string", "default": "family_name",
                              "description": "Claim holding the last name (ID token, else userinfo)."},
        "require_email_verified": {
            "type": "boolean", "default": True,
            "description": "Bind or create an account through its e-mail only when the provider says "
                           "``email_verified: true``."},
        "skip_2fa": {"type": "boolean", "default": False,
                     "description": "The provider's own MFA counts: no studio second factor is asked, and "
                                    "auth's enforce_2fa does not restrict these sessions."},
        "http_timeout": {"type": "number", "minimum": 1, "maximum": 120, "default": 10,
                         "description": "Seconds allowed to each call to the provider."},
        "jwks_cache_seconds": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 3600,
                               "description": "How long the discovery document and the provider's keys are kept "
                                              "per process (an unknown key id fetches them again at once)."},
        "clock_skew_seconds": {"type": "integer", "minimum": 0, "maximum": 600, "default": 60,
                               "description": "Leeway on the ID token's exp and iat."},
    },
}


def discovery_url(conf: dict) -> str:
    url = conf["discovery_url"].strip().rstrip("/")
    return url if url.endswith(WELL_KNOWN) else url + WELL_KNOWN


def check(conf: dict) -> None:
    """Raise ``clapboard.config.ConfigError`` when an enabled oidc block cannot work."""

    if not conf.get("enabled"):
        return
    for key in ("discovery_url", "client_id"):
        if not str(conf.get(key) or "").strip():
            raise ConfigError(f"[plugins.sso.oidc] {key} is required when OIDC sign-on is enabled.")
    parts = urlsplit(conf["discovery_url"].strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("[plugins.sso.oidc] discovery_url must be an http(s) URL.")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise ConfigError("[plugins.sso.oidc] discovery_url must use https (plain http only on loopback).")
    if "openid" not in conf["scopes"].split():
        raise ConfigError("[plugins.sso.oidc] scopes must include 'openid'.")
