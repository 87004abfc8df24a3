"""The permission policy behind ``permission_allowed`` and ``query_filters``.

Admins may do everything. For others, data actions (``data.<path>.<verb>``)
follow ``rules.RULES`` for CRUD verbs and the ``ACTIONS`` of the family
modules (``actions`` for tasks, ``people``, ``user``, ``activity``, ``planning``) for the
others: each maps a full action name to ``check(actor, resource) -> bool``.
Named reads beyond CRUD (``app.scope(actor, model, "<verb>")``) take their row
scope from the families' ``SCOPES`` when they declare one, the model's CRUD
scope otherwise.
Any other data verb is refused. Actions of other plugins are left to
those plugins (no answer here, so they stay refused unless their plugin allows them).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from clapboard.actors import Actor

from . import actions, activity, files, membership, people, planning, user
from .rules import ORGANISATION_SECRETS, PERSON_CARD, RULES, SUPERVISOR_ENTITY_FIELDS, SUPERVISOR_TASK_FIELDS, Rule

ACTIONS = {**actions.ACTIONS, **files.ACTIONS, **people.ACTIONS, **user.ACTIONS, **activity.ACTIONS, **planning.ACTIONS}
# Row scopes of named reads beyond CRUD (``data.<path>.<verb>`` -> scope(actor)).
SCOPES = {**people.SCOPES}
READ_ONLY = frozenset({"id", "type", "created_at", "updated_at"})


def is_admin(actor: Actor | None) -> bool:
    return actor is not None and actor.role == "admin"


def _parse(action: str) -> tuple[str, str] | None:
    parts = action.split(".")
    if len(parts) != 3 or parts[0] != "data":
        return None
    return parts[1], parts[2]


def _norm(value: Any):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return sorted(str(_norm(v)) for v in value)
    return value


def changed_keys(row: dict | None, changes: dict | None, read_only=READ_ONLY) -> set[str]:
    """Keys a body really changes: gazu sends whole objects back, unchanged keys do not count."""

    if not changes:
        return set()
    row = row or {}
    changed = set()
    for key, value in changes.items():
        if key in read_only:
            continue
        if key in row and _norm(row[key]) == _norm(value):
            continue
        if key in row and isinstance(row[key], datetime) and isinstance(value, str):
            if row[key].isoformat() == value.replace(" ", "T")[:19]:
                continue
        changed.add(key)
    return changed


def permission_allowed(app, actor: Actor | None, action: str, resource) -> bool | None:
    if actor is None or actor.kind not in ("person", "bot"):
        return None
    if is_admin(actor):
        return True
    parsed = _parse(action)
    if parsed is None:
        return None
    check = ACTIONS.get(action)
    if check is not None:
        return bool(check(actor, resource))
    path, verb = parsed
    rule = RULES.get(path)
    if rule is None or verb not in ("read", "create", "update", "delete"):
        return False
    row = getattr(resource, "row", None)
    changes = getattr(resource, "changes", None)
    if verb == "read":
        return _may_read(actor, rule, row)
    if changes:
        from clapboard.plugins.data.crud.meta import info

        read_only = info(resource.model).read_only
        changes = {k: v for k, v in changes.items() if k not in read_only}
    return _may_write(actor, rule, path, verb, row, changes)


def _may_read(actor: Actor, rule: Rule, row: dict | None) -> bool:
    if row is not None and rule.project is not None:
        role = membership.effective_role(actor, rule.project(row))
        return (role or actor.role) in rule.read
    return membership.has_any_role(actor, rule.read)


def _may_write(actor: Actor, rule: Rule, path: str, verb: str, row, changes) -> bool:
    target = {**(row or {}), **(changes or {})} if verb == "create" else (row or {})
    roles = rule.roles(verb)
    if roles:
        role = membership.effective_role(actor, rule.project(target)) if rule.project else actor.role
        if role in roles and _fields_allowed(actor, role, path, row, changes):
            return True
    if path == "entities" and verb == "create" and _is_concept(target):
        # Supervisors and artists of the production may create concepts (Zou).
        role = membership.effective_role(actor, target.get("project_id"))
        if role in ("manager", "supervisor", "user"):
            return True
    if rule.owner and verb in rule.owner_verbs:
        owner = (changes or {}).get(rule.owner, actor.id) if verb == "create" else (row or {}).get(rule.owner)
        if verb == "create" and rule.project and membership.effective_role(actor, rule.project(target)) is None:
            return False  # owning a new row needs a seat in its production
        if owner is not None and str(owner) == actor.id:
            if rule.owner_fields is None or changed_keys(row, changes) <= rule.owner_fields:
                return True
    return False


def _is_concept(row: dict) -> bool:
    from clapboard.plugins.data.models import EntityType

    type_id = row.get("entity_type_id")
    return bool(type_id) and EntityType.select(EntityType.name).where(EntityType.id == type_id).scalar() == "Concept"


def _fields_allowed(actor: Actor, role: str, path: str, row, changes) -> bool:
    if path == "entities" and role == "supervisor":
        # A write of the entity's own columns; other entity actions (casting, links) stay the managers'.
        return row is not None and bool(changes) and changed_keys(row, changes) <= SUPERVISOR_ENTITY_FIELDS
    if path == "tasks" and role == "supervisor" and row is not None:
        if not changed_keys(row, changes) <= SUPERVISOR_TASK_FIELDS:
            return False
        return membership.department_task_types(actor).where(
            membership.TaskType.id == row.get("task_type_id")).exists()
    return True


def query_filters(app, actor: Actor | None, model, action: str):
    if actor is None or is_admin(actor) or actor.kind not in ("person", "bot"):
        return None
    path = getattr(model._meta, "crud_path", None)
    named = SCOPES.get(f"data.{path}.{action}")
    if named is not None:
        return named(actor)
    rule = RULES.get(path) if path else None
    if rule is None or rule.scope is None:
        return None
    return rule.scope(actor)


def visible_fields(app, actor: Actor | None, model):
    if actor is None or is_admin(actor):
        return None
    path = getattr(model._meta, "crud_path", None)
    if path == "persons":
        return PERSON_CARD
    if path == "organisations":
        from clapboard.plugins.data.crud.meta import info

        return set(info(model).columns) - ORGANISATION_SECRETS
    return None


__all__ = ["membership", "permission_allowed", "query_filters", "visible_fields"]
