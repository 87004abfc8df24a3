"""Which targets a webhook may reach: no private, loopback, link-local or otherwise non-public address.

A webhook URL is checked when it is registered (a 400 naming the address) and
again each time it is sent, on the addresses the name resolves to then: the
connection goes to an address that was checked (``Target.addresses``), with the
URL's name kept for the ``Host`` header and TLS, so a name that resolves
elsewhere between the check and the connection (DNS rebinding) gains nothing.
``allow_private_network`` on a webhook is an admin's explicit allowance.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from clapboard.errors import BadRequest


class Refused(BadRequest):
    """The URL is not one a webhook may target."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (no brackets)
    port: int
    path: str  # path and query
    addresses: tuple[str, ...]  # the checked IP addresses to connect to, in the resolver's order

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def forbidden(address: str) -> str | None:
    """Why ``address`` may not be reached (``None``: a public address)."""

    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "reserved", "private"):
        if getattr(ip, "is_" + kind):
            return kind.replace("_", "-")
    return None if ip.is_global else "not public"


def parse(url: str) -> tuple[str, str, int, str]:
    """``(scheme, host, port, path)`` of an http(s) URL; 400 otherwise."""

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"url: not a valid URL ({exc}).") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused("url: only http:// and https:// URLs can be webhook targets.")
    if not parts.hostname:
        raise Refused("url: the URL names no host.")
    if parts.username or parts.password:
        raise Refused("url: credentials in the URL are not accepted; the receiver checks the signature.")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(url: str, allow_private: bool) -> Target:
    """The target of ``url`` with every address its host resolves to, each checked unless ``allow_private``."""

    scheme, host, port, path = parse(url)
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"url: the host {host} cannot be resolved ({exc}).") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not addresses:
        raise Refused(f"url: the host {host} has no address.")
    if not allow_private:
        for address in addresses:
            why = forbidden(address)
            if why is not None:
                raise Refused(f"url: {host} resolves to {address} ({why} address); webhooks reach public "
                              "addresses only unless allow_private_network is set.")
    return Target(scheme, host, port, path, tuple(addresses))


def check(url: str, allow_private: bool) -> None:
    """At registration: 400 for a URL that is not http(s), or whose host is not public (unless allowed)."""

    if allow_private:
        parse(url)
    else:
        resolve(url, allow_private=False)
