"""The ``[plugins.sso.saml]`` block: which identity provider, how strict, which attributes.

Only the IdP's metadata is required (a URL or a file): it names the IdP, its
sign-on endpoint and the certificate its assertions are checked against.
Everything the IdP must know about Clapboard (entity id, ACS URL, our
certificate when requests are signed) is served at ``/auth/saml/metadata``.
"""

from __future__ import annotations

import os

from clapboard.errors import ConfigError

PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
EMAIL_NAMES = ["email", "mail", "emailAddress", "Email", "User.Email",
               "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
               "urn:oid:0.9.2342.19200300.100.1.3", "urn:oid:1.2.840.113549.1.9.1"]
FIRST_NAME_NAMES = ["givenName", "given_name", "firstName", "FirstName", "User.FirstName",
                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42"]
LAST_NAME_NAMES = ["sn", "surname", "familyName", "family_name", "lastName", "LastName", "User.LastName",
                   "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4"]


def _names(default: list, what: str) -> dict:
    return {"type": "array", "items": {"type": "string"}, "default": list(default),
            "description": f"Attribute names (Name or FriendlyName, any case) that may carry the {what}; the "
                           "first one present wins."}


SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "default": {},
    "properties": {
        "enabled": {"type": "boolean", "default": False, "description": "Offer sign-on through a SAML 2.0 IdP."},
        "idp_name": {"type": "string", "default": "",
                     "description": "The IdP's name on Kitsu's login button (/config saml_idp_name)."},
        "metadata_url": {"type": "string", "default": "",
                         "description": "Where the IdP publishes its metadata (fetched at the first sign-on, "
                                        "then refreshed). One of metadata_url or metadata_file is required."},
        "metadata_file": {"type": "string", "default": "", "description": "The IdP's metadata as a local file."},
        "metadata_refresh_minutes": {"type": "integer", "minimum": 1, "default": 60,
                                     "description": "How long fetched metadata is kept before it is fetched "
                                                    "again (a failed fetch keeps the copy held)."},
        "idp_entity_id": {"type": "string", "default": "",
                          "description": "The IdP to use when the metadata describes several (a federation's)."},
        "sp_entity_id": {"type": "string", "default": "",
                         "description": "Clapboard's entity id at the IdP; empty: api_url + /auth/saml/metadata."},
        "sp_cert_file": {"type": "string", "default": "",
                         "description": "Our certificate (PEM); with sp_key_file, AuthnRequests are signed."},
        "sp_key_file": {"type": "string", "default": "", "description": "Our private key (PEM)."},
        "name_id_format": {
            "type": "string", "default": PERSISTENT,
            "description": "The NameID format asked of the IdP (NameIDPolicy; the NameID is the identity Clapboard "
                           "binds accounts to): persistent by default, or urn:oasis:names:tc:SAML:1.1:nameid-format:"
                           "emailAddress; empty: ask none. A transient NameID is always refused."},
        "want_assertions_signed": {
            "type": "boolean", "default": True,
            "description": "Require a signature on the assertion itself; false: a signature on the assertion or "
                           "on the whole response (one of the two is always required)."},
        "allow_unsolicited": {
            "type": "boolean", "default": False,
            "description": "Accept IdP-initiated sign-ons (a response to no AuthnRequest of ours); a replayed "
                           "assertion is still refused."},
        "email_attributes": _names(EMAIL_NAMES, "e-mail address (else a NameID in the emailAddress format)"),
        "first_name_attributes": _names(FIRST_NAME_NAMES, "first name"),
        "last_name_attributes": _names(LAST_NAME_NAMES, "last name"),
        "skip_2fa": {"type": "boolean", "default": False,
                     "description": "The IdP's own MFA counts: Clapboard asks no second factor after a SAML "
                                    "sign-on."},
        "clock_skew_seconds": {"type": "integer", "minimum": 0, "maximum": 600, "default": 60,
                               "description": "Tolerated clock difference with the IdP on NotBefore/"
                                              "NotOnOrAfter."},
        "xmlsec_binary": {"type": "string", "default": "",
                          "description": "Path of xmlsec1 (signature checks); empty: looked up on PATH."},
    },
}


def check(conf: dict) -> None:
    """Raise ``ConfigError`` when an enabled block cannot work (no metadata, a missing file, half a key pair)."""

    if not conf.get("enabled"):
        return
    where = "[plugins.sso.saml]"
    if not conf["metadata_url"] and not conf["metadata_file"]:
        raise ConfigError(f"{where} metadata_url or metadata_file is required when enabled is true")
    if conf["metadata_url"] and conf["metadata_file"]:
        raise ConfigError(f"{where} metadata_url and metadata_file: set only one")
    if conf["metadata_url"] and not conf["metadata_url"].startswith(("https://", "http://")):
        raise ConfigError(f"{where} metadata_url must be an http(s) URL")
    for key in ("metadata_file", "sp_cert_file", "sp_key_file", "xmlsec_binary"):
        if conf[key] and not os.path.isfile(conf[key]):
            raise ConfigError(f"{where} {key}: no file at {conf[key]}")
    if bool(conf["sp_cert_file"]) != bool(conf["sp_key_file"]):
        raise ConfigError(f"{where} sp_cert_file and sp_key_file go together (signed AuthnRequests)")
