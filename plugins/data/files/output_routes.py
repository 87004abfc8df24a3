"""The HTTP face of output files: on an entity, on an asset instance within a temporal entity,
and a production's whole list (its managers)."""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..engine import context, many, one, require, validated
from ..models import Entity, OutputFile, OutputType, Project
from . import outputs
from .answers import instance

ROW, ROWS = "data/output-files#/$defs/row", "data/output-files#/$defs/list"
NEW, NEXT, PATH = "data/files/output_file_new", "data/files/output_next_revision", "data/files/output_file_path"
ORDER = (OutputFile.revision.desc(), OutputFile.created_at.desc())
QUERY = tuple({"name": key, "in": "query", "schema": {"type": "string"}} for key in outputs.FILTERS)


def _target(ctx, params: dict) -> outputs.Target:
    if "asset_instance_id" in params:
        return outputs.instance_target(ctx, params["asset_instance_id"], params.get("temporal_entity_id"))
    return outputs.entity_target(ctx, params["entity_id"])


class NewOutputFile:
    def on_post(self, req, resp, **params):
        ctx = context(req)
        resp.media = outputs.publish(ctx, _target(ctx, params), validated(req, NEW))
        resp.status = falcon.HTTP_201


class NextRevision:
    def on_post(self, req, resp, **params):
        ctx = context(req)
        target, body = _target(ctx, params), validated(req, NEXT)
        output_type, task_type = outputs.kinds(body)
        resp.media = {"next_revision": outputs.next_revision(target, output_type.id, task_type.id,
                                                             body.get("name") or "main")}


class LastRevisions:
    def on_get(self, req, resp, **params):
        ctx = context(req)
        resp.media = outputs.last_revisions(ctx, _target(ctx, params), outputs.filters(req))


class OutputTypes:
    def on_get(self, req, resp, **params):
        ctx = context(req)
        resp.media = outputs.output_types(ctx, _target(ctx, params))


class OutputTypeFiles:
    def on_get(self, req, resp, output_type_id, **params):
        ctx = context(req)
        target = _target(ctx, params)
        kind = instance(OutputType, output_type_id, "output_type_id")
        conditions = [OutputFile.output_type == kind.id]
        if req.get_param("representation") is not None:
            conditions.append(OutputFile.representation == req.get_param("representation"))
        resp.media = many(ctx, OutputFile, *target.conditions(), *conditions, order_by=ORDER)


class OutputFilePath:
    def on_post(self, req, resp, **params):
        ctx = context(req)
        target, body = _target(ctx, params), validated(req, PATH)
        output_type, task_type = outputs.kinds(body)
        revision = body.get("revision") or outputs.next_revision(target, output_type.id, task_type.id,
                                                                 body.get("name") or "main")
        folder, file_name = outputs.location(target, {**body, "sep": None}, output_type, task_type, revision)
        resp.media = {"folder_path": folder, "file_name": file_name}


class EntityOutputFiles:
    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        target = outputs.entity_target(ctx, entity_id)
        resp.media = many(ctx, OutputFile, *target.conditions(), OutputFile.temporal_entity.is_null(),
                          OutputFile.revision >= 0, *outputs.filters(req), order_by=ORDER)


class InstanceOutputFiles:
    def on_get(self, req, resp, asset_instance_id):
        ctx = context(req)
        target = outputs.instance_target(ctx, asset_instance_id)
        conditions = [OutputFile.asset_instance == target.asset_instance.id, OutputFile.revision >= 0]
        if req.get_param("temporal_entity_id"):
            conditions.append(OutputFile.temporal_entity == instance(
                Entity, req.get_param("temporal_entity_id"), "temporal_entity_id").id)
        resp.media = many(ctx, OutputFile, *conditions, *outputs.filters(req), order_by=ORDER)


class ProjectOutputFiles:
    """GET ``/data/projects/<id>/output-files``: Zou lets the production's managers only."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        require(ctx, Project, "update", row=project)
        entities = Entity.select(Entity.id).where(Entity.project == project["id"])
        resp.media = many(ctx, OutputFile, OutputFile.entity.in_(entities), *outputs.filters(req), order_by=ORDER)


def _pair(base: str, kind: str) -> list[tuple[str, object, dict]]:
    on = "an asset instance within a temporal entity" if kind == "instance" else "an entity"
    return [
        (f"{base}/output-files/new", NewOutputFile(), {"POST": Operation(
            summary=f"Create a new output file of {on} with its generated path", request_schema=NEW,
            response_schema="data/files/answers#/$defs/new_output", status=201)}),
        (f"{base}/output-files/next-revision", NextRevision(), {"POST": Operation(
            summary=f"The next output file revision of {on}", request_schema=NEXT,
            response_schema="data/files/answers#/$defs/next_revision")}),
        (f"{base}/output-files/last-revisions", LastRevisions(), {"GET": Operation(
            summary=f"The last revision of each output file of {on}", response_schema=ROWS, parameters=QUERY)}),
        (f"{base}/output-types", OutputTypes(), {"GET": Operation(
            summary=f"The output types of the output files of {on}",
            response_schema="data/output-types#/$defs/list")}),
        (f"{base}/output-types/{{output_type_id}}/output-files", OutputTypeFiles(), {"GET": Operation(
            summary=f"The output files of one output type of {on}", response_schema=ROWS)}),
        (f"{base}/output-file-path", OutputFilePath(), {"POST": Operation(
            summary=f"Generate an output file path of {on} from the project's file tree", request_schema=PATH,
            response_schema="data/files/answers#/$defs/output_path")}),
    ]


def routes() -> list[Route]:
    found = _pair("/data/entities/{entity_id}", "entity") + _pair(
        "/data/asset-instances/{asset_instance_id}/entities/{temporal_entity_id}", "instance") + [
        ("/data/entities/{entity_id}/output-files", EntityOutputFiles(), {"GET": Operation(
            summary="Output files of an entity, last revision first", response_schema=ROWS, parameters=QUERY)}),
        ("/data/asset-instances/{asset_instance_id}/output-files", InstanceOutputFiles(), {"GET": Operation(
            summary="Output files of an asset instance, last revision first", response_schema=ROWS,
            parameters=QUERY + ({"name": "temporal_entity_id", "in": "query", "schema": {"type": "string"}},))}),
        ("/data/projects/{project_id}/output-files", ProjectOutputFiles(), {"GET": Operation(
            summary="Output files of a production (its managers)", response_schema=ROWS, parameters=QUERY)}),
    ]
    return [Route(path, resource, tags=("data",), operations=operations) for path, resource, operations in found]
