"""A real OpenLDAP directory for the LDAP tests: Debian's ``slapd`` on a free loopback port.

``slapd`` (session-scoped; import ``slapd_fixture`` and ``directory_fixture``) starts one server in a temporary directory (a
``slapd.conf`` with the mdb backend, suffix ``dc=studio,dc=test``) and stops it
at the end; ``directory`` (per test) puts the seed people and groups back, so
each test may add, change and delete entries with ldap3 as it likes. Without
``/usr/sbin/slapd`` the tests are skipped with that reason, unless
``CLAPBOARD_REQUIRE_SLAPD=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import ldap3
import pytest

SLAPD = "/usr/sbin/slapd"
SCHEMAS = "/etc/ldap/schema"
REQUIRED = os.environ.get("CLAPBOARD_REQUIRE_SLAPD") == "1"
SUFFIX = "dc=studio,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"

# uid -> (first name, last name, password); the e-mail is uid@studio.test
SEED_PEOPLE = {
    "alice": ("Alice", "Anders", "alice-pass"),
    "bob": ("Bob", "Brown", "bob-pass"),
    "carol": ("Carol", "Chen", "carol-pass"),
}
# cn -> members (uids)
SEED_GROUPS = {
    "staff": ["alice", "bob", "carol"],
    "admins": ["alice"],
    "supervisors": ["carol"],
    "animators": ["alice", "bob"],
    "modelers": ["carol"],
}

CONF = """\
include {schemas}/core.schema
include {schemas}/cosine.schema
include {schemas}/nis.schema
include {schemas}/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {root}/slapd.pid
argsfile {root}/slapd.args
database mdb
maxsize 16777216
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {root}/db
# groupOfNames members get a memberOf attribute, as in Active Directory (the member_of setting)
overlay memberof
memberof-refint TRUE
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def user_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def group_dn(cn: str) -> str:
    return f"cn={cn},{GROUPS}"


class Slapd:
    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.url = f"ldap://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Slapd":
        (self.root / "db").mkdir(parents=True, exist_ok=True)
        conf = self.root / "slapd.conf"
        conf.write_text(CONF.format(schemas=SCHEMAS, root=self.root, suffix=SUFFIX, admin=ADMIN_DN,
                                    password=ADMIN_PASSWORD))
        self.log = open(self.root / "slapd.log", "wb")
        # -d 0: stay in the foreground (the process is ours to stop), logging nothing but errors.
        self.process = subprocess.Popen([SLAPD, "-f", str(conf), "-h", self.url + "/", "-d", "0"],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                self.admin().unbind()
                break
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("slapd did not start: " + (self.root / "slapd.log").read_text()[-2000:])
                time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()

    def admin(self) -> ldap3.Connection:
        return ldap3.Connection(ldap3.Server(self.url, get_info=ldap3.NONE), ADMIN_DN, ADMIN_PASSWORD,
                                auto_bind=True, raise_exceptions=True)

    # -- changing the directory ------------------------------------------------

    def reset(self) -> None:
        """Only the seed: every other entry removed, the seed's entries as they were."""

        with self.admin() as conn:
            try:
                conn.search(SUFFIX, "(objectClass=*)", attributes=[])
            except ldap3.core.exceptions.LDAPNoSuchObjectResult:  # the first reset: an empty database
                conn.add(SUFFIX, ["dcObject", "organization"], {"o": "Studio", "dc": "studio"})
            else:  # children before their parents
                for dn in sorted((e.entry_dn for e in conn.entries if e.entry_dn.lower() != SUFFIX),
                                 key=lambda d: -d.count(",")):
                    conn.delete(dn)
            conn.add(PEOPLE, ["organizationalUnit"], {"ou": "people"})
            conn.add(GROUPS, ["organizationalUnit"], {"ou": "groups"})
        for uid, (first, last, password) in SEED_PEOPLE.items():
            self.add_user(uid, first, last, password)
        for cn, members in SEED_GROUPS.items():
            self.add_group(cn, members)

    def add_user(self, uid: str, first: str, last: str, password: str, email: str | None = None) -> str:
        attributes = {"uid": uid, "cn": f"{first} {last}", "givenName": first, "sn": last,
                      "mail": email or f"{uid}@studio.test", "userPassword": password}
        with self.admin() as conn:
            conn.add(user_dn(uid), ["inetOrgPerson"], attributes)
        return user_dn(uid)

    def modify_user(self, uid: str, **attributes) -> None:
        with self.admin() as conn:
            conn.modify(user_dn(uid), {k: [(ldap3.MODIFY_REPLACE, [v] if v else [])] for k, v in attributes.items()})

    def delete_user(self, uid: str) -> None:
        with self.admin() as conn:
            conn.delete(user_dn(uid))
            # groupOfNames keeps dangling members; remove them as a directory admin would
            conn.search(GROUPS, f"(member={user_dn(uid)})", attributes=[])
            for entry in conn.entries:
                conn.modify(entry.entry_dn, {"member": [(ldap3.MODIFY_DELETE, [user_dn(uid)])]})

    def add_group(self, cn: str, members: list[str]) -> None:
        # groupOfNames needs a member: the directory admin stands in for an empty group
        with self.admin() as conn:
            conn.add(group_dn(cn), ["groupOfNames"], {"cn": cn, "member": [ADMIN_DN] + [user_dn(u) for u in members]})

    def join(self, cn: str, uid: str) -> None:
        with self.admin() as conn:
            conn.modify(group_dn(cn), {"member": [(ldap3.MODIFY_ADD, [user_dn(uid)])]})

    def leave(self, cn: str, uid: str) -> None:
        with self.admin() as conn:
            conn.modify(group_dn(cn), {"member": [(ldap3.MODIFY_DELETE, [user_dn(uid)])]})

    # -- the settings of an app using this directory ---------------------------------

    def settings(self, **overrides) -> dict:
        """A ``[plugins.sso.ldap]`` block for this directory."""

        return {"enabled": True, "host": "127.0.0.1", "port": self.port, "bind_dn": ADMIN_DN,
                "bind_password": ADMIN_PASSWORD, "base_dn": PEOPLE, "groups": {"base_dn": GROUPS},
                "connect_timeout": 3, "timeout": 10, **overrides}


@pytest.fixture(scope="session", name="slapd")
def slapd_fixture(tmp_path_factory):
    if not os.path.exists(SLAPD):
        if REQUIRED:
            pytest.fail("CLAPBOARD_REQUIRE_SLAPD=1 but slapd is not installed")
        pytest.skip("slapd is not installed (apt-get install slapd ldap-utils)")
    server = Slapd(tmp_path_factory.mktemp("slapd")).start()
    yield server
    server.stop()


@pytest.fixture(name="directory")
def directory_fixture(slapd):
    """The session's directory, back to its seed people and groups."""

    slapd.reset()
    return slapd
