"""Who may read and change metadata descriptors: this plugin's answer to ``permission_allowed`` / ``query_filters``.

The rule ``auth`` held for ``data.metadata-descriptors.*`` before the split,
now under this plugin's own actions (``metadata.descriptors.<verb>``), which
``auth`` leaves to their plugin: admins may do everything; any person or bot
may read, within the productions whose team holds them (the row scope, the
same for lists and items); only the managers of a production (per-project
role first, global role when the team link has none) create, change or delete
its descriptors. The team is read from the ``data`` plugin's links.
"""

from __future__ import annotations

PREFIX = "metadata.descriptors"
VERBS = ("read", "create", "update", "delete")


def _is_admin(actor) -> bool:
    return actor.role == "admin"


def _member_projects(actor):
    from clapboard.plugins.data.models import ProjectPersonLink as link

    return link.select(link.project).where(link.person == actor.id)


def _project_role(actor, project_id) -> str | None:
    from clapboard.plugins.data.models import ProjectPersonLink as link

    if project_id is None:
        return None
    found = (link.select(link.role).where(link.person == actor.id, link.project == str(project_id))
             .tuples().first())
    if found is None:
        return None
    return found[0] or actor.role


def permission_allowed(actor, action: str, resource) -> bool | None:
    if actor is None or actor.kind not in ("person", "bot") or not action.startswith(PREFIX + "."):
        return None
    verb = action[len(PREFIX) + 1:]
    if verb not in VERBS:
        return None
    if _is_admin(actor):
        return True
    if verb == "read":
        return True  # rows are narrowed by ``query_filters``
    row = getattr(resource, "row", None) or {}
    changes = getattr(resource, "changes", None) or {}
    target = {**row, **changes} if verb == "create" else row
    return _project_role(actor, target.get("project_id")) == "manager"


def query_filters(actor, model):
    from .models import MetadataDescriptor

    if model is not MetadataDescriptor or actor is None or actor.kind not in ("person", "bot") or _is_admin(actor):
        return None
    return MetadataDescriptor.project.in_(_member_projects(actor))
