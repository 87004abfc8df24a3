"""A template taken from a project, and a template applied to a project.

From a project (admins): its production settings (every column projects and
templates share but name and description), ``file_tree`` and ``data``, its
task types and task statuses with their priorities (and board roles), asset
types, status automations, preview backgrounds with the default, and its
metadata descriptors described on the template. Not copied: team, dates,
status, budgets or any production data, as in Zou.

Applying (admins): the template's settings are written over the project's
(``file_tree`` and ``data`` only when the template has some), its links are
added where missing — nothing is duplicated nor removed, and a link the
project already has keeps its own priority —, its default background is set
when the project has none, and its descriptors are created through
``data_add_descriptors`` when a plugin (``metadata``) implements it; otherwise
the answer carries ``metadata_descriptors_skipped``. The request is one
transaction: a failure leaves the project as it was.
"""

from __future__ import annotations

import uuid

import falcon

from clapboard import Operation, Route

from ...crud.meta import info
from ...crud.service import create_row, update_row
from ...engine import context, one, require, validated
from ...models import (
    Project,
    ProjectAssetTypeLink,
    ProjectPreviewBackgroundFileLink,
    ProjectStatusAutomationLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplate,
    ProjectTemplateAssetTypeLink,
    ProjectTemplatePreviewBackgroundFileLink,
    ProjectTemplateStatusAutomationLink,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
)
from .access import plain_template, template_for
from .descriptors import project_snapshot

SCHEMA = "data/production/templates"
NOT_SETTINGS = {"id", "created_at", "updated_at", "name", "description", "file_tree", "data",
                "metadata_descriptors", "default_preview_background_file"}
SETTINGS = tuple(name for name in ProjectTemplate._meta.fields
                 if name not in NOT_SETTINGS and name in Project._meta.fields)
# (project link, template link, the studio row's field, link columns carried over)
LINKS = (
    (ProjectTaskTypeLink, ProjectTemplateTaskTypeLink, "task_type", ("priority",)),
    (ProjectTaskStatusLink, ProjectTemplateTaskStatusLink, "task_status", ("priority", "roles_for_board")),
    (ProjectAssetTypeLink, ProjectTemplateAssetTypeLink, "asset_type", ()),
    (ProjectStatusAutomationLink, ProjectTemplateStatusAutomationLink, "status_automation", ()),
    (ProjectPreviewBackgroundFileLink, ProjectTemplatePreviewBackgroundFileLink, "preview_background_file", ()),
)


def _copy_links(source, target, owner_key: str, source_id, target_id, field: str, carried) -> None:
    """Rows of link table ``source`` (owned by ``source_id``) added to ``target`` for ``target_id`` where missing."""

    present = {row for (row,) in target.select(getattr(target, field)).where(
        getattr(target, owner_key[1]) == target_id).tuples()}
    for link in source.select().where(getattr(source, owner_key[0]) == source_id):
        row_id = getattr(link, f"{field}_id")
        if row_id in present:
            continue
        values = {owner_key[1]: target_id, field: row_id, **{c: getattr(link, c) for c in carried}}
        if "id" in target._meta.fields:  # link tables with their own id (task types and statuses)
            values["id"] = uuid.uuid4()
        target.insert(**values).execute()


def _text(value):
    return None if value is None else str(value)


def snapshot(ctx, project_id, name: str, description) -> dict:
    """A new template holding the project's settings; answers the template's columns."""

    project = Project.get_by_id(project_id)
    body = {"name": name, "description": description, **{key: getattr(project, key) for key in SETTINGS},
            "file_tree": project.file_tree, "data": project.data,
            "metadata_descriptors": project_snapshot(ctx.app, project_id),
            "default_preview_background_file_id": _text(project.default_preview_background_file_id)}
    template = create_row(ctx, info(ProjectTemplate), {k: v for k, v in body.items() if v is not None})
    template_id = uuid.UUID(str(template["id"]))
    for project_link, template_link, field, carried in LINKS:
        _copy_links(project_link, template_link, ("project", "project_template"), project_id, template_id,
                    field, carried)
    return plain_template(template_id)


def apply(ctx, project_id, template_id) -> dict:
    """Write the template onto the project; answers the project's columns (and what was skipped).

    The settings go through the generic project update, so a template's ``data`` is judged by the
    project's descriptors like any other write and announced with one ``project:update``.
    """

    template = ProjectTemplate.get_by_id(template_id)
    changes = {key: getattr(template, key) for key in (*SETTINGS, "file_tree", "data")
               if getattr(template, key) is not None}
    project = Project.get_by_id(project_id)
    if project.default_preview_background_file_id is None and template.default_preview_background_file_id:
        changes["default_preview_background_file_id"] = str(template.default_preview_background_file_id)
    for project_link, template_link, field, carried in LINKS:
        _copy_links(template_link, project_link, ("project_template", "project"), template_id, project_id,
                    field, carried)
    skipped = None
    if template.metadata_descriptors:
        answers = ctx.app.hook.data_add_descriptors(app=ctx.app, actor=ctx.actor, project_id=project_id,
                                                    descriptors=list(template.metadata_descriptors))
        if not answers:
            skipped = "no plugin creates metadata descriptors here (the metadata plugin is disabled)"
    answer = update_row(ctx, info(Project), project_id, changes)
    if skipped:
        answer["metadata_descriptors_skipped"] = skipped
    return answer


class FromProjectResource:
    def on_post(self, req, resp, project_id):
        ctx = context(req)
        require(ctx, ProjectTemplate, "create")
        project = one(ctx, Project, project_id, relations=False)
        body = validated(req, f"{SCHEMA}#/$defs/from_project")
        resp.media = snapshot(ctx, project["id"], body["name"], body.get("description"))
        resp.status = falcon.HTTP_201


class ApplyResource:
    def on_post(self, req, resp, project_id, template_id):
        ctx = context(req)
        template = template_for(ctx, template_id, "update")
        project = one(ctx, Project, project_id, "update", relations=False)
        resp.media = apply(ctx, project["id"], template["id"])


def routes() -> list:
    return [
        Route("/data/project-templates/from-project/{project_id}", FromProjectResource(), tags=("data",),
              operations={"POST": Operation(
                  summary="A new project template from a project's settings (admins)",
                  description="Copies the production settings, file tree, data, task types and statuses (with "
                              "priorities and board roles), asset types, status automations, preview backgrounds "
                              "(and the default) and metadata descriptors; never the team, dates or production "
                              "data. A `project-template:new` event. Answers the template's columns.",
                  request_schema=f"{SCHEMA}#/$defs/from_project", response_schema="data/project-templates#/$defs/row",
                  status=201, operation_id="create_project_template_from_project")}),
        Route("/data/projects/{project_id}/apply-template/{template_id}", ApplyResource(), tags=("data",),
              operations={"POST": Operation(
                  summary="Apply a project template to a project (admins)",
                  description="Writes the template's settings over the project's and adds the links it lacks "
                              "(nothing duplicated or removed), the default background when the project has none, "
                              "and the template's metadata descriptors when the metadata plugin is enabled "
                              "(otherwise `metadata_descriptors_skipped` says so). One transaction; a "
                              "`project:update` event. Answers the project's columns.",
                  response_schema="data/projects#/$defs/row", operation_id="apply_project_template")}),
    ]
