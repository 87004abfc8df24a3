"""From a person's groups to their role, departments, and whether they belong at all.

Groups are named in the settings by DN or by cn, compared without case.
Several role groups: the highest role of ``ROLE_PRECEDENCE`` wins (admin >
manager > supervisor > user > vendor > client), so adding someone to a second
group never lowers what the first one gave them.
"""

from __future__ import annotations

from .directory import Entry, norm
from .settings import ROLE_PRECEDENCE


def in_group(entry: Entry, group: str) -> bool:
    return norm(group) in entry.groups


def eligible(conf: dict, entry: Entry) -> bool:
    """Whether the person may have an active account (``required_group``, when set)."""

    return not conf["required_group"].strip() or in_group(entry, conf["required_group"])


def roles_synced(conf: dict) -> bool:
    """Roles follow the directory only when a mapping is given; otherwise admins set them in Kitsu."""

    return bool(conf["roles"])


def role_of(conf: dict, entry: Entry) -> str:
    found = {role for group, role in conf["roles"].items() if in_group(entry, group)}
    return next((role for role in ROLE_PRECEDENCE if role in found), conf["default_role"])


def departments_of(conf: dict, entry: Entry) -> set[str]:
    """Names of the mapped departments the person belongs to."""

    return {name.strip() for group, name in conf["departments"].items() if in_group(entry, group)}


def managed_departments(conf: dict) -> set[str]:
    """The departments the sync adds and removes (others, set by hand, are left alone)."""

    return {name.strip() for name in conf["departments"].values()}
