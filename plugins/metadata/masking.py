"""``data_hidden_values``: which descriptor values a client or a vendor may not see.

On a production where the actor is a client (per-project role first, global
role otherwise), only the values of descriptors published to clients
(``for_client``) show; where the actor is a vendor, the values of descriptors
restricted to departments the vendor is not in stay hidden. Keys that no
descriptor names (Zou's own ``frame_in``, ``fps``… and free-form keys) stay
visible, as in Zou. Everybody else sees every value.

The plan is computed once per actor and kept with ``caching.memo`` for as long
as the tables it read (team links, descriptors, departments) are unchanged;
admins and actors without a client or vendor seat cost nothing.
"""

from __future__ import annotations

from collections import defaultdict

from clapboard import caching

RESTRICTED = ("client", "vendor")
_NOTHING: frozenset = frozenset()


def _restricted_projects(actor) -> dict[str, str]:
    """``{project_id: "client"|"vendor"}``: the productions where the actor's effective role is restricted."""

    from clapboard.plugins.data.models import ProjectPersonLink as link

    query = link.select(link.project, link.role).where(link.person == actor.id)
    found = {}
    for project_id, role in query.tuples():
        effective = role or actor.role
        if effective in RESTRICTED:
            found[str(project_id)] = effective
    return found


def _actor_departments(actor) -> set[str]:
    from clapboard.plugins.data.models import DepartmentLink as link

    return {str(d) for (d,) in link.select(link.department).where(link.person == actor.id).tuples()}


def _plan(actor) -> dict:
    """``{project_id: {(kind, task_type_id): frozenset(field names)}}`` hidden from the actor."""

    from .models import DepartmentMetadataDescriptorLink as dlink
    from .models import MetadataDescriptor as md

    roles = _restricted_projects(actor)
    if not roles:
        return {}
    query = (md.select(md.id, md.project, md.entity_type, md.task_type, md.field_name, md.for_client)
             .where(md.project.in_(list(roles))).tuples())
    descriptors = list(query)
    if not descriptors:
        return {}
    owners = defaultdict(set)
    if "vendor" in roles.values():
        ids = [row[0] for row in descriptors]
        for descriptor_id, department in dlink.select(dlink.metadata_descriptor, dlink.department).where(
                dlink.metadata_descriptor.in_(ids)).tuples():
            owners[descriptor_id].add(str(department))
    mine = _actor_departments(actor) if owners else set()
    hidden: dict = defaultdict(lambda: defaultdict(set))
    for descriptor_id, project_id, kind, task_type_id, field_name, for_client in descriptors:
        role = roles[str(project_id)]
        if role == "client":
            hide = not for_client
        else:
            departments = owners.get(descriptor_id)
            hide = bool(departments) and departments.isdisjoint(mine)
        if hide:
            key = (kind, str(task_type_id) if kind == "Task" and task_type_id else None)
            hidden[str(project_id)][key].add(field_name)
    return {project: {key: frozenset(names) for key, names in kinds.items()} for project, kinds in hidden.items()}


def hidden_values(actor):
    """The ``hidden(project_id, kind, task_type_id)`` function of ``actor``, or ``None`` when nothing is hidden."""

    if actor is None or actor.kind not in ("person", "bot") or not actor.id or actor.role == "admin":
        return None
    plan = caching.memo("metadata.hidden-values", (actor.id, actor.role), lambda: _plan(actor))
    if not plan:
        return None

    def hidden(project_id, kind, task_type_id=None) -> frozenset:
        return plan.get(str(project_id), {}).get((kind, task_type_id), _NOTHING)

    return hidden
