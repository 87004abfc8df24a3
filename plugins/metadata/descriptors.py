"""``data_descriptors``: the descriptors the ``data`` plugin puts on project rows (and so in the user context)."""

from __future__ import annotations

from collections import defaultdict


def descriptors_of(project_ids) -> dict:
    """``{project_id: [descriptor, …]}`` in Zou's shape, by position then name; two queries."""

    from .models import DepartmentMetadataDescriptorLink as link
    from .models import MetadataDescriptor as md

    ids = list(project_ids)
    if not ids:
        return {}
    departments = defaultdict(list)
    for descriptor, department in link.select(link.metadata_descriptor, link.department).where(
            link.metadata_descriptor.in_(md.select(md.id).where(md.project.in_(ids)))).tuples():
        departments[descriptor].append(department)
    found = defaultdict(list)
    for d in md.select().where(md.project.in_(ids)).order_by(md.position, md.name).dicts():
        found[str(d["project"])].append({
            "id": d["id"], "name": d["name"], "field_name": d["field_name"], "data_type": d["data_type"],
            "choices": d["choices"] or [], "for_client": d["for_client"], "entity_type": d["entity_type"],
            "task_type_id": d["task_type"], "position": d["position"], "departments": departments.get(d["id"], [])})
    return dict(found)
