"""A project's settings: the asset types, task types, task statuses, status automations and
preview backgrounds it uses, each a link row between the project and a studio-wide row.

Adding a link twice changes nothing; removing an absent one too. A change
answers the project's columns and is a ``project:update`` for the clients.
Reading a setting list needs a seat in the team, except status automations
which Zou shows to managers only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import falcon

from clapboard import Operation, Route

from ...crud.values import parse_id
from ...engine import ENTITY_KINDS, BadRequest, context, many, validated
from ...models import (
    EntityType,
    PreviewBackgroundFile,
    ProjectAssetTypeLink,
    ProjectPreviewBackgroundFileLink,
    ProjectStatusAutomationLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from .access import managed_project, plain_project, project_changed, readable_project

SCHEMA = "data/production/projects/settings"


@dataclass(frozen=True)
class Setting:
    """One kind of project setting: the studio rows it links and the link table."""

    segment: str  # path segment under /settings
    label: str
    body_key: str  # the id key of a POST body, also its $defs name without "_id"
    model: type
    link: type
    list_schema: str | None = None  # $defs name of the GET answer; None: no GET route
    managers_only_read: bool = False

    @property
    def body_schema(self) -> str:
        return self.body_key.removesuffix("_id")

    @property
    def link_field(self):
        return next(f for f in self.link._meta.sorted_fields if getattr(f, "rel_model", None) is self.model)

    def linked_ids(self, project_id):
        return self.link.select(self.link_field).where(self.link.project == project_id)


ASSET_TYPES = Setting("asset-types", "asset type", "asset_type_id", EntityType, ProjectAssetTypeLink)
TASK_TYPES = Setting("task-types", "task type", "task_type_id", TaskType, ProjectTaskTypeLink, "task_types")
TASK_STATUSES = Setting("task-status", "task status", "task_status_id", TaskStatus, ProjectTaskStatusLink,
                        "task_statuses")
STATUS_AUTOMATIONS = Setting("status-automations", "status automation", "status_automation_id", StatusAutomation,
                             ProjectStatusAutomationLink, "status_automations", managers_only_read=True)
BACKGROUNDS = Setting("preview-background-files", "preview background file", "preview_background_file_id",
                      PreviewBackgroundFile, ProjectPreviewBackgroundFileLink, "preview_background_files")
SETTINGS = (ASSET_TYPES, TASK_TYPES, TASK_STATUSES, STATUS_AUTOMATIONS, BACKGROUNDS)


def _existing(setting: Setting, row_id: uuid.UUID) -> None:
    model = setting.model
    query = model.select(model.id).where(model.id == row_id)
    if setting is ASSET_TYPES:  # the reserved entity types are not asset types
        query = query.where(EntityType.name.not_in(ENTITY_KINDS))
    if not query.exists():
        raise BadRequest(f"No {setting.label} with id {row_id}.")


def _add_link(setting: Setting, project_id, row_id) -> None:
    values = {"project": project_id, setting.link_field.name: row_id}
    if "id" in setting.link._meta.fields:  # link tables with their own id (task types and statuses)
        values["id"] = uuid.uuid4()
    setting.link.insert(**values).on_conflict_ignore().execute()


def _add_task_type(project_id, body: dict) -> None:
    """A new link takes the priority given; an existing one keeps it and takes only the bitrates and
    client visibility sent, as in Zou."""

    link = ProjectTaskTypeLink
    changes = {key: body[key] for key in ("hd_bitrate_compression", "ld_bitrate_compression") if key in body}
    if body.get("is_client_visible") is not None:
        changes["is_client_visible"] = body["is_client_visible"]
    where = (link.project == project_id) & (link.task_type == body["task_type_id"])
    if not link.select().where(where).exists():
        link.insert(id=uuid.uuid4(), project=project_id, task_type=body["task_type_id"],
                    priority=body.get("priority"), **changes).on_conflict_ignore().execute()
    elif changes:
        link.update(**changes).where(where).execute()


class AddSettingResource:
    def __init__(self, setting: Setting):
        self.setting = setting

    def on_post(self, req, resp, project_id):
        ctx = context(req)
        setting = self.setting
        body = validated(req, f"{SCHEMA}#/$defs/{setting.body_schema}")
        project = managed_project(ctx, project_id)
        row_id = parse_id(body[setting.body_key])
        _existing(setting, row_id)
        if setting is TASK_TYPES:
            _add_task_type(project["id"], {**body, "task_type_id": row_id})
        else:
            _add_link(setting, project["id"], row_id)
        project_changed(ctx, project["id"])
        resp.media = plain_project(project["id"])
        resp.status = falcon.HTTP_201


class SettingsResource(AddSettingResource):
    def on_get(self, req, resp, project_id):
        ctx = context(req)
        setting = self.setting
        project = (managed_project if setting.managers_only_read else readable_project)(ctx, project_id)
        model = setting.model
        resp.media = many(ctx, model, model.id.in_(setting.linked_ids(project["id"])),
                          order_by=_list_order(model))


class TaskTypeSettingsResource(AddSettingResource):
    def on_get(self, req, resp, project_id):
        resp.media = _project_task_types(context(req), project_id, project_priority=True)


class ProjectTaskTypesResource:
    def on_get(self, req, resp, project_id):
        resp.media = _project_task_types(context(req), project_id, project_priority=False)


def _project_task_types(ctx, project_id, project_priority: bool) -> list[dict]:
    """The task types a project uses; with ``project_priority``, the priority the project gives them."""

    project = readable_project(ctx, project_id)
    found = many(ctx, TaskType, TaskType.id.in_(TASK_TYPES.linked_ids(project["id"])),
                 order_by=(TaskType.for_entity, TaskType.priority, TaskType.name))
    if project_priority:
        link = ProjectTaskTypeLink
        priorities = dict(link.select(link.task_type, link.priority).where(link.project == project["id"]).tuples())
        for row in found:
            if priorities.get(row["id"]) is not None:
                row["priority"] = priorities[row["id"]]
        found.sort(key=lambda row: (row["for_entity"], row["priority"] is None, row["priority"] or 0, row["name"]))
    return found


def _list_order(model) -> tuple:
    if model in (TaskType, TaskStatus):
        return (model.priority, model.name)
    if model is PreviewBackgroundFile:
        return (model.name,)
    return (model.created_at, model.id)


class SettingItemResource:
    def __init__(self, setting: Setting):
        self.setting = setting

    def on_delete(self, req, resp, project_id, row_id):
        ctx = context(req)
        setting = self.setting
        project = managed_project(ctx, project_id)
        setting.link.delete().where(setting.link.project == project["id"],
                                    setting.link_field == parse_id(row_id)).execute()
        project_changed(ctx, project["id"])
        resp.status = falcon.HTTP_204


class SettingsBatchResource:
    def on_post(self, req, resp, project_id):
        ctx = context(req)
        body = validated(req, f"{SCHEMA}#/$defs/batch")
        project = managed_project(ctx, project_id)
        _apply_batch(project["id"], body)
        project_changed(ctx, project["id"])
        resp.media = plain_project(project["id"])


def _known(model, ids, *conditions) -> set:
    if not ids:
        return set()
    return {row_id for (row_id,) in model.select(model.id).where(model.id.in_(ids), *conditions).tuples()}


def _apply_batch(project_id, body: dict) -> None:
    """Zou's batch: links for the known ids (others skipped); task types may replace the whole set."""

    wanted = {parse_id(entry["task_type_id"]): entry for entry in body.get("task_types") or []}
    link = ProjectTaskTypeLink
    existing = dict(link.select(link.task_type, link.priority).where(link.project == project_id).tuples())
    for task_type_id in _known(TaskType, list(wanted)):
        entry = wanted[task_type_id]
        if task_type_id not in existing:
            _add_task_type(project_id, {**entry, "task_type_id": task_type_id})
            continue
        changes = {}
        if entry.get("is_client_visible") is not None:
            changes["is_client_visible"] = entry["is_client_visible"]
        if entry.get("priority") is not None and entry["priority"] != existing[task_type_id]:
            changes["priority"] = entry["priority"]
        if changes:
            link.update(**changes).where(link.project == project_id, link.task_type == task_type_id).execute()
    if body.get("replace_task_types"):
        doomed = [link.project == project_id] + ([link.task_type.not_in(list(wanted))] if wanted else [])
        link.delete().where(*doomed).execute()
    statuses = [parse_id(i) for i in body.get("task_status_ids") or []]
    for task_status_id in _known(TaskStatus, statuses):
        _add_link(TASK_STATUSES, project_id, task_status_id)
    asset_types = [parse_id(i) for i in body.get("asset_type_ids") or []]
    for asset_type_id in _known(EntityType, asset_types, EntityType.name.not_in(ENTITY_KINDS)):
        _add_link(ASSET_TYPES, project_id, asset_type_id)


