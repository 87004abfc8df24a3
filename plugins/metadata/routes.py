"""A project's metadata descriptors: the custom columns of its entities, tasks or of the project.

Creating, changing and deleting go through the ``data`` plugin's generic
engine (validation, this plugin's ``metadata.descriptors.*`` policy, Zou's
answers and events); these routes add what Zou does around it: the
descriptor must belong to the project of the path (404 otherwise),
``field_name`` is always derived from ``name``, a rename moves the stored
values, a delete strips them, and clients and vendors see only the
descriptors meant for them. ``routes()`` also serves the generic
``/data/metadata-descriptors`` through ``data``'s ``crud_routes``.
"""

from __future__ import annotations

import falcon
import peewee

from clapboard import Operation, Route
from clapboard.errors import PermissionDenied
from clapboard.plugins.data.crud import service
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.resources import ItemResource, crud_routes
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import BadRequest, NotFound, context, many, one, require, validated
from clapboard.plugins.data.models import TaskType
from clapboard.plugins.data.production.projects.access import DescriptorFilter, managed_project, readable_project

from . import lifecycle
from .lifecycle import field_name_for, strip_values
from .models import MetadataDescriptor

SCHEMA = "metadata/project-descriptors"
_ORDER = (MetadataDescriptor.position.asc(nulls="LAST"), MetadataDescriptor.name)


def _descriptor(ctx, project_id, descriptor_id) -> dict:
    """The descriptor, read-checked, when it belongs to the project of the path."""

    project = readable_project(ctx, project_id)
    descriptor = one(ctx, MetadataDescriptor, descriptor_id)
    if descriptor["project_id"] != project["id"]:
        raise NotFound(f"MetadataDescriptor {descriptor_id} not found.")
    return descriptor


def _create_body(project_id, body: dict) -> dict:
    kind = body.get("entity_type") or "Asset"
    task_type_id = body.get("task_type_id")
    if kind == "Task":
        if task_type_id is None:
            raise BadRequest("Task metadata descriptors require a task_type_id.")
        if not TaskType.select().where(TaskType.id == parse_id(task_type_id)).exists():
            raise BadRequest("Task type not found.")
    elif task_type_id is not None:
        raise BadRequest("task_type_id only applies to Task metadata descriptors.")
    return {
        "project_id": str(project_id), "entity_type": kind, "task_type_id": task_type_id,
        "name": body["name"], "field_name": field_name_for(body["name"]),
        "data_type": body.get("data_type") or "string", "choices": body.get("choices") or [],
        "for_client": bool(body.get("for_client")), "departments": body.get("departments") or [],
    }


def _changes(body: dict) -> dict:
    """What a PUT changes: only what is sent with a value; a new name brings its field name."""

    changes = {key: body[key] for key in ("data_type", "for_client") if body.get(key) is not None}
    for key in ("choices", "departments"):
        if key in body:
            changes[key] = body[key] or []
    if "name" in body and body["name"] is not None:
        if not body["name"].strip():
            raise BadRequest("Name cannot be empty.")
        changes["name"] = body["name"]
        changes["field_name"] = field_name_for(body["name"])
    return changes


class DescriptorsResource:
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = readable_project(ctx, project_id)
        found = many(ctx, MetadataDescriptor, MetadataDescriptor.project == project["id"], order_by=_ORDER,
                     relations=True)
        resp.media = DescriptorFilter(ctx, [project["id"]]).keep(project["id"], found)

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/create")
        project = readable_project(ctx, project_id)
        resp.media = service.create_row(ctx, info(MetadataDescriptor), _create_body(project["id"], body),
                                        event="metadata-descriptor:new")
        resp.status = falcon.HTTP_201


