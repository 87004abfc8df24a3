"""Reading the directory with ldap3: people, their groups, and binds as a person.

Everything the sync and the login need from the server goes through here, so
that an unreachable or refusing server always becomes one ``DirectoryError``
with a readable message (never an ldap3 traceback in a command or a 500).
"""

from __future__ import annotations

import re
import ssl
from dataclasses import dataclass, field

import ldap3
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

PAGE = 500  # below Active Directory's 1000-entry limit per answer


class DirectoryError(Exception):
    """The directory cannot be reached, refuses the service account, or fails a search."""


@dataclass
class Entry:
    """A person as the directory describes them."""

    dn: str
    uid: str
    email: str | None
    first_name: str
    last_name: str
    groups: set[str] = field(default_factory=set)  # normalised DNs and cns of the person's groups


def norm(name: str) -> str:
    """A DN or cn compared without case or spaces around separators (``CN=Art, DC=x`` == ``cn=art,dc=x``)."""

    return re.sub(r"\s*([,=+])\s*", r"\1", name.strip()).lower()


def cn_of(dn: str) -> str:
    first = dn.split(",", 1)[0]
    return first.split("=", 1)[1].strip().lower() if "=" in first else first.strip().lower()


def server_uri(conf: dict) -> str:
    """The server as a URI: the identity issuer of directory accounts, and what logs name."""

    host = conf["host"].strip()
    if "://" in host:
        return host.rstrip("/")
    port = conf["port"] or (636 if conf["use_ssl"] else 389)
    return f"{'ldaps' if conf['use_ssl'] else 'ldap'}://{host}:{port}"


def _server(conf: dict) -> ldap3.Server:
    tls = None
    if conf["use_ssl"] or conf["start_tls"] or server_uri(conf).startswith("ldaps://"):
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=conf["ca_file"] or None)
    return ldap3.Server(server_uri(conf), tls=tls, get_info=ldap3.NONE, connect_timeout=conf["connect_timeout"])


def connect(conf: dict, user: str | None = None, password: str | None = None) -> ldap3.Connection:
    """A bound connection: as ``user`` when given, else as the service account (or anonymously)."""

    if user is None:
        user, password = conf["bind_dn"] or None, conf["bind_password"] or None
    conn = ldap3.Connection(_server(conf), user=user, password=password, receive_timeout=conf["timeout"],
                            raise_exceptions=False, read_only=True, auto_bind=ldap3.AUTO_BIND_NONE)
    try:
        conn.open()
        if conf["start_tls"] and not conn.start_tls():
            raise DirectoryError(f"StartTLS refused by {server_uri(conf)}: {conn.result.get('description')}")
        conn.bind()
    except LDAPException as exc:
        raise DirectoryError(f"cannot reach the directory at {server_uri(conf)}: {exc}") from exc
    return conn


def _values(attributes: dict, name: str) -> list[str]:
    for key, value in attributes.items():
        if key.lower() == name.lower():
            values = value if isinstance(value, (list, tuple)) else [value]
            return [v.decode() if isinstance(v, bytes) else str(v) for v in values if v not in (None, "", b"")]
    return []


def _first(attributes: dict, name: str) -> str:
    found = _values(attributes, name)
    return found[0].strip() if found else ""


def search(conn: ldap3.Connection, base: str, query: str, attributes: list[str]) -> list[dict]:
    """Every entry below ``base`` matching ``query`` (paged), as ``{"dn", "attributes"}``."""

    try:
        found = conn.extend.standard.paged_search(base, query, search_scope=ldap3.SUBTREE,
                                                  attributes=[a for a in attributes if a], paged_size=PAGE,
                                                  generator=False)
    except LDAPException as exc:
        raise DirectoryError(f"search of {base!r} failed: {exc}") from exc
    if conn.result and conn.result.get("result") not in (0, None):
        raise DirectoryError(f"search of {base!r} failed: {conn.result.get('description')} "
                             f"{conn.result.get('message') or ''}".strip())
    return [e for e in found or [] if e.get("type") == "searchResEntry"]


def _memberships(conn, conf: dict) -> dict[str, set[str]]:
    """Member value (normalised DN, or uid) -> the normalised DNs and cns of its groups."""

    groups = conf["groups"]
    member = groups["member_attribute"]
    found: dict[str, set[str]] = {}
    for group in search(conn, groups["base_dn"] or conf["base_dn"], groups["filter"], ["cn", member]):
        names = {norm(group["dn"]), cn_of(group["dn"])} | {v.lower() for v in _values(group["attributes"], "cn")}
        for value in _values(group["attributes"], member):
            key = norm(value) if groups["member_value"] == "dn" else value.strip().lower()
            found.setdefault(key, set()).update(names)
    return found


def people(conf: dict) -> list[Entry]:
    """Everyone ``user_filter`` finds below ``base_dn``, with their groups."""

    attrs = conf["attributes"]
    member_of = conf["groups"]["member_of"]
    conn = connect(conf)
    try:
        if not conn.bound:
            raise DirectoryError(f"the directory at {server_uri(conf)} refused the service account "
                                 f"{conf['bind_dn'] or '(anonymous)'}: {conn.result.get('description')}")
        rows = search(conn, conf["base_dn"], conf["user_filter"],
                      [attrs["uid"], attrs["email"], attrs["first_name"], attrs["last_name"], member_of])
        memberships = {} if member_of else _memberships(conn, conf)
    finally:
        conn.unbind()
    result = []
    for row in rows:
        values = row["attributes"]
        entry = Entry(dn=row["dn"], uid=_first(values, attrs["uid"]), email=_first(values, attrs["email"]) or None,
                      first_name=_first(values, attrs["first_name"]), last_name=_first(values, attrs["last_name"]))
        if member_of:
            for dn in _values(values, member_of):
                entry.groups |= {norm(dn), cn_of(dn)}
        else:
            key = norm(entry.dn) if conf["groups"]["member_value"] == "dn" else entry.uid.lower()
            entry.groups = set(memberships.get(key, ()))
        if entry.uid:
            result.append(entry)
    return result


def user_dn(conf: dict, uid: str) -> str | None:
    """The DN of the person whose uid is ``uid`` (searched as the service account)."""

    conn = connect(conf)
    try:
        if not conn.bound:
            raise DirectoryError(f"the directory refused the service account: {conn.result.get('description')}")
        query = f"(&{conf['user_filter']}({conf['attributes']['uid']}={escape_filter_chars(uid)}))"
        found = search(conn, conf["base_dn"], query, [conf["attributes"]["uid"]])
    finally:
        conn.unbind()
    return found[0]["dn"] if len(found) == 1 else None


def can_bind(conf: dict, dn: str, password: str) -> bool:
    """Whether ``password`` is ``dn``'s: a simple bind as them (never with an empty password, which LDAP
    treats as an anonymous bind that succeeds)."""

    if not dn or not isinstance(password, str) or not password:
        return False
    conn = connect(conf, dn, password)
    try:
        return bool(conn.bound)
    finally:
        conn.unbind()
