"""Projects and what configures them: the studio's task types, task statuses, asset types,
status automations and preview backgrounds, project templates, schedule versions and project link tables."""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk
from .people import ROLES, Department, Person

PROJECT_STYLES = (
    "2d", "2dpaper", "3d", "2d3d", "ar", "vfx", "stop-motion", "motion-design", "archviz",
    "commercial", "catalog", "immersive", "nft", "video-game", "vr",
)
BOARD_ROLES = ("user", "admin", "supervisor", "manager", "vendor")


def board_roles() -> list[str]:
    """Roles that see a task status on the board unless told otherwise."""

    return list(BOARD_ROLES)


def _relation(target) -> peewee.ManyToManyField:
    """A many-to-many relation whose link model is set once defined below."""

    return peewee.ManyToManyField(target, backref="+", through_model=peewee.DeferredThroughModel())


class ProjectStatus(BaseModel):
    name = peewee.CharField(max_length=20, unique=True)
    color = peewee.CharField(max_length=7)

    class Meta:
        table_name = "project_status"
        type_name = "ProjectStatus"
        crud_path = "project-status"


class PreviewBackgroundFile(BaseModel):
    name = peewee.CharField(max_length=40)
    archived = peewee.BooleanField(default=False)
    is_default = peewee.BooleanField(default=False)
    original_name = peewee.CharField(max_length=250, null=True)
    extension = peewee.CharField(max_length=6, null=True)
    file_size = peewee.BigIntegerField(default=0)

    class Meta:
        table_name = "preview_background_file"
        type_name = "PreviewBackgroundFile"
        crud_path = "preview-background-files"


class TaskType(BaseModel):
    name = peewee.CharField(max_length=40)
    short_name = peewee.CharField(max_length=20, null=True)
    description = peewee.TextField(null=True)
    color = peewee.CharField(max_length=7, default="#FFFFFF")
    priority = peewee.IntegerField(default=1)
    for_entity = peewee.CharField(max_length=30, default="Asset")
    allow_timelog = peewee.BooleanField(default=True)
    archived = peewee.BooleanField(default=False)
    shotgun_id = peewee.IntegerField(null=True)
    department = fk(Department)

    class Meta:
        table_name = "task_type"
        type_name = "TaskType"
        crud_path = "task-types"
        indexes = ((("name", "for_entity", "department"), True),)


class TaskStatus(BaseModel):
    name = peewee.CharField(max_length=40)
    archived = peewee.BooleanField(default=False)
    short_name = peewee.CharField(max_length=10, unique=True)
    description = peewee.TextField(null=True)
    color = peewee.CharField(max_length=7)
    priority = peewee.IntegerField(default=1)
    is_done = peewee.BooleanField(default=False)
    is_artist_allowed = peewee.BooleanField(default=True)
    is_client_allowed = peewee.BooleanField(default=True)
    is_retake = peewee.BooleanField(default=False)
    is_feedback_request = peewee.BooleanField(default=False)
    is_default = peewee.BooleanField(default=False)
    is_wip = peewee.BooleanField(default=False)
    shotgun_id = peewee.IntegerField(null=True)
    for_concept = peewee.BooleanField(default=False)

    class Meta:
        table_name = "task_status"
        type_name = "TaskStatus"
        crud_path = "task-status"


class EntityType(BaseModel):
    """Asset types and the reserved Shot/Sequence/Episode/Scene/Edit/Concept types."""

    name = peewee.CharField(max_length=30, unique=True)
    short_name = peewee.CharField(max_length=20, null=True)
    description = peewee.TextField(null=True)
    archived = peewee.BooleanField(default=False)
    task_types = _relation(TaskType)

    class Meta:
        table_name = "entity_type"
        type_name = "EntityType"
        crud_path = "entity-types"


class TaskTypeAssetTypeLink(LinkModel):
    """The task types an asset type uses."""

    asset_type = fk(EntityType, null=False, link=True)
    task_type = fk(TaskType, null=False, link=True)

    class Meta:
        table_name = "task_type_asset_type_link"
        primary_key = peewee.CompositeKey("asset_type", "task_type")


EntityType.task_types.through_model.set_model(TaskTypeAssetTypeLink)


class StatusAutomation(BaseModel):
    entity_type = peewee.CharField(max_length=40, default="asset")
    in_task_type = fk(TaskType)
    in_task_status = fk(TaskStatus)
    out_field_type = choice(("status", "ready_for"), null=False, default="status")
    out_task_type = fk(TaskType)
    out_task_status = fk(TaskStatus)
    import_last_revision = peewee.BooleanField(default=False)
    archived = peewee.BooleanField(default=False)

    class Meta:
        table_name = "status_automation"
        type_name = "StatusAutomation"
        crud_path = "status-automations"


