"""What people do around the work: comments and attachments, notifications, news, events, playlists
and their share links and builds, chats, saved search filters, custom actions, plugins, import errors."""

from __future__ import annotations

import peewee

from .base import BaseModel, LinkModel, choice, fk
from .entities import Entity
from .files import PreviewFile
from .people import Department, Person
from .projects import Project, TaskStatus, TaskType
from .tasks import Task

NOTIFICATION_TYPES = ("comment", "mention", "assignation", "reply", "reply-mention", "playlist-ready")


class Playlist(BaseModel):
    name = peewee.CharField(max_length=80)
    shots = peewee.JSONField(null=True)
    project = fk(Project)
    episode = fk(Entity)
    task_type = fk(TaskType)
    for_client = peewee.BooleanField(default=False)
    for_entity = peewee.CharField(max_length=10, default="shot")
    is_for_all = peewee.BooleanField(default=False)
    creator = fk(Person, "created_by")

    class Meta:
        table_name = "playlist"
        type_name = "Playlist"
        crud_path = "playlists"
        indexes = ((("name", "project", "episode"), True),)
        read_only_fields = ("build_jobs",)


class BuildJob(BaseModel):
    """A render of a playlist into one movie (or a zip archive)."""

    status = choice(("running", "failed", "succeeded"), null=False, default="running")
    job_type = choice(("archive", "movie"), null=False, default="movie")
    ended_at = peewee.DateTimeField(null=True)
    playlist = fk(Playlist, null=False)

    class Meta:
        table_name = "build_job"
        type_name = "BuildJob"


class PlaylistShareLink(BaseModel):
    """A guest review link to a playlist, optionally password protected."""

    token = peewee.CharField(max_length=80, unique=True)
    playlist = fk(Playlist, null=False)
    creator = fk(Person, "created_by")
    expiration_date = peewee.DateTimeField(null=True)
    is_active = peewee.BooleanField(default=True)
    can_comment = peewee.BooleanField(default=True)
    password = peewee.BlobField(null=True)

    class Meta:
        table_name = "playlist_share_link"
        type_name = "PlaylistShareLink"
        secret_fields = ("password",)
        read_only_fields = ("has_password",)


class Chat(BaseModel):
    """The discussion attached to one object (an entity)."""

    object_id = peewee.UUIDField()
    object_type = peewee.CharField(max_length=80, default="entity")
    last_message = peewee.DateTimeField(null=True)
    participants = peewee.ManyToManyField(Person, backref="+", through_model=peewee.DeferredThroughModel())

    class Meta:
        table_name = "chat"
        type_name = "Chat"
        crud_path = "chats"


class ChatParticipant(LinkModel):
    chat = fk(Chat, null=False, link=True)
    person = fk(Person, null=False, link=True)

    class Meta:
        table_name = "chat_participant"
        primary_key = peewee.CompositeKey("chat", "person")


Chat.participants.through_model.set_model(ChatParticipant)


class ChatMessage(BaseModel):
    chat = fk(Chat, null=False)
    person = fk(Person, null=False)
    text = peewee.TextField(null=True)

    class Meta:
        table_name = "chat_message"
        type_name = "ChatMessage"
        crud_path = "chat-messages"
        read_only_fields = ("attachment_files",)


def _persons() -> peewee.ManyToManyField:
    return peewee.ManyToManyField(Person, backref="+", through_model=peewee.DeferredThroughModel())


class Comment(BaseModel):
    """A comment on an object (a task), possibly changing its status and carrying previews."""

    shotgun_id = peewee.IntegerField(null=True)
    object_id = peewee.UUIDField()
    object_type = peewee.CharField(max_length=80)
    text = peewee.TextField(null=True)
    data = peewee.JSONField(null=True)
    replies = peewee.JSONField(null=True, default=list)
    checklist = peewee.JSONField(null=True, default=list)
    pinned = peewee.BooleanField(null=True)
    for_client = peewee.BooleanField(default=False)
    links = peewee.JSONField(null=True, default=list)
    task_status = fk(TaskStatus)
    person = fk(Person, null=False)
    editor = fk(Person)
    preview_file = fk(PreviewFile)
    previews = peewee.ManyToManyField(PreviewFile, backref="+", through_model=peewee.DeferredThroughModel())
    mentions = _persons()
    department_mentions = peewee.ManyToManyField(
        Department, backref="+", through_model=peewee.DeferredThroughModel(),
    )
    acknowledgements = _persons()

    class Meta:
        table_name = "comment"
        type_name = "Comment"
        crud_path = "comments"
        read_only_fields = ("attachment_files", "person")


class CommentPreviewLink(LinkModel):
    comment = fk(Comment, null=False, link=True)
    preview_file = fk(PreviewFile, null=False, link=True)

    class Meta:
        table_name = "comment_preview_link"
        primary_key = peewee.CompositeKey("comment", "preview_file")


class CommentMention(LinkModel):
    comment = fk(Comment, null=False, link=True)
    person = fk(Person, null=False, link=True)

    class Meta:
        table_name = "comment_mentions"
        primary_key = peewee.CompositeKey("comment", "person")


class CommentDepartmentMention(LinkModel):
    comment = fk(Comment, null=False, link=True)
    department = fk(Department, null=False, link=True)

    class Meta:
        table_name = "comment_department_mentions"
        primary_key = peewee.CompositeKey("comment", "department")