def _setting_routes(setting: Setting) -> list:
    base = f"/data/projects/{{project_id}}/settings/{setting.segment}"
    name = setting.body_schema
    collection = {"POST": Operation(
        summary=f"Use a {setting.label} in the project (managers)",
        description="Answers the project's columns. Adding it twice changes nothing.",
        request_schema=f"{SCHEMA}#/$defs/{name}", response_schema="data/projects#/$defs/row",
        status=201, operation_id=f"add_project_{name}")}
    if setting is TASK_TYPES:
        resource = TaskTypeSettingsResource(setting)
        collection["GET"] = Operation(
            summary="Task types the project uses, with their priority in the project",
            description="`priority` is the project's when it sets one, else the task type's.",
            response_schema=f"{SCHEMA}#/$defs/task_types", operation_id="list_project_task_type_settings")
    elif setting.list_schema is not None:
        resource = SettingsResource(setting)
        who = "managers" if setting.managers_only_read else "team members"
        collection["GET"] = Operation(summary=f"The {setting.label} rows the project uses ({who})",
                                      response_schema=f"{SCHEMA}#/$defs/{setting.list_schema}",
                                      operation_id=f"list_project_{setting.list_schema}")
    else:
        resource = AddSettingResource(setting)
    return [
        Route(base, resource, tags=("data",), operations=collection),
        Route(f"{base}/{{row_id}}", SettingItemResource(setting), tags=("data",), operations={
            "DELETE": Operation(summary=f"Stop using a {setting.label} in the project (managers)", status=204,
                                operation_id=f"remove_project_{name}")}),
    ]


def routes() -> list:
    found = [route for setting in SETTINGS for route in _setting_routes(setting)]
    found.append(Route("/data/projects/{project_id}/task-types", ProjectTaskTypesResource(), tags=("data",),
                       operations={"GET": Operation(
                           summary="Task types the project uses", response_schema=f"{SCHEMA}#/$defs/task_types",
                           operation_id="list_project_task_types")}))
    found.append(Route("/data/projects/{project_id}/settings/batch", SettingsBatchResource(), tags=("data",),
                       operations={"POST": Operation(
                           summary="Add task types, task statuses and asset types to the project at once (managers)",
                           description="Unknown ids are skipped. `replace_task_types`: the task types sent become "
                                       "the whole set. Answers the project's columns.",
                           request_schema=f"{SCHEMA}#/$defs/batch", response_schema="data/projects#/$defs/row",
                           operation_id="add_project_settings_batch")}))
    return found
