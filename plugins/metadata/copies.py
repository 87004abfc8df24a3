"""A new production starts with the studio-wide project columns.

Kitsu shows the descriptors of kind "Project" as the columns of its
productions list; ``…/all-projects`` puts one on every open production. As in
Zou, a production created afterwards gets a copy of each of them (one per
field name, from the open productions, first by position then name, with
their departments) so that its cells are editable at once. Runs inside the
creating request's transaction through ``data_after_write``.
"""

from __future__ import annotations

import uuid

from clapboard.plugins.data.events import emit_event
from clapboard.plugins.data.models import Project
from clapboard.plugins.data.production.projects import open_project_ids

from .models import DepartmentMetadataDescriptorLink as link
from .models import MetadataDescriptor as md

_COPIED = ("name", "field_name", "data_type", "choices", "for_client", "position")


def copy_studio_columns(app, actor, project_id) -> list[str]:
    """Copy the open productions' "Project" descriptors to ``project_id``; the new descriptors' ids."""

    found = (md.select().where(md.entity_type == "Project", md.project != project_id,
                               md.project.in_(open_project_ids()))
             .order_by(md.position.asc(nulls="LAST"), md.name, md.id))
    owned = {name for (name,) in md.select(md.field_name).where(
        md.project == project_id, md.entity_type == "Project").tuples()}
    created = []
    for descriptor in found:
        if descriptor.field_name in owned:
            continue
        owned.add(descriptor.field_name)
        new_id = uuid.uuid4()
        md.create(id=new_id, project=project_id, entity_type="Project",
                  **{key: getattr(descriptor, key) for key in _COPIED})
        departments = [d for (d,) in link.select(link.department)
                       .where(link.metadata_descriptor == descriptor.id).tuples()]
        if departments:
            link.insert_many([{"metadata_descriptor": new_id, "department": d} for d in departments]).execute()
        emit_event(app, actor, "metadata-descriptor:new", {"metadata_descriptor_id": new_id}, project_id)
        created.append(str(new_id))
    return created


def after_write(app, actor, model, verb, row) -> None:
    if model is Project and verb == "create":
        copy_studio_columns(app, actor, row["id"])