class CommentAcknowledgement(LinkModel):
    comment = fk(Comment, null=False, link=True)
    person = fk(Person, null=False, link=True)

    class Meta:
        table_name = "comment_acknoledgments"
        primary_key = peewee.CompositeKey("comment", "person")


Comment.previews.through_model.set_model(CommentPreviewLink)
Comment.mentions.through_model.set_model(CommentMention)
Comment.department_mentions.through_model.set_model(CommentDepartmentMention)
Comment.acknowledgements.through_model.set_model(CommentAcknowledgement)


class AttachmentFile(BaseModel):
    """A file attached to a comment (or a reply, by id) or to a chat message."""

    name = peewee.CharField(max_length=250, null=True)
    size = peewee.BigIntegerField(null=True)
    extension = peewee.CharField(max_length=6, null=True)
    mimetype = peewee.CharField(max_length=255, null=True)
    comment = fk(Comment)
    reply_id = peewee.UUIDField(null=True)
    chat_message = fk(ChatMessage)

    class Meta:
        table_name = "attachment_file"
        type_name = "AttachmentFile"
        crud_path = "attachment-files"
        read_only_fields = ("comment", "chat_message")


class Notification(BaseModel):
    read = peewee.BooleanField(default=False)
    change = peewee.BooleanField(default=False)
    # Zou's column is "type", serialized as "notification_type" ("type" is the row type).
    notification_type = choice(NOTIFICATION_TYPES, null=False)
    person = fk(Person, null=False)
    author = fk(Person, null=False)
    comment = fk(Comment)
    task = fk(Task)
    playlist = fk(Playlist)
    reply_id = peewee.UUIDField(null=True)

    class Meta:
        table_name = "notification"
        type_name = "Notification"
        crud_path = "notifications"
        indexes = ((("person", "author", "comment", "reply_id", "playlist", "notification_type"), True),)


class News(BaseModel):
    """An entry of a project's activity feed (a comment, a status change, a preview)."""

    change = peewee.BooleanField(default=False)
    author = fk(Person, null=False)
    comment = fk(Comment)
    task = fk(Task, null=False)
    preview_file = fk(PreviewFile)

    class Meta:
        table_name = "news"
        type_name = "News"
        crud_path = "news"


class ApiEvent(BaseModel):
    """A persisted event (``<model>:<action>``), readable through ``/data/events``."""

    name = peewee.CharField(max_length=80, index=True)
    # A log, not data: no foreign keys, so events never block deleting what they mention.
    user_id = peewee.UUIDField(null=True)
    project_id = peewee.UUIDField(null=True)
    data = peewee.JSONField(null=True)

    class Meta:
        table_name = "api_event"
        type_name = "ApiEvent"
        crud_path = "events"
        indexes = (
            (("created_at",), False),
            (("project_id", "created_at"), False),
        )


class SearchFilterGroup(BaseModel):
    list_type = peewee.CharField(max_length=80)
    entity_type = peewee.CharField(max_length=80, null=True)
    name = peewee.CharField(max_length=200)
    color = peewee.CharField(max_length=8)
    is_shared = peewee.BooleanField(default=False)
    person = fk(Person)
    project = fk(Project)
    department = fk(Department)

    class Meta:
        table_name = "search_filter_group"
        type_name = "SearchFilterGroup"
        crud_path = "search-filter-groups"


class SearchFilter(BaseModel):
    list_type = peewee.CharField(max_length=80)
    entity_type = peewee.CharField(max_length=80, null=True)
    name = peewee.CharField(max_length=200)
    search_query = peewee.CharField(max_length=500)
    is_shared = peewee.BooleanField(default=False)
    department = fk(Department)
    search_filter_group = fk(SearchFilterGroup)
    person = fk(Person)
    project = fk(Project)

    class Meta:
        table_name = "search_filter"
        type_name = "SearchFilter"
        crud_path = "search-filters"


class CustomAction(BaseModel):
    """A studio-defined action posting the selection to an external URL."""

    name = peewee.CharField(max_length=80)
    url = peewee.CharField(max_length=400, null=True)
    entity_type = peewee.CharField(max_length=40, default="all")
    is_ajax = peewee.BooleanField(default=False)

    class Meta:
        table_name = "custom_action"
        type_name = "CustomAction"
        crud_path = "custom-actions"


class Plugin(BaseModel):
    plugin_id = peewee.CharField(max_length=80, unique=True)
    name = peewee.CharField(max_length=80)
    description = peewee.TextField(null=True)
    version = peewee.CharField(max_length=50)
    maintainer_name = peewee.CharField(max_length=200)
    maintainer_email = peewee.CharField(max_length=255, null=True)
    website = peewee.CharField(max_length=500, null=True)
    license = peewee.CharField(max_length=80)
    revision = peewee.CharField(max_length=12, null=True)
    frontend_project_enabled = peewee.BooleanField(default=False)
    frontend_studio_enabled = peewee.BooleanField(default=False)
    icon = peewee.CharField(max_length=255, null=True)

    class Meta:
        table_name = "plugin"
        type_name = "Plugin"
        crud_path = "plugins"


class DataImportError(BaseModel):
    """A row that an import (CSV, ShotGrid) could not take."""

    event_data = peewee.JSONField()
    source = choice(("csv", "shotgun"), null=False)

    class Meta:
        table_name = "data_import_error"
        type_name = "DataImportError"
