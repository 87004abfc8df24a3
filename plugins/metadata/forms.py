"""Forms: the JSON Schema of each kind of row's ``data`` in a project, as its descriptors make it.

``GET /data/projects/{id}/metadata-descriptors/schema`` answers one schema per
entity type the project has descriptors for ("Asset" for every asset type,
"Shot", "Sequence", "Episode", "Edit", "Project") and, for "Task", one per task
type, so that a client can build its forms and check a value before sending
it. The schemas are ``values.data_schema``'s, built from the same descriptors
and the same strict setting as the checks of every write (a ``person`` is one
of the project team's ids); a kind with no descriptor is absent (its ``data``
is free-form, or holds only Zou's own keys when the project is strict). Clients
and vendors get the schemas of the descriptors they may see (``DescriptorFilter``).
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.plugins.data.engine import context
from clapboard.plugins.data.models import ProjectPersonLink
from clapboard.plugins.data.production.projects.access import DescriptorFilter, readable_project

from . import values
from .descriptors import descriptors_of
from .settings import strict_keys

SCHEMA = "metadata/forms"


def _team(project_id) -> list[str]:
    link = ProjectPersonLink
    return [str(person) for (person,) in link.select(link.person).where(link.project == project_id).tuples()]


def project_forms(ctx, project: dict) -> dict:
    """The answer for ``project`` (already read-checked), narrowed to the descriptors the actor may see."""

    project_id = project["id"]
    visible = DescriptorFilter(ctx, [project_id]).keep(project_id, descriptors_of([project_id]).get(str(project_id), []))
    strict = strict_keys(ctx.app, project_id)
    team = _team(project_id) if any(d["data_type"] == "person" for d in visible) else None
    schemas: dict = {}
    for kind in dict.fromkeys(d["entity_type"] for d in visible):
        if kind == "Task":
            task_types = dict.fromkeys(str(d["task_type_id"]) for d in visible
                                       if d["entity_type"] == "Task" and d["task_type_id"] is not None)
            schemas["Task"] = {task_type: values.data_schema(values.descriptors_for(visible, "Task", task_type),
                                                             strict=strict, team_ids=team)
                               for task_type in task_types}
        else:
            schemas[kind] = values.data_schema(values.descriptors_for(visible, kind), strict=strict, team_ids=team)
    return {"project_id": str(project_id), "strict_keys": strict, "schemas": schemas}


class FormsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        resp.media = project_forms(ctx, readable_project(ctx, project_id))


def routes() -> list:
    return [Route("/data/projects/{project_id}/metadata-descriptors/schema", FormsResource(), tags=("metadata",),
                  operations={"GET": Operation(
                      summary="JSON Schemas of the project's data, per entity type (forms)",
                      description="One JSON Schema 2020-12 per entity type the project has descriptors for "
                                  "(`Asset` covers every asset type), and under `Task` one per task type id. "
                                  "Writes of `data` are judged by the same rules. Clients and vendors get the "
                                  "fields they may see.",
                      response_schema=f"{SCHEMA}#/$defs/answer", operation_id="get_project_metadata_schema")})]
