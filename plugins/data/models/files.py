"""Files: file statuses, output types, software and hardware inventories, working files, output
files and preview files (uploaded pictures and movies)."""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk
from .entities import AssetInstance, Entity
from .people import Department, Person
from .projects import TaskType
from .tasks import Task

VALIDATION_STATUSES = ("validated", "rejected", "neutral")
PREVIEW_STATUSES = ("processing", "ready", "broken", "missing")


class FileStatus(BaseModel):
    name = peewee.CharField(max_length=40, unique=True)
    color = peewee.CharField(max_length=7)

    class Meta:
        table_name = "file_status"
        type_name = "FileStatus"
        crud_path = "file-status"


class OutputType(BaseModel):
    name = peewee.CharField(max_length=40, unique=True)
    short_name = peewee.CharField(max_length=20)

    class Meta:
        table_name = "output_type"
        type_name = "OutputType"
        crud_path = "output-types"


class Software(BaseModel):
    name = peewee.CharField(max_length=40, unique=True)
    short_name = peewee.CharField(max_length=20)
    archived = peewee.BooleanField(default=False)
    version = peewee.CharField(max_length=20, null=True)
    file_extension = peewee.CharField(max_length=20)
    secondary_extensions = peewee.JSONField(null=True)
    monthly_cost = peewee.IntegerField(default=0)
    inventory_amount = peewee.IntegerField(default=0)

    class Meta:
        table_name = "software"
        type_name = "Software"
        crud_path = "softwares"


class SoftwareDepartmentLink(LinkModel):
    """Departments using a software (Zou 1.0.97 does not serialize it on the software)."""

    software = fk(Software, null=False, link=True)
    department = fk(Department, null=False, link=True)

    class Meta:
        table_name = "software_department_link"
        primary_key = peewee.CompositeKey("software", "department")


class HardwareItem(BaseModel):
    name = peewee.CharField(max_length=40, unique=True)
    short_name = peewee.CharField(max_length=20)
    archived = peewee.BooleanField(default=False)
    monthly_cost = peewee.IntegerField(default=0)
    inventory_amount = peewee.IntegerField(default=0)

    class Meta:
        table_name = "hardware_item"
        type_name = "HardwareItem"
        crud_path = "hardware-items"


class HardwareItemDepartmentLink(LinkModel):
    """Departments using a hardware item (not serialized on the item either)."""

    hardware_item = fk(HardwareItem, null=False, link=True)
    department = fk(Department, null=False, link=True)

    class Meta:
        table_name = "hardware_item_department_link"
        primary_key = peewee.CompositeKey("hardware_item", "department")


class WorkingFile(BaseModel):
    """A file an artist works on (scene file), versioned by ``revision``."""

    shotgun_id = peewee.IntegerField(null=True)
    name = peewee.CharField(max_length=250, null=True)
    description = peewee.TextField(null=True)
    comment = peewee.TextField(null=True)
    revision = peewee.IntegerField(null=True)
    size = peewee.IntegerField(null=True)
    checksum = peewee.IntegerField(null=True)
    path = peewee.CharField(max_length=400, null=True)
    data = peewee.JSONField(null=True)
    validation_status = choice(VALIDATION_STATUSES, null=False, default="neutral")
    task = fk(Task)
    entity = fk(Entity)
    person = fk(Person)
    software = fk(Software)

    class Meta:
        table_name = "working_file"
        type_name = "WorkingFile"
        crud_path = "working-files"
        indexes = ((("name", "task", "entity", "revision"), True),)
        read_only_fields = ("outputs",)


class OutputFile(BaseModel):
    """A file exported for the pipeline (cache, render...), versioned by ``revision``."""

    shotgun_id = peewee.IntegerField(null=True)
    name = peewee.CharField(max_length=250)
    canceled = peewee.BooleanField(default=False)
    size = peewee.IntegerField(null=True)
    checksum = peewee.CharField(max_length=32, null=True)
    description = peewee.TextField(null=True)
    comment = peewee.TextField(null=True)
    extension = peewee.CharField(max_length=10, null=True)
    revision = peewee.IntegerField()
    representation = peewee.CharField(max_length=20, null=True)
    nb_elements = peewee.IntegerField(default=1)
    source = peewee.CharField(max_length=40, null=True)
    path = peewee.CharField(max_length=400, null=True)
    data = peewee.JSONField(null=True)
    quality = peewee.CharField(max_length=20, null=True)
    file_status = fk(FileStatus, null=False)
    entity = fk(Entity)
    asset_instance = fk(AssetInstance)
    output_type = fk(OutputType)
    task_type = fk(TaskType)
    person = fk(Person)
    source_file = fk(WorkingFile)
    temporal_entity = fk(Entity)

    class Meta:
        table_name = "output_file"
        type_name = "OutputFile"
        crud_path = "output-files"
        indexes = ((
            ("name", "entity", "asset_instance", "output_type", "task_type", "temporal_entity",
             "representation", "revision"),
            True,
        ),)
        read_only_fields = ("source_file",)


class PreviewFile(BaseModel):
    """A picture, movie or other file uploaded as a task's preview (one per revision and position)."""

    name = peewee.CharField(max_length=250, null=True)
    original_name = peewee.CharField(max_length=250, null=True)
    revision = peewee.IntegerField(default=1)
    position = peewee.IntegerField(default=1)
    extension = peewee.CharField(max_length=6, null=True)
    description = peewee.TextField(null=True)
    path = peewee.CharField(max_length=400, null=True)
    source = peewee.CharField(max_length=40, null=True)
    file_size = peewee.BigIntegerField(default=0)
    status = choice(PREVIEW_STATUSES, null=False, default="processing")
    validation_status = choice(VALIDATION_STATUSES, null=False, default="neutral")
    annotations = peewee.JSONField(null=True)
    width = peewee.IntegerField(null=True)
    height = peewee.IntegerField(null=True)
    duration = peewee.DoubleField(null=True)
    data = peewee.JSONField(null=True)
    token_in = peewee.IntegerField(null=True)
    token_out = peewee.IntegerField(null=True)
    task = fk(Task)
    person = fk(Person)
    source_file = fk(OutputFile)
    shotgun_id = peewee.IntegerField(null=True, unique=True)
    is_movie = peewee.BooleanField(default=False)
    url = peewee.CharField(max_length=600, null=True)
    uploaded_movie_url = peewee.CharField(max_length=600, null=True)
    uploaded_movie_name = peewee.CharField(max_length=150, null=True)

    class Meta:
        table_name = "preview_file"
        type_name = "PreviewFile"
        crud_path = "preview-files"
        indexes = ((("name", "task", "revision"), True),)
        read_only_fields = ("comments",)
        required_fields = ("task_id",)  # Zou accepts none, but a preview without a task is unreachable