class Project(BaseModel):
    name = peewee.CharField(max_length=80, unique=True)
    code = peewee.CharField(max_length=80, null=True)
    description = peewee.TextField(null=True)
    shotgun_id = peewee.IntegerField(null=True)
    file_tree = peewee.JSONField(null=True)
    data = peewee.JSONField(null=True)
    has_avatar = peewee.BooleanField(default=False)
    fps = peewee.CharField(max_length=10, default="25")
    ratio = peewee.CharField(max_length=10, default="16:9")
    resolution = peewee.CharField(max_length=12, default="1920x1080")
    production_type = peewee.CharField(max_length=20, default="short")
    production_style = choice(PROJECT_STYLES, null=False, default="2d3d")
    start_date = peewee.DateField(null=True)
    end_date = peewee.DateField(null=True)
    man_days = peewee.IntegerField(null=True)
    nb_episodes = peewee.IntegerField(default=0)
    episode_span = peewee.IntegerField(default=0)
    max_retakes = peewee.IntegerField(default=0)
    is_clients_isolated = peewee.BooleanField(default=False)
    is_client_stats_visible = peewee.BooleanField(default=True)
    is_client_task_list_visible = peewee.BooleanField(default=True)
    is_client_task_panel_visible = peewee.BooleanField(default=True)
    is_preview_download_allowed = peewee.BooleanField(default=False)
    is_set_preview_automated = peewee.BooleanField(default=False)
    homepage = peewee.CharField(max_length=80, default="assets")
    is_publish_default_for_artists = peewee.BooleanField(default=False)
    is_bot_collaboration_enabled = peewee.BooleanField(default=False)
    is_single_preview_per_revision = peewee.BooleanField(default=False)
    is_frame_in_numbering = peewee.BooleanField(default=False)
    revision_padding = peewee.IntegerField(default=0)
    hd_bitrate_compression = peewee.IntegerField(null=True)
    ld_bitrate_compression = peewee.IntegerField(null=True)
    project_status = fk(ProjectStatus)
    default_preview_background_file = fk(PreviewBackgroundFile)
    # no FK: would close a cycle with production_schedule_version
    from_schedule_version_id = peewee.UUIDField(null=True)
    team = _relation(Person)
    asset_types = _relation(EntityType)
    task_statuses = _relation(TaskStatus)
    task_types = _relation(TaskType)
    status_automations = _relation(StatusAutomation)
    preview_background_files = _relation(PreviewBackgroundFile)

    class Meta:
        table_name = "project"
        type_name = "Project"
        crud_path = "projects"
        read_only_fields = (
            "first_episode_id", "project_status_name", "descriptors",
            "task_type_links", "task_types_priority", "task_statuses_link",
        )


class ProjectPersonLink(LinkModel):
    """Team membership, with an optional per-project role overriding the person's role."""

    project = fk(Project, null=False, link=True)
    person = fk(Person, null=False, link=True)
    role = choice(ROLES)

    class Meta:
        table_name = "project_person_link"
        primary_key = peewee.CompositeKey("project", "person")


class ProjectTaskTypeLink(BaseModel):
    project = fk(Project, null=False, link=True)
    task_type = fk(TaskType, null=False, link=True)
    priority = peewee.IntegerField(null=True)
    hd_bitrate_compression = peewee.IntegerField(null=True)
    ld_bitrate_compression = peewee.IntegerField(null=True)
    is_client_visible = peewee.BooleanField(default=True)

    class Meta:
        table_name = "project_task_type_link"
        type_name = "ProjectTaskTypeLink"
        indexes = ((("project", "task_type"), True),)


class ProjectTaskStatusLink(BaseModel):
    project = fk(Project, null=False, link=True)
    task_status = fk(TaskStatus, null=False, link=True)
    priority = peewee.IntegerField(null=True)
    roles_for_board = peewee.JSONField(null=True, default=board_roles)
    is_client_allowed = peewee.BooleanField(null=True)

    class Meta:
        table_name = "project_task_status_link"
        type_name = "ProjectTaskStatusLink"
        indexes = ((("project", "task_status"), True),)


class ProjectAssetTypeLink(LinkModel):
    project = fk(Project, null=False, link=True)
    asset_type = fk(EntityType, null=False, link=True)

    class Meta:
        table_name = "project_asset_type_link"
        primary_key = peewee.CompositeKey("project", "asset_type")


class ProjectStatusAutomationLink(LinkModel):
    project = fk(Project, null=False, link=True)
    status_automation = fk(StatusAutomation, null=False, link=True)

    class Meta:
        table_name = "project_status_automation_link"
        primary_key = peewee.CompositeKey("project", "status_automation")


class ProjectPreviewBackgroundFileLink(LinkModel):
    project = fk(Project, null=False, link=True)
    preview_background_file = fk(PreviewBackgroundFile, null=False, link=True)

    class Meta:
        table_name = "project_preview_background_file_link"
        primary_key = peewee.CompositeKey("project", "preview_background_file")


Project.team.through_model.set_model(ProjectPersonLink)
Project.asset_types.through_model.set_model(ProjectAssetTypeLink)
Project.task_statuses.through_model.set_model(ProjectTaskStatusLink)
Project.task_types.through_model.set_model(ProjectTaskTypeLink)
Project.status_automations.through_model.set_model(ProjectStatusAutomationLink)
Project.preview_background_files.through_model.set_model(ProjectPreviewBackgroundFileLink)


