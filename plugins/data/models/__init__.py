"""Every table of Zou, as peewee models.

``ALL_MODELS`` lists the tables so that each comes after the tables it
references (``create_tables`` order); ``CRUD_MODELS`` the 45 models served at
``/data/<crud_path>``, in Zou's order (Zou's 46th, ``metadata-descriptors``, is
served by the ``metadata`` plugin); ``MODELS_BY_PATH`` maps a path to its model.
"""

from __future__ import annotations

from .activity import (
    ApiEvent,
    AttachmentFile,
    BuildJob,
    Chat,
    ChatMessage,
    ChatParticipant,
    Comment,
    CommentAcknowledgement,
    CommentDepartmentMention,
    CommentMention,
    CommentPreviewLink,
    CustomAction,
    DataImportError,
    News,
    Notification,
    Playlist,
    PlaylistShareLink,
    Plugin,
    SearchFilter,
    SearchFilterGroup,
)
from .base import BaseModel, LinkModel
from .entities import (
    AssetInstance,
    AssetInstanceLink,
    Entity,
    EntityConceptLink,
    EntityLink,
    EntityVersion,
)
from .files import (
    FileStatus,
    HardwareItem,
    HardwareItemDepartmentLink,
    OutputFile,
    OutputType,
    PreviewFile,
    Software,
    SoftwareDepartmentLink,
    WorkingFile,
)
from .people import (
    DayOff,
    Department,
    DepartmentLink,
    DesktopLoginLog,
    LoginLog,
    Organisation,
    Person,
    SalaryScale,
    Studio,
)
from .projects import (
    EntityType,
    PreviewBackgroundFile,
    ProductionScheduleVersion,
    Project,
    ProjectAssetTypeLink,
    ProjectPersonLink,
    ProjectPreviewBackgroundFileLink,
    ProjectStatus,
    ProjectStatusAutomationLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplate,
    ProjectTemplateAssetTypeLink,
    ProjectTemplatePreviewBackgroundFileLink,
    ProjectTemplateStatusAutomationLink,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
    StatusAutomation,
    TaskStatus,
    TaskType,
    TaskTypeAssetTypeLink,
)
from .tasks import (
    Budget,
    BudgetEntry,
    Milestone,
    ProductionScheduleVersionTaskLink,
    ProductionScheduleVersionTaskLinkPersonLink,
    ScheduleItem,
    Subscription,
    Task,
    TaskPersonLink,
    TimeSpent,
)

ALL_MODELS = [
    # people.py
    Department, Studio, Person, DepartmentLink, Organisation, DayOff, SalaryScale, DesktopLoginLog, LoginLog,
    # projects.py
    ProjectStatus, PreviewBackgroundFile, TaskType, TaskStatus, EntityType, TaskTypeAssetTypeLink,
    StatusAutomation, Project, ProjectPersonLink, ProjectTaskTypeLink, ProjectTaskStatusLink,
    ProjectAssetTypeLink, ProjectStatusAutomationLink, ProjectPreviewBackgroundFileLink, ProjectTemplate,
    ProjectTemplateTaskTypeLink, ProjectTemplateTaskStatusLink, ProjectTemplateAssetTypeLink,
    ProjectTemplateStatusAutomationLink, ProjectTemplatePreviewBackgroundFileLink, ProductionScheduleVersion,
    # entities.py
    Entity, EntityLink, EntityConceptLink, AssetInstance, AssetInstanceLink, EntityVersion,
    # tasks.py
    Task, TaskPersonLink, TimeSpent, Subscription, ProductionScheduleVersionTaskLink,
    ProductionScheduleVersionTaskLinkPersonLink, ScheduleItem, Milestone, Budget, BudgetEntry,
    # files.py
    FileStatus, OutputType, Software, SoftwareDepartmentLink, HardwareItem, HardwareItemDepartmentLink,
    WorkingFile, OutputFile, PreviewFile,
    # activity.py
    Playlist, BuildJob, PlaylistShareLink, Chat, ChatParticipant, ChatMessage, Comment, CommentPreviewLink,
    CommentMention, CommentDepartmentMention, CommentAcknowledgement, AttachmentFile, Notification, News,
    ApiEvent, SearchFilterGroup, SearchFilter, CustomAction, Plugin, DataImportError,
]

CRUD_MODELS = [
    Person, Project, ProjectStatus, ProjectTemplate, EntityType, Entity, TaskType, TaskStatus, Task,
    Department, Organisation, FileStatus, Software, HardwareItem, OutputFile, OutputType, PreviewFile,
    WorkingFile, AttachmentFile, Comment, TimeSpent, DayOff, CustomAction, StatusAutomation, AssetInstance,
    Playlist, ApiEvent, Notification, SearchFilter, SearchFilterGroup, ScheduleItem, News, Milestone,
    Subscription, EntityLink, Chat, ChatMessage, PreviewBackgroundFile, Studio,
    SalaryScale, Budget, BudgetEntry, Plugin, ProductionScheduleVersion, ProductionScheduleVersionTaskLink,
]

MODELS_BY_PATH = {model._meta.crud_path: model for model in CRUD_MODELS}


def _add_listing_indexes() -> None:
    """Indexes behind the generic lists: Zou's page order, the streamed order, per project."""

    for model in CRUD_MODELS:
        model.add_index(model.updated_at.desc(), model.created_at.desc(), model.id)
        model.add_index(model.created_at, model.id)
        project = model._meta.columns.get("project_id")
        if project is not None:
            model.add_index(project, model.updated_at.desc(), model.created_at.desc(), model.id)


_add_listing_indexes()

__all__ = ["ALL_MODELS", "CRUD_MODELS", "MODELS_BY_PATH", "BaseModel", "LinkModel"] + [
    model.__name__ for model in ALL_MODELS
]