class DescriptorResource:
    def on_get(self, req, resp, project_id, descriptor_id):
        ctx = context(req)
        descriptor = _descriptor(ctx, project_id, descriptor_id)
        if not DescriptorFilter(ctx, [descriptor["project_id"]]).visible(descriptor["project_id"], descriptor):
            raise PermissionDenied()
        resp.media = descriptor

    def on_put(self, req, resp, project_id, descriptor_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/update")
        descriptor = _descriptor(ctx, project_id, descriptor_id)
        changes = _changes(body)
        if lifecycle.dry_run_asked(ctx.params):  # the report of what would happen; nothing written
            require(ctx, MetadataDescriptor, "update", row=descriptor, changes=body)
            resp.media = lifecycle.preview(descriptor, changes)
            return
        answer = service.update_row(ctx, info(MetadataDescriptor), descriptor["id"], changes,
                                    event="metadata-descriptor:update")
        lifecycle.follow(descriptor, {**descriptor, **answer})  # values moved, then converted
        resp.media = answer

    def on_delete(self, req, resp, project_id, descriptor_id):
        ctx = context(req)
        descriptor = _descriptor(ctx, project_id, descriptor_id)
        require(ctx, MetadataDescriptor, "delete", row=descriptor)
        strip_values(descriptor)
        service.delete_row(ctx, info(MetadataDescriptor), descriptor["id"], event="metadata-descriptor:delete")
        resp.status = falcon.HTTP_204


class ReorderResource:
    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/reorder")
        project = managed_project(ctx, project_id)
        md = MetadataDescriptor
        of_kind = (md.project == project["id"]) & (md.entity_type == body["entity_type"])
        names = dict(md.select(md.id, md.name).where(of_kind).tuples())
        ordered = list(dict.fromkeys(parse_id(i) for i in body["descriptor_ids"]))
        unknown = [str(i) for i in ordered if i not in names]
        if unknown:
            raise BadRequest(f"Descriptor {unknown[0]} not found for project {project['id']} "
                             f"and entity type {body['entity_type']}.")
        # The others follow, by name, as in Zou.
        ordered += sorted((i for i in names if i not in set(ordered)), key=lambda i: names[i])
        positions = peewee.Case(None, [(md.id == i, n) for n, i in enumerate(ordered, start=1)])
        md.update(position=positions).where(md.id.in_(ordered)).execute()
        resp.media = many(ctx, md, of_kind, order_by=_ORDER, relations=True)


class GenericItemResource(ItemResource):
    """``/data/metadata-descriptors/{id}``: Zou's generic route, with the stored values kept in step.

    The generic body may change ``field_name`` or ``data_type`` directly: the
    values move and convert as on the project route; a delete strips them.
    """

    def on_put(self, req, resp, instance_id):
        ctx = context(req)
        before = one(ctx, MetadataDescriptor, instance_id, relations=False)
        answer = service.update_row(ctx, self.info, before["id"], req.get_media(default_when_empty=None))
        lifecycle.follow(before, {**before, **answer})
        resp.media = answer

    def on_delete(self, req, resp, instance_id):
        ctx = context(req)
        descriptor = one(ctx, MetadataDescriptor, instance_id, relations=False)
        require(ctx, MetadataDescriptor, "delete", row=descriptor)
        strip_values(descriptor)
        service.delete_row(ctx, self.info, descriptor["id"])
        resp.status = falcon.HTTP_204


def _generic_routes() -> list:
    found = crud_routes([MetadataDescriptor], tags=("metadata",))
    for route in found:
        if route.path.endswith("{instance_id}"):
            route.resource = GenericItemResource(info(MetadataDescriptor))
    return found


def routes() -> list:
    from . import forms, settings, studio

    return (_generic_routes() + project_routes() + forms.routes()
            + studio.routes() + settings.routes())


def project_routes() -> list:
    base = "/data/projects/{project_id}/metadata-descriptors"
    row = "metadata/metadata-descriptors#/$defs/row"
    return [
        Route(base, DescriptorsResource(), tags=("metadata",), operations={
            "GET": Operation(summary="Metadata descriptors of the project",
                             description="Clients see only those published to clients; vendors those of their "
                                         "departments or of none.",
                             response_schema=f"{SCHEMA}#/$defs/descriptors",
                             operation_id="list_project_metadata_descriptors"),
            "POST": Operation(summary="Create a metadata descriptor (managers)",
                              description="`field_name` is derived from `name`. Task descriptors need a "
                                          "`task_type_id`.",
                              request_schema=f"{SCHEMA}#/$defs/create", response_schema=row, status=201,
                              operation_id="create_project_metadata_descriptor"),
        }),
        Route(f"{base}/reorder", ReorderResource(), tags=("metadata",), operations={
            "POST": Operation(summary="Order the descriptors of one entity type (managers)",
                              description="Positions follow `descriptor_ids`; the others come after, by name.",
                              request_schema=f"{SCHEMA}#/$defs/reorder",
                              response_schema=f"{SCHEMA}#/$defs/descriptors",
                              operation_id="reorder_project_metadata_descriptors"),
        }),
        Route(f"{base}/{{descriptor_id}}", DescriptorResource(), tags=("metadata",), operations={
            "GET": Operation(summary="A metadata descriptor of the project", response_schema=row,
                             operation_id="get_project_metadata_descriptor"),
            "PUT": Operation(summary="Change a metadata descriptor (managers)",
                             description="Only the keys sent with a value change. A new name renames "
                                         "`field_name` and moves the stored values to it; a new `data_type` "
                                         "(or new `choices` of a list, taglist or checklist) converts them to "
                                         "the forms Kitsu writes, keeping as stored the values the new type "
                                         "cannot hold. All in one transaction. With `dry_run=true`, nothing "
                                         "is written and the answer is the report of what the change would do.",
                             request_schema=f"{SCHEMA}#/$defs/update", response_schema=f"{SCHEMA}#/$defs/update-answer",
                             parameters=({"name": "dry_run", "in": "query", "required": False,
                                          "schema": {"type": "boolean", "default": False},
                                          "description": "Report what the change would do to the stored values "
                                                         "(converted, unchanged, failures) without writing."},),
                             operation_id="update_project_metadata_descriptor"),
            "DELETE": Operation(summary="Delete a metadata descriptor and its stored values (managers)",
                                status=204, operation_id="delete_project_metadata_descriptor"),
        }),
    ]
