"""Output files: what a task publishes for the pipeline, on an entity or on an asset instance.

An output file belongs to an entity, or to an asset instance within a
temporal entity (the shot or scene it is used in); ``Target`` says which and
how its path is built. Revisions count per entity (or instance and temporal
entity), output type, task type and name. Publishing
(``data.output-files.publish``: the production's team but clients, vendors on
the entities of their tasks) computes the path before writing anything, so a
malformed tree leaves no row behind (Zou writes the row and then fails), and
emits ``output-file:new``. Reading needs the output files' read rule.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from clapboard.errors import BadRequest, NotFound

from ..actors import acting_person
from ..engine import emit, lock, many, one, require
from ..models import AssetInstance, Entity, FileStatus, OutputFile, OutputType, Person, Project, TaskType, WorkingFile
from ..models.base import utcnow
from . import paths
from .answers import instance, row_id, serialized
from .values import Values, get_or_create

DEFAULT_FILE_STATUS = "To review"
FILTERS = ("output_type_id", "task_type_id", "representation", "file_status_id", "name")


@dataclass
class Target:
    """Where output files go: an entity, or an asset instance (its asset) within a temporal entity."""

    entity: Entity
    asset_instance: AssetInstance | None = None
    temporal_entity: Entity | None = None

    @property
    def project_id(self):
        return self.entity.project_id

    def conditions(self) -> list:
        if self.asset_instance is None:
            return [OutputFile.entity == self.entity.id, OutputFile.asset_instance.is_null()]
        return [OutputFile.asset_instance == self.asset_instance.id,
                OutputFile.temporal_entity == (self.temporal_entity.id if self.temporal_entity else None)]

    def values(self, **kwargs) -> Values:
        if self.asset_instance is None:
            return Values(project=Project.get_by_id(self.entity.project_id), entity=self.entity, **kwargs)
        return Values(project=Project.get_by_id(self.temporal_entity.project_id), entity=self.temporal_entity,
                      asset_instance=self.asset_instance, asset=self.entity, **kwargs)


def entity_target(ctx, entity_id) -> Target:
    return Target(Entity.get_by_id(one(ctx, Entity, entity_id, relations=False)["id"]))


def instance_target(ctx, asset_instance_id, temporal_entity_id=None) -> Target:
    found = AssetInstance.get_by_id(one(ctx, AssetInstance, asset_instance_id, relations=False)["id"])
    temporal = instance(Entity, temporal_entity_id, "temporal_entity_id") if temporal_entity_id else None
    return Target(Entity.get_by_id(found.asset_id), found, temporal)


def next_revision(target: Target, output_type_id, task_type_id, name: str) -> int:
    last = OutputFile.select(OutputFile.revision).where(
        *target.conditions(), OutputFile.output_type == output_type_id, OutputFile.task_type == task_type_id,
        OutputFile.name == name, OutputFile.revision > 0).order_by(OutputFile.revision.desc()).scalar()
    return (last or 0) + 1


def kinds(body: dict, missing_type=NotFound) -> tuple[OutputType, TaskType]:
    output_type = OutputType.get_or_none(OutputType.id == row_id(body["output_type_id"], "output_type_id"))
    if output_type is None:
        raise missing_type("Cannot find given output type.")
    return output_type, instance(TaskType, body["task_type_id"], "task_type_id")


def location(target: Target, body: dict, output_type, task_type, revision: int, nb_elements: int = 1):
    """(folder path, file name) of an output file in the project's tree."""

    mode, sep = body.get("mode") or "output", body.get("sep") or body.get("separator") or "/"
    values = target.values(output_type=output_type, task_type=task_type, name=body.get("name") or "main",
                           representation=body.get("representation") or "", revision=revision)
    return paths.folder(values, mode, sep), paths.file_name(values, mode, nb_elements)


def publish(ctx, target: Target, body: dict) -> dict:
    entity_row = one(ctx, Entity, target.entity.id, relations=False)
    require(ctx, OutputFile, "publish", row=entity_row)
    output_type, task_type = kinds(body, BadRequest)
    person = instance(Person, body["person_id"], "person_id", BadRequest).id if body.get("person_id") else None
    source = WorkingFile.get_or_none(WorkingFile.id == row_id(body["working_file_id"], "working_file_id")) \
        if body.get("working_file_id") else None
    status = instance(FileStatus, body["file_status_id"], "file_status_id", BadRequest) \
        if body.get("file_status_id") else get_or_create(FileStatus, DEFAULT_FILE_STATUS, color="#FFFFFF")
    lock(Entity, [target.entity.id])
    name, nb_elements = body.get("name") or "main", body.get("nb_elements") or 1
    revision = body.get("revision") or 0
    if revision < 1:
        revision = next_revision(target, output_type.id, task_type.id, name)
    folder, file_name = location(target, body, output_type, task_type, revision, nb_elements)
    sep = body.get("sep") or "/"
    path = f"{folder}{sep}{file_name}{body.get('extension') or ''}"
    if len(path) > 400:
        raise BadRequest("The generated path is longer than 400 characters.")
    representation = body.get("representation") or ""
    if OutputFile.select().where(*target.conditions(), OutputFile.entity == target.entity.id,
                                 OutputFile.output_type == output_type.id, OutputFile.task_type == task_type.id,
                                 OutputFile.name == name, OutputFile.representation == representation,
                                 OutputFile.revision == revision).exists():
        raise BadRequest("The given output file already exists.")
    now, new_id = utcnow(), uuid.uuid4()
    OutputFile.insert(
        id=new_id, name=name, comment=body.get("comment") or "", extension=body.get("extension") or "",
        representation=representation, revision=revision, nb_elements=nb_elements, path=path,
        entity=target.entity.id, asset_instance=target.asset_instance.id if target.asset_instance else None,
        temporal_entity=target.temporal_entity.id if target.temporal_entity else None,
        person=person or acting_person(ctx.actor), source_file=source.id if source else None, output_type=output_type.id,
        task_type=task_type.id, file_status=status.id, created_at=now, updated_at=now).execute()
    emit(ctx, "output-file:new", {"output_file_id": new_id}, target.project_id)
    return {**serialized(ctx, OutputFile, new_id), "folder_path": folder, "file_name": file_name}


def filters(req) -> list:
    """Query filters of the output file lists (ids checked, unknown keys ignored)."""

    conditions = []
    columns = {"output_type_id": OutputFile.output_type, "task_type_id": OutputFile.task_type,
               "file_status_id": OutputFile.file_status}
    for key in FILTERS:
        value = req.get_param(key)
        if not value:
            continue
        if key in columns:
            conditions.append(columns[key] == row_id(value, key))
        else:
            conditions.append(getattr(OutputFile, key) == value)
    return conditions


def last_revisions(ctx, target: Target, conditions: list) -> list[dict]:
    """The last revision of each (task type, output type, name, representation) of the target's files."""

    found: dict = {}
    for row in many(ctx, OutputFile, *target.conditions(), *conditions,
                    order_by=(OutputFile.revision.desc(), OutputFile.created_at.desc())):
        key = (row["task_type_id"], row["output_type_id"], row["name"], row["representation"])
        found.setdefault(key, row)
    return list(found.values())


def output_types(ctx, target: Target) -> list[dict]:
    require(ctx, OutputFile, "read")  # the types come from output files: their read rule applies
    used = OutputFile.select(OutputFile.output_type).where(*target.conditions())
    return many(ctx, OutputType, OutputType.id.in_(used), order_by=(OutputType.name,))
