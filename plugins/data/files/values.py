"""What each file tree token stands for, read from the database as Zou reads it.

``Values`` holds the context of one path (project, entity, task, task type,
software, output type, asset instance and its asset, name, representation,
revision) and answers ``resolve(token, field)`` for ``naming.render``. Zou's
quirks are kept where they shape paths: ``<Episode>`` is the episode of a
shot's or sequence's sequence, ``e001`` for anything else (an episode
included); ``<Scene>`` and ``<Shot>`` are the entity itself;
``<OutputType>`` and ``<TemporalEntityType>`` are lowercased; ``<Revision>``
(or ``<Version>``) is padded to three digits; ``<Instance>`` is the
instance's name, or its number padded to four digits. Two of Zou's crashes
are answered instead: a sequence named ``Seq…`` becomes ``S`` and its number
padded to three digits (what Zou's code meant), and an unknown field is a 400.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from ..models import Department, Entity, EntityType, OutputType, Project, Software, TaskType
from .naming import MalformedFileTree

DEFAULT_OUTPUT_TYPE = "Geometry"
FILE_TREE_SOFTWARE = ("3dsmax", "max", ".max")


def get_or_create(model, name: str, **values):
    """A reference row by name, created when missing (Zou's ``get_or_create_instance_by_name``)."""

    found = model.get_or_none(model.name == name)
    if found is None:
        model.insert(id=uuid.uuid4(), name=name, **values).on_conflict_ignore().execute()
        found = model.get(model.name == name)
    return found


def kind_of(entity) -> str:
    """The template key of an entity: shot, sequence, scene, episode, else asset (edits and concepts too)."""

    type_name = EntityType.select(EntityType.name).where(EntityType.id == entity.entity_type_id).scalar()
    return {"Shot": "shot", "Sequence": "sequence", "Scene": "scene", "Episode": "episode"}.get(type_name, "asset")


def _value(row, name: str, token: str):
    if row is None:
        return ""
    if name == "id":
        return str(row.id)
    if name not in row._meta.fields:
        raise MalformedFileTree(f"The token <{token}.{name}> names a field its row does not have.")
    value = getattr(row, name)
    return "" if value is None else value


@dataclass
class Values:
    project: Project
    entity: Entity | None = None
    task: Any = None
    task_type: TaskType | None = None
    software: Software | None = None
    output_type: OutputType | None = None
    asset_instance: Any = None
    asset: Entity | None = None
    name: str = ""
    representation: str = ""
    revision: int = 1
    _parents: dict = field(default_factory=dict)

    def _parent(self, entity):
        if entity is None or entity.parent_id is None:
            return None
        if entity.parent_id not in self._parents:
            self._parents[entity.parent_id] = Entity.get_or_none(Entity.id == entity.parent_id)
        return self._parents[entity.parent_id]

    def _sequence(self, name: str):
        kind = kind_of(self.entity) if self.entity is not None else None
        if kind in ("shot", "scene"):
            found = _value(self._parent(self.entity), name, "Sequence")
        elif kind == "sequence":
            found = _value(self.entity, name, "Sequence")
        else:
            return ""
        if isinstance(found, str) and "Seq" in found:
            return "S" + found[3:].zfill(3)
        return found

    def _episode(self, name: str):
        kind = kind_of(self.entity) if self.entity is not None else None
        sequence = self._parent(self.entity) if kind in ("shot", "scene") else (
            self.entity if kind == "sequence" else None)
        episode = self._parent(sequence)
        if episode is None:
            return "e001"
        return _value(episode, name, "Episode")

    def _task_type(self):
        if self.task_type is not None:
            return self.task_type
        if self.task is not None:
            return TaskType.get_or_none(TaskType.id == self.task.task_type_id)
        return None

    def _instance(self, name: str):
        if self.asset_instance is None:
            return ""
        number = str(self.asset_instance.number or 0).zfill(4)
        if name == "name":
            return self.asset_instance.name if self.asset_instance.name is not None else number
        return number

    def resolve(self, token: str, name: str):
        entity = self.entity
        asset = self.asset if self.asset is not None else entity
        if token == "Project":
            return _value(self.project, name, token)
        if token == "Task":
            if self.task is None:
                raise MalformedFileTree("The token <Task> needs a task.")
            return _value(self.task, name, token)
        if token == "TaskType":
            return _value(self._task_type(), name, token) if self._task_type() is not None else ""
        if token == "Department":
            task_type = self._task_type()
            department = None if task_type is None or task_type.department_id is None else (
                Department.get_or_none(Department.id == task_type.department_id))
            return _value(department, name, token) if department is not None else ""
        if token in ("Shot", "Scene"):
            return _value(entity, name, token)
        if token == "TemporalEntity":
            if entity is None:
                raise MalformedFileTree("Given temporal entity is null.")
            return _value(entity, name, token)
        if token == "TemporalEntityType":
            if entity is None:
                raise MalformedFileTree("Given temporal entity type is null.")
            return str(_value(EntityType.get_by_id(entity.entity_type_id), name, token)).lower()
        if token == "AssetType":
            if asset is None:
                raise MalformedFileTree("Given asset is null.")
            return _value(EntityType.get_by_id(asset.entity_type_id), name, token)
        if token == "Sequence":
            return self._sequence(name)
        if token == "Episode":
            return self._episode(name)
        if token == "Asset":
            return _value(asset, name, token)
        if token == "Software":
            software = self.software or get_or_create(
                Software, FILE_TREE_SOFTWARE[0], short_name=FILE_TREE_SOFTWARE[1],
                file_extension=FILE_TREE_SOFTWARE[2])
            return _value(software, name, token)
        if token == "OutputType":
            output_type = self.output_type or get_or_create(OutputType, DEFAULT_OUTPUT_TYPE, short_name="")
            return str(_value(output_type, name, token)).lower()
        if token == "Instance":
            return self._instance(name)
        if token == "Representation":
            return self.representation
        if token in ("Name", "OutputFile", "WorkingFile"):
            return self.name
        if token in ("Version", "Revision"):
            return str(self.revision).zfill(3)
        raise MalformedFileTree(f"Unknown data type: {token}.")
