"""One directory sync: read everyone, then create, update, deactivate and reactivate in one transaction.

The directory is read completely before anything is written, so a server that
fails mid-way changes nothing. Rules (``docs/sso-ldap.md``):

- accounts are matched by ``ldap_uid``; only ``is_generated_from_ldap`` persons
  (never bots, guests or local accounts) are written;
- someone new whose e-mail (or uid) already belongs to another account is a
  *conflict*: reported, not taken over (an admin decides);
- the directory decides ``active``: present (and in ``required_group``) means
  active, absent means inactive with every session ended;
- a search that finds nobody while directory accounts are active is refused
  (a wrong base DN or filter must not disable the studio) unless
  ``allow_empty``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import directory, mapping, people
from .directory import Entry
from .settings import ldap_settings


class SyncError(Exception):
    """The sync cannot run or refuses to (nothing was written)."""


@dataclass
class Report:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = ", ".join(f"{len(getattr(self, k))} {k}" for k in
                           ("created", "updated", "deactivated", "reactivated", "conflicts", "skipped"))
        return ("Dry run (nothing written): " if self.dry_run else "LDAP sync: ") + counts + "."

    def lines(self) -> list[str]:
        return [f"  {kind}: {item}" for kind in ("created", "updated", "deactivated", "reactivated", "conflicts",
                                                 "skipped") for item in getattr(self, kind)]


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that everything it wrote is rolled back."""


def run(app, dry_run: bool = False, allow_empty: bool = False) -> Report:
    """Sync the accounts with the directory; ``DirectoryError`` or ``SyncError`` when it cannot."""

    conf = ldap_settings(app)
    if not conf["enabled"]:
        raise SyncError("LDAP is not enabled: set [plugins.sso.ldap] enabled = true")
    entries = directory.people(conf)  # everything read before anything is written
    report = Report(dry_run=dry_run)
    try:
        with app.transaction():
            apply(app, conf, entries, report, allow_empty)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def apply(app, conf: dict, entries: list[Entry], report: Report, allow_empty: bool) -> None:
    issuer = directory.server_uri(conf)
    known = people.directory_accounts()
    kept = [e for e in entries if mapping.eligible(conf, e)]
    active = [p for p in known.values() if p.active]
    if not kept and active and not allow_empty:
        raise SyncError(f"the directory search found no one (base_dn {conf['base_dn']!r}, user_filter "
                        f"{conf['user_filter']!r}, required_group {conf['required_group']!r}): refusing to "
                        f"deactivate {len(active)} accounts; check the settings, or pass --allow-empty")
    managed = people.department_ids(app, mapping.managed_departments(conf), create_missing=True)
    seen: set[str] = set()
    for entry in kept:
        uid = entry.uid.lower()
        if uid in seen:
            report.conflicts.append(f"{entry.dn}: uid {entry.uid!r} is used by another directory entry")
            continue
        seen.add(uid)
        if not entry.email:
            report.skipped.append(f"{entry.uid}: no e-mail in the directory")
            continue
        if len(entry.uid) > 60:
            report.skipped.append(f"{entry.uid[:60]}…: uid longer than 60 characters")
            continue
        person = known.get(uid)
        if person is None:
            _create(app, conf, entry, managed, issuer, report)
        else:
            _update(app, conf, entry, person, managed, report)
            people.bind_identity(person, issuer, entry)
    for uid, person in known.items():
        if uid not in seen and person.active:
            people.deactivate(app, person)
            report.deactivated.append(f"{person.ldap_uid} <{person.email}>")


def _departments(conf: dict, entry: Entry, managed: dict) -> set:
    return {managed[name.lower()] for name in mapping.departments_of(conf, entry)}


def _create(app, conf: dict, entry: Entry, managed: dict, issuer: str, report: Report) -> None:
    owner = people.email_owner(entry.email) or people.uid_owner(entry.uid)
    if owner is not None:
        kind = "directory account " + str(owner.ldap_uid) if owner.is_generated_from_ldap else "local account"
        report.conflicts.append(f"{entry.uid} <{entry.email}>: the {kind} {owner.email} already uses this "
                                "e-mail or uid; not taken over")
        return
    person = people.create(app, entry, mapping.role_of(conf, entry))
    people.set_departments(person.id, _departments(conf, entry, managed), set(managed.values()))
    people.bind_identity(person, issuer, entry)
    report.created.append(f"{entry.uid} <{person.email}> ({person.role})")


def _update(app, conf: dict, entry: Entry, person, managed: dict, report: Report) -> None:
    changes = {}
    for key, value in (("first_name", entry.first_name), ("last_name", entry.last_name)):
        if value and getattr(person, key) != value[:80]:
            changes[key] = value[:80]
    email = entry.email.lower()
    if (person.email or "").lower() != email:
        owner = people.email_owner(email)
        if owner is not None and owner.id != person.id:
            report.conflicts.append(f"{entry.uid}: new e-mail {email} already used by {owner.email}; kept "
                                    f"{person.email}")
        else:
            changes["email"] = email
    if mapping.roles_synced(conf) and person.role != mapping.role_of(conf, entry):
        changes["role"] = mapping.role_of(conf, entry)
    departments = people.set_departments(person.id, _departments(conf, entry, managed), set(managed.values()))
    if not person.active:
        changes["active"] = True
    if changes or departments:
        people.update(app, person, changes)
        what = sorted(changes) + (["departments"] if departments else [])
        if changes.get("active"):
            report.reactivated.append(f"{entry.uid} <{email}>")
        if set(what) - {"active"}:
            report.updated.append(f"{entry.uid} <{email}>: " + ", ".join(k for k in what if k != "active"))
