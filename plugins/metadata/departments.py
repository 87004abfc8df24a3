"""The department rule: a supervisor with departments changes only the values of their departments' descriptors.

As in Zou, a supervisor of a production who belongs to departments may change
a ``data`` value only when the descriptor naming it is linked to one of those
departments, or to none (open to every department). Keys that no descriptor
names are free-form and stay open. Managers and admins change every value;
a supervisor without departments too. A refused change is a 403 naming every
field, and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict

from clapboard.errors import PermissionDenied


def _effective_role(actor, project_id) -> str | None:
    from clapboard.plugins.data.models import ProjectPersonLink as link

    found = link.select(link.role).where(link.person == actor.id, link.project == project_id).tuples().first()
    return (found[0] or actor.role) if found is not None else actor.role


def _departments_of(actor) -> set[str]:
    from clapboard.plugins.data.models import DepartmentLink as link

    return {str(d) for (d,) in link.select(link.department).where(link.person == actor.id).tuples()}


def _owners(descriptor_ids) -> dict:
    from .models import DepartmentMetadataDescriptorLink as link

    found = defaultdict(set)
    query = link.select(link.metadata_descriptor, link.department).where(link.metadata_descriptor.in_(descriptor_ids))
    for descriptor_id, department in query.tuples():
        found[str(descriptor_id)].add(str(department))
    return found


def changed_keys(before: dict, after: dict) -> set[str]:
    before, after = before or {}, after or {}
    return {key for key in set(before) | set(after) if before.get(key) != after.get(key)}


class DepartmentRule:
    """Built once per judged request; ``refused(applying, before, after)`` lists the fields refused."""

    def __init__(self, actor, project_id, descriptors: list[dict]):
        self.active = False
        if actor is None or actor.kind not in ("person", "bot") or not actor.id or actor.role == "admin":
            return
        if not descriptors or _effective_role(actor, project_id) != "supervisor":
            return
        self.mine = _departments_of(actor)
        if not self.mine:
            return
        self.owners = _owners([d["id"] for d in descriptors])
        self.active = bool(self.owners)

    def refused(self, applying: list[dict], before: dict, after: dict) -> list[str]:
        if not self.active:
            return []
        by_key = {d["field_name"]: d for d in applying}
        refused = []
        for key in sorted(changed_keys(before, after)):
            descriptor = by_key.get(key)
            owners = self.owners.get(str(descriptor["id"])) if descriptor is not None else None
            if owners and owners.isdisjoint(self.mine):
                refused.append(key)
        return refused


def refusal(fields: list[str]) -> PermissionDenied:
    names = ", ".join(f"data.{key}" for key in fields)
    return PermissionDenied(f"{names}: only the supervisors of the descriptor's departments may change this value.",
                            errors=[{"path": f"data.{key}", "rule": "department",
                                     "message": "another department's field"} for key in fields])
