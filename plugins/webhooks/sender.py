"""One HTTP POST of one delivery: the signed JSON body to the address that was checked.

The body is the stored payload serialised with orjson; the receiver checks
``X-Clapboard-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>``
against the bytes it received, and may drop a delivery id it already handled
(``X-Clapboard-Delivery`` is the same on every retry). A 2xx answer delivers;
anything else — another status, a timeout, a refused connection, a target
that now resolves to a forbidden address — is an error to retry. Redirects
are not followed (a redirect could lead anywhere).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import orjson
import urllib3

from clapboard import __version__

from . import ssrf

USER_AGENT = f"Clapboard-Webhooks/{__version__}"


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def signature(secret: str, raw: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def headers(delivery_id, event: str, secret: str, raw: bytes, host: str) -> dict:
    return {
        "Host": host,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Clapboard-Event": event,
        "X-Clapboard-Delivery": str(delivery_id),
        "X-Clapboard-Signature-256": signature(secret, raw),
    }


def _pool(target: ssrf.Target, address: str, timeout: float):
    timeouts = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(address, target.port, timeout=timeouts, retries=False,
                                           server_hostname=target.host, assert_hostname=target.host, maxsize=1)
    return urllib3.HTTPConnectionPool(address, target.port, timeout=timeouts, retries=False, maxsize=1)


def _post(target: ssrf.Target, raw: bytes, headers: dict, timeout: float):
    """POST to the first of the checked addresses that takes the connection (``localhost`` may be
    ``::1`` then ``127.0.0.1``); once one is connected, its answer or error is the outcome."""

    for index, address in enumerate(target.addresses):
        pool = _pool(target, address, timeout)
        try:
            return pool.urlopen("POST", target.path, body=raw, headers=headers, redirect=False,
                                preload_content=True)
        except urllib3.exceptions.NewConnectionError:
            if index == len(target.addresses) - 1:
                raise
        finally:
            pool.close()


def send(hook, delivery, timeout: float) -> Outcome:
    """POST ``delivery`` to ``hook`` once; never raises for the target's faults."""

    started = time.monotonic()

    def outcome(status=None, error=None) -> Outcome:
        return Outcome(status, int((time.monotonic() - started) * 1000), error and error[:2000])

    raw = orjson.dumps(delivery.payload)
    try:
        target = ssrf.resolve(hook.url, allow_private=hook.allow_private_network)
    except ssrf.Refused as exc:
        return outcome(error=exc.message)
    try:
        answer = _post(target, raw, headers(delivery.id, delivery.event, hook.secret, raw, target.host_header),
                       timeout)
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        return outcome(error=f"{type(exc).__name__}: {exc}")
    error = None if 200 <= answer.status < 300 else f"HTTP {answer.status}"
    return outcome(answer.status, error)