class ProjectTemplate(BaseModel):
    """A reusable snapshot of project settings (studio library)."""

    name = peewee.CharField(max_length=80, unique=True)
    description = peewee.TextField(null=True)
    fps = peewee.CharField(max_length=10, default="25")
    ratio = peewee.CharField(max_length=10, default="16:9")
    resolution = peewee.CharField(max_length=12, default="1920x1080")
    production_type = peewee.CharField(max_length=20, default="short")
    production_style = choice(PROJECT_STYLES, null=False, default="2d3d")
    max_retakes = peewee.IntegerField(default=0)
    is_clients_isolated = peewee.BooleanField(default=False)
    is_client_stats_visible = peewee.BooleanField(default=True)
    is_client_task_list_visible = peewee.BooleanField(default=True)
    is_client_task_panel_visible = peewee.BooleanField(default=True)
    is_preview_download_allowed = peewee.BooleanField(default=False)
    is_set_preview_automated = peewee.BooleanField(default=False)
    is_publish_default_for_artists = peewee.BooleanField(default=False)
    is_single_preview_per_revision = peewee.BooleanField(default=False)
    is_frame_in_numbering = peewee.BooleanField(default=False)
    revision_padding = peewee.IntegerField(default=0)
    homepage = peewee.CharField(max_length=80, default="assets")
    hd_bitrate_compression = peewee.IntegerField(null=True)
    ld_bitrate_compression = peewee.IntegerField(null=True)
    file_tree = peewee.JSONField(null=True)
    data = peewee.JSONField(null=True)
    metadata_descriptors = peewee.JSONField(null=True, default=list)
    default_preview_background_file = fk(PreviewBackgroundFile)
    task_types = _relation(TaskType)
    task_statuses = _relation(TaskStatus)
    asset_types = _relation(EntityType)
    status_automations = _relation(StatusAutomation)
    preview_background_files = _relation(PreviewBackgroundFile)

    class Meta:
        table_name = "project_template"
        type_name = "ProjectTemplate"
        crud_path = "project-templates"


class ProjectTemplateTaskTypeLink(BaseModel):
    project_template = fk(ProjectTemplate, null=False, link=True)
    task_type = fk(TaskType, null=False, link=True)
    priority = peewee.IntegerField(null=True)
    hd_bitrate_compression = peewee.IntegerField(null=True)
    ld_bitrate_compression = peewee.IntegerField(null=True)
    is_client_visible = peewee.BooleanField(default=True)

    class Meta:
        table_name = "project_template_task_type_link"
        type_name = "ProjectTemplateTaskTypeLink"
        indexes = ((("project_template", "task_type"), True),)


class ProjectTemplateTaskStatusLink(BaseModel):
    project_template = fk(ProjectTemplate, null=False, link=True)
    task_status = fk(TaskStatus, null=False, link=True)
    priority = peewee.IntegerField(null=True)
    roles_for_board = peewee.JSONField(null=True, default=board_roles)
    is_client_allowed = peewee.BooleanField(null=True)

    class Meta:
        table_name = "project_template_task_status_link"
        type_name = "ProjectTemplateTaskStatusLink"
        indexes = ((("project_template", "task_status"), True),)


class ProjectTemplateAssetTypeLink(LinkModel):
    project_template = fk(ProjectTemplate, null=False, link=True)
    asset_type = fk(EntityType, null=False, link=True)

    class Meta:
        table_name = "project_template_asset_type_link"
        primary_key = peewee.CompositeKey("project_template", "asset_type")


class ProjectTemplateStatusAutomationLink(LinkModel):
    project_template = fk(ProjectTemplate, null=False, link=True)
    status_automation = fk(StatusAutomation, null=False, link=True)

    class Meta:
        table_name = "project_template_status_automation_link"
        primary_key = peewee.CompositeKey("project_template", "status_automation")


class ProjectTemplatePreviewBackgroundFileLink(LinkModel):
    project_template = fk(ProjectTemplate, null=False, link=True)
    preview_background_file = fk(PreviewBackgroundFile, null=False, link=True)

    class Meta:
        table_name = "project_template_preview_background_file_link"
        primary_key = peewee.CompositeKey("project_template", "preview_background_file")


ProjectTemplate.task_types.through_model.set_model(ProjectTemplateTaskTypeLink)
ProjectTemplate.task_statuses.through_model.set_model(ProjectTemplateTaskStatusLink)
ProjectTemplate.asset_types.through_model.set_model(ProjectTemplateAssetTypeLink)
ProjectTemplate.status_automations.through_model.set_model(ProjectTemplateStatusAutomationLink)
ProjectTemplate.preview_background_files.through_model.set_model(ProjectTemplatePreviewBackgroundFileLink)


class ProductionScheduleVersion(BaseModel):
    name = peewee.CharField(max_length=80)
    project = fk(Project, null=False)
    schedule_from = fk("self", "production_schedule_from")
    locked = peewee.BooleanField(default=False)
    canceled = peewee.BooleanField(default=False)

    class Meta:
        table_name = "production_schedule_version"
        type_name = "ProductionScheduleVersion"
        crud_path = "production-schedule-versions"
        indexes = ((("name", "project"), True),)
