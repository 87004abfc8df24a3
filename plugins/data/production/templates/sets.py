"""A template's asset types, status automations and preview backgrounds: plain link rows.

As in Zou, attaching one twice keeps a single link and detaching an absent
one is no error; the asset type and background answers are brief
(``{id, name}``, ``{id, name, is_default}``), status automations are whole
rows. Detaching the template's default background clears the default, and a
default must be one of the template's backgrounds. The reserved entity types
(Shot, Sequence…) are not asset types: refused as in the project settings.
"""

from __future__ import annotations

from dataclasses import dataclass

import falcon

from clapboard import Operation, Route

from ...crud.values import parse_id
from ...engine import ENTITY_KINDS, BadRequest, context, many, validated
from ...models import (
    EntityType,
    PreviewBackgroundFile,
    ProjectTemplate,
    ProjectTemplateAssetTypeLink,
    ProjectTemplatePreviewBackgroundFileLink,
    ProjectTemplateStatusAutomationLink,
    StatusAutomation,
)
from .access import plain_template, template_changed, template_for

SCHEMA = "data/production/templates"


@dataclass(frozen=True)
class LinkSet:
    segment: str
    label: str
    body_key: str
    model: type
    link: type
    brief: tuple | None  # keys of a brief answer; None: the whole row

    @property
    def name(self) -> str:
        return self.body_key.removesuffix("_id")

    @property
    def link_field(self):
        return getattr(self.link, self.name)

    def linked_ids(self, template_id):
        return self.link.select(self.link_field).where(self.link.project_template == template_id)

    def shown(self, row: dict) -> dict:
        if self.brief is None:
            return row
        return {key: (bool(row[key]) if key == "is_default" else row[key]) for key in self.brief}


ASSET_TYPES = LinkSet("asset-types", "Asset type", "asset_type_id", EntityType, ProjectTemplateAssetTypeLink,
                      ("id", "name"))
AUTOMATIONS = LinkSet("status-automations", "Status automation", "status_automation_id", StatusAutomation,
                      ProjectTemplateStatusAutomationLink, None)
BACKGROUNDS = LinkSet("preview-background-files", "Preview background file", "preview_background_file_id",
                      PreviewBackgroundFile, ProjectTemplatePreviewBackgroundFileLink, ("id", "name", "is_default"))
SETS = (ASSET_TYPES, AUTOMATIONS, BACKGROUNDS)


def _studio_row(ctx, kind: LinkSet, row_id) -> dict:
    conditions = [kind.model.id == row_id]
    if kind is ASSET_TYPES:
        conditions.append(EntityType.name.not_in(ENTITY_KINDS))
    found = many(ctx, kind.model, *conditions, check=False)
    if not found:
        raise BadRequest(f"{kind.label} {row_id} does not exist")
    return found[0]


def attach(kind: LinkSet, template_id, row_id) -> None:
    kind.link.insert(project_template=template_id, **{kind.link_field.name: row_id}).on_conflict_ignore().execute()


class LinkSetResource:
    def __init__(self, kind: LinkSet):
        self.kind = kind

    def on_get(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id)
        model = self.kind.model
        found = many(ctx, model, model.id.in_(self.kind.linked_ids(template["id"])), order_by=(model.name,)
                     if model is not StatusAutomation else (model.created_at, model.id), check=False)
        resp.media = [self.kind.shown(row) for row in found]

    def on_post(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        body = validated(req, f"{SCHEMA}#/$defs/{self.kind.name}")
        row = _studio_row(ctx, self.kind, parse_id(body[self.kind.body_key]))
        attach(self.kind, template["id"], row["id"])
        template_changed(ctx, template["id"])
        resp.media = self.kind.shown(row)
        resp.status = falcon.HTTP_201


class LinkSetItemResource:
    def __init__(self, kind: LinkSet):
        self.kind = kind

    def on_delete(self, req, resp, template_id, row_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        row_id = parse_id(row_id)
        link = self.kind.link
        link.delete().where(link.project_template == template["id"], self.kind.link_field == row_id).execute()
        if self.kind is BACKGROUNDS and str(template["default_preview_background_file_id"]) == str(row_id):
            ProjectTemplate.update(default_preview_background_file=None).where(
                ProjectTemplate.id == template["id"]).execute()
        template_changed(ctx, template["id"])
        resp.status = falcon.HTTP_204


class DefaultBackgroundResource:
    def on_put(self, req, resp, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        body = validated(req, f"{SCHEMA}#/$defs/default_background")
        chosen = body.get("default_preview_background_file_id")
        if chosen is not None:
            chosen = parse_id(chosen)
            if not BACKGROUNDS.linked_ids(template["id"]).where(BACKGROUNDS.link_field == chosen).exists():
                raise BadRequest("Preview background file is not linked to this template")
        ProjectTemplate.update(default_preview_background_file=chosen).where(
            ProjectTemplate.id == template["id"]).execute()
        template_changed(ctx, template["id"])
        resp.media = plain_template(template["id"])


def _routes(kind: LinkSet) -> list:
    base = f"/data/project-templates/{{template_id}}/{kind.segment}"
    label = kind.label.lower()
    answer = "the row" if kind.brief is None else "`{" + ", ".join(kind.brief) + "}`"
    item = f"{SCHEMA}#/$defs/{kind.name}_brief" if kind.brief else "data/status-automations#/$defs/row"
    return [
        Route(base, LinkSetResource(kind), tags=("data",), operations={
            "GET": Operation(summary=f"The {label}s of a project template (admins and managers)",
                             description=f"Each as {answer}.", response_schema=f"{SCHEMA}#/$defs/{kind.name}s",
                             operation_id=f"list_project_template_{kind.name}s"),
            "POST": Operation(summary=f"Attach a {label} to a project template (admins)",
                              description=f"Attaching it again changes nothing. Answers {answer}.",
                              request_schema=f"{SCHEMA}#/$defs/{kind.name}", response_schema=item, status=201,
                              operation_id=f"add_project_template_{kind.name}")}),
        Route(f"{base}/{{row_id}}", LinkSetItemResource(kind), tags=("data",), operations={"DELETE": Operation(
            summary=f"Detach a {label} from a project template (admins)", status=204,
            operation_id=f"remove_project_template_{kind.name}")}),
    ]


def routes() -> list:
    return [route for kind in SETS for route in _routes(kind)] + [
        Route("/data/project-templates/{template_id}/default-preview-background-file", DefaultBackgroundResource(),
              tags=("data",), operations={"PUT": Operation(
                  summary="Set (or clear, with null) the default preview background of a project template (admins)",
                  description="The background must be one of the template's. Answers the template's columns.",
                  request_schema=f"{SCHEMA}#/$defs/default_background",
                  response_schema="data/project-templates#/$defs/row",
                  operation_id="set_project_template_default_background")}),
    ]
