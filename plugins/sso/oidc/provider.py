"""The provider as seen from here: its discovery document and its signing keys, kept per process.

Both are fetched over HTTP with the block's timeout and kept for
``jwks_cache_seconds``; an ID token signed with a key id we do not know makes
one fresh fetch of the key set (the provider rotated its keys) before it is
refused. A provider that cannot be reached, or answers something unreadable,
is a 502 for the browser, never a 500.
"""

from __future__ import annotations

import time

import requests
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from clapboard.errors import ClapboardError

from .settings import discovery_url

REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
_documents: dict[str, tuple[float, dict]] = {}  # discovery URL -> (fetched at, document)
_keys: dict[str, tuple[float, KeySet]] = {}  # jwks_uri -> (fetched at, key set)


class ProviderUnavailable(ClapboardError):
    """The identity provider did not answer, or answered something unusable."""

    status = 502
    default_message = "The identity provider cannot be reached; try again shortly."


def fetch_json(url: str, conf: dict, what: str, headers: dict | None = None) -> dict:
    try:
        answer = requests.get(url, timeout=conf["http_timeout"], allow_redirects=False,
                              headers={"Accept": "application/json", **(headers or {})})
    except requests.RequestException as exc:
        raise ProviderUnavailable(f"The identity provider's {what} cannot be read ({type(exc).__name__}); "
                                  "try again shortly.", login=False) from None
    if answer.status_code != 200:
        raise ProviderUnavailable(f"The identity provider's {what} answered HTTP {answer.status_code}.",
                                  login=False)
    try:
        data = answer.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ProviderUnavailable(f"The identity provider's {what} is not a JSON object.", login=False)
    return data


def _fresh(entry, conf: dict) -> bool:
    return entry is not None and time.monotonic() - entry[0] < conf["jwks_cache_seconds"]


def metadata(conf: dict) -> dict:
    """The discovery document, with the endpoints this flow needs."""

    url = discovery_url(conf)
    entry = _documents.get(url)
    if not _fresh(entry, conf):
        document = fetch_json(url, conf, "discovery document")
        missing = [k for k in REQUIRED if not isinstance(document.get(k), str) or not document[k]]
        if missing:
            raise ProviderUnavailable(f"The identity provider's discovery document lacks {', '.join(missing)}.",
                                      login=False)
        entry = _documents[url] = (time.monotonic(), document)
    return entry[1]


def _key_set(conf: dict, meta: dict, refresh: bool) -> KeySet:
    url = meta["jwks_uri"]
    entry = _keys.get(url)
    if refresh or not _fresh(entry, conf):
        data = fetch_json(url, conf, "key set (JWKS)")
        try:
            keys = KeySet.import_key_set({"keys": [k for k in data.get("keys") or [] if isinstance(k, dict)
                                                   and k.get("use", "sig") == "sig"]})
        except (JoseError, ValueError, TypeError, KeyError):
            raise ProviderUnavailable("The identity provider's key set (JWKS) cannot be read.", login=False) from None
        entry = _keys[url] = (time.monotonic(), keys)
    return entry[1]


def signing_key(conf: dict, meta: dict, kid: str | None):
    """The provider's public key named ``kid`` (or its only key when the token names none), else ``None``."""

    for refresh in (False, True):
        keys = _key_set(conf, meta, refresh).keys
        found = [k for k in keys if k.kid == kid] if kid else (keys if len(keys) == 1 else [])
        if found:
            return found[0]
    return None


def forget() -> None:
    """Drop what this process keeps (tests; a studio switching providers restarts anyway)."""

    _documents.clear()
    _keys.clear()
