"""Clapboard as a SAML service provider: pysaml2's SP configuration, the IdP's metadata, our own metadata.

The IdP's metadata is read here rather than by pysaml2's own fetcher so that a
fetch has a timeout, a failed refresh keeps the copy held (an IdP briefly down
does not stop sign-ons) and every process refreshes on its own schedule. The
loaded configuration is kept per app until the metadata is due again.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass

import requests
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.sigver import get_xmlsec_binary

from ..settings import api_url, settings

ACS_PATH = "/auth/saml/sso"
METADATA_PATH = "/auth/saml/metadata"
FETCH_TIMEOUT = 10


class Unavailable(Exception):
    """The IdP's metadata cannot be had, or names no usable IdP: sign-on cannot start or finish."""


@dataclass
class Loaded:
    config: SPConfig
    idp: str  # the IdP's entity id
    due: float  # monotonic time after which the metadata is read again


_loaded: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def conf(app) -> dict:
    return settings(app)["saml"]


def entity_id(app) -> str:
    return conf(app)["sp_entity_id"] or api_url(app) + METADATA_PATH


def acs_url(app) -> str:
    return api_url(app) + ACS_PATH


def _read_metadata(block: dict) -> str:
    if block["metadata_file"]:
        try:
            with open(block["metadata_file"], encoding="utf-8") as handle:
                return handle.read()
        except OSError as exc:
            raise Unavailable(f"The identity provider's metadata file cannot be read ({exc.strerror}).") from None
    try:
        answer = requests.get(block["metadata_url"], timeout=FETCH_TIMEOUT)
        answer.raise_for_status()
    except requests.RequestException as exc:
        raise Unavailable(f"The identity provider's metadata cannot be fetched ({type(exc).__name__}).") from None
    return answer.text


def sp_config(app, metadata: str | None) -> SPConfig:
    """pysaml2's SP configuration (``metadata`` None: ours alone, for serving our metadata)."""

    block = conf(app)
    sp = {
        "endpoints": {"assertion_consumer_service": [(acs_url(app), BINDING_HTTP_POST)]},
        "allow_unsolicited": block["allow_unsolicited"],
        "authn_requests_signed": bool(block["sp_key_file"]),
        "want_assertions_signed": block["want_assertions_signed"],
        # Never neither: with assertions unsigned allowed, the response as a whole must be signed.
        "want_assertions_or_response_signed": True,
        "want_response_signed": False,
    }
    if block["name_id_format"]:
        sp.update(name_id_policy_format=block["name_id_format"], name_id_format=[block["name_id_format"]],
                  name_id_format_allow_create=True)
    raw = {
        "entityid": entity_id(app),
        "xmlsec_binary": block["xmlsec_binary"] or get_xmlsec_binary(),
        "service": {"sp": sp},
        "accepted_time_diff": block["clock_skew_seconds"],
        "allow_unknown_attributes": True,
        "only_use_keys_in_metadata": True,  # a certificate inside the response proves nothing
        "metadata": {"inline": [metadata]} if metadata else {},
    }
    if block["sp_key_file"]:
        raw.update(key_file=block["sp_key_file"], cert_file=block["sp_cert_file"])
    config = SPConfig()
    config.load(raw)
    return config


def _idp_of(config: SPConfig, wanted: str) -> str:
    idps = sorted(config.metadata.identity_providers()) if config.metadata else []
    if wanted:
        if wanted not in idps:
            raise Unavailable(f"The identity provider's metadata does not describe {wanted}.")
        return wanted
    if len(idps) != 1:
        raise Unavailable("The metadata describes no identity provider." if not idps else
                          "The metadata describes several identity providers; set idp_entity_id.")
    return idps[0]


def loaded(app) -> Loaded:
    """The SP configuration with the IdP's metadata, read again when due (a failed refresh keeps the old)."""

    held = _loaded.get(app)
    if held is not None and held.due > time.monotonic():
        return held
    with _lock:
        held = _loaded.get(app)
        if held is not None and held.due > time.monotonic():
            return held
        block = conf(app)
        try:
            config = sp_config(app, _read_metadata(block))
            fresh = Loaded(config, _idp_of(config, block["idp_entity_id"]),
                           time.monotonic() + block["metadata_refresh_minutes"] * 60)
        except Unavailable:
            if held is None:
                raise
            held.due = time.monotonic() + 60  # try again in a minute, meanwhile the copy held
            return held
        except Exception as exc:  # pysaml2 parses the metadata: any of its failures means "unusable"
            if held is not None:
                held.due = time.monotonic() + 60
                return held
            raise Unavailable(f"The identity provider's metadata cannot be used ({type(exc).__name__}).") from None
        _loaded[app] = fresh
        return fresh


def client(app) -> tuple[Saml2Client, str]:
    """A fresh client (pysaml2 keeps per-client caches we do not want shared) and the IdP's entity id."""

    held = loaded(app)
    return Saml2Client(config=held.config), held.idp


def metadata_xml(app) -> str:
    """Our SP metadata: entity id, ACS (HTTP-POST), our certificate when we sign requests."""

    return create_metadata_string(None, config=sp_config(app, None), valid=None, sign=False).decode("utf-8")


REDIRECT = BINDING_HTTP_REDIRECT
POST = BINDING_HTTP_POST
