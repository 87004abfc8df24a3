"""Keys Zou adds to serialized rows beyond their columns and id lists.

Each loader takes the rows of one answer and fills one key for all of them
with a single query, so answers stay at a constant number of queries. They
run wherever relations are serialized (item routes, ``relations=true`` pages).
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from typing import Callable

from .meta import ModelInfo
from .meta import info as model_info

_LOADERS: dict[str, list[Callable[[list[dict]], None]]] = defaultdict(list)
# The application serving the current request, for loaders that ask other plugins
# through a hook (set by ``ServingMiddleware``; unset outside requests: no answer).
_SERVING: contextvars.ContextVar = contextvars.ContextVar("clapboard_data_serving", default=None)


class ServingMiddleware:
    """Makes the request's application known to the loaders for the time of the request."""

    def process_request(self, req, resp):
        req.context.data_serving = _SERVING.set(req.context.app)

    def process_response(self, req, resp, resource, req_succeeded):
        token = getattr(req.context, "data_serving", None)
        if token is not None:
            req.context.data_serving = None
            try:
                _SERVING.reset(token)
            except ValueError:  # set in another context (should not happen); forget it
                _SERVING.set(None)


def serving(app):
    """Set the serving application outside a request (commands, tests); returns the token to reset."""

    return _SERVING.set(app)


def _loader(table: str, modes=("item", "create")):
    """Register a loader for reads and the answers of the given write modes (as Zou answers)."""

    def register(func):
        _LOADERS[table].append((frozenset(modes), func))
        return func

    return register


def attach(info: ModelInfo, rows: list[dict], mode: str = "item") -> None:
    """Fill the derived keys; ``mode`` is "item" (reads), "create" or "update" (write answers)."""

    for modes, load in _LOADERS.get(info.table, ()):
        if mode in modes:
            load(rows, mode)


def _ids(rows):
    return [row["id"] for row in rows]


def _grouped(query) -> dict:
    groups = defaultdict(list)
    for key, value in query.tuples():
        groups[key].append(value)
    return groups


def _serialized(model, where) -> list[dict]:
    from . import rows as row_reader

    info = model_info(model)
    return row_reader.fetch_page(info, row_reader.select(info).where(where), False)


@_loader("entity", ("item", "create", "update"))
def _entities_in(rows, mode):
    from ..models import EntityLink

    found = _grouped(EntityLink.select(EntityLink.entity_out, EntityLink.entity_in)
                     .where(EntityLink.entity_out.in_(_ids(rows))))
    for row in rows:
        row["entities_in"] = found.get(row["id"], [])


@_loader("asset_instance")
def _instance_shots(rows, mode):
    from ..models import AssetInstanceLink

    found = _grouped(AssetInstanceLink.select(AssetInstanceLink.asset_instance, AssetInstanceLink.entity)
                     .where(AssetInstanceLink.asset_instance.in_(_ids(rows))))
    for row in rows:
        row["shots"] = found.get(row["id"], [])


@_loader("attachment_file")
def _attachment_parents(rows, mode):
    from ..models import ChatMessage, Comment

    comments = {c["id"]: c for c in _serialized(Comment, Comment.id.in_(
        [r["comment_id"] for r in rows if r.get("comment_id")]))}
    messages = {m["id"]: m for m in _serialized(ChatMessage, ChatMessage.id.in_(
        [r["chat_message_id"] for r in rows if r.get("chat_message_id")]))}
    for row in rows:
        row["comment"] = comments.get(row.get("comment_id"))
        row["chat_message"] = messages.get(row.get("chat_message_id"))


@_loader("comment")
def _comment_author_and_files(rows, mode):
    from ..models import AttachmentFile, Person

    files = defaultdict(list)
    for attachment in _serialized(AttachmentFile, AttachmentFile.comment.in_(_ids(rows))):
        files[attachment["comment_id"]].append(attachment)
    people = {
        p["id"]: {"id": p["id"], "first_name": p["first_name"], "last_name": p["last_name"],
                  "full_name": f"{p['first_name']} {p['last_name']}".strip(), "has_avatar": p["has_avatar"],
                  "role": p["role"]}
        for p in Person.select(Person.id, Person.first_name, Person.last_name, Person.has_avatar, Person.role)
        .where(Person.id.in_([r["person_id"] for r in rows if r.get("person_id")])).dicts()
    }
    for row in rows:
        row["attachment_files"] = files.get(row["id"], [])
        row["person"] = people.get(row.get("person_id"))


@_loader("chat_message")
def _message_files(rows, mode):
    from ..models import AttachmentFile

    files = defaultdict(list)
    for attachment in _serialized(AttachmentFile, AttachmentFile.chat_message.in_(_ids(rows))):
        files[attachment["chat_message_id"]].append(attachment)
    for row in rows:
        row["attachment_files"] = files.get(row["id"], [])


@_loader("playlist")
def _build_jobs(rows, mode):
    from ..models import BuildJob

    jobs = defaultdict(list)
    for job in _serialized(BuildJob, BuildJob.playlist.in_(_ids(rows))):
        jobs[job["playlist_id"]].append(job)
    for row in rows:
        row["build_jobs"] = jobs.get(row["id"], [])


@_loader("preview_file")
def _preview_comments(rows, mode):
    from ..models import CommentPreviewLink

    found = _grouped(CommentPreviewLink.select(CommentPreviewLink.preview_file, CommentPreviewLink.comment)
                     .where(CommentPreviewLink.preview_file.in_(_ids(rows))))
    for row in rows:
        row["comments"] = found.get(row["id"], [])


@_loader("working_file")
def _outputs(rows, mode):
    from ..models import OutputFile

    found = _grouped(OutputFile.select(OutputFile.source_file, OutputFile.id)
                     .where(OutputFile.source_file.in_(_ids(rows))))
    for row in rows:
        row["outputs"] = found.get(row["id"], [])


@_loader("project", ("item", "create", "update"))
def _project_settings(rows, mode):
    """Status name, per-project task type/status settings, metadata descriptors, first episode."""

    from ..models import ProjectStatus, ProjectTaskStatusLink, ProjectTaskTypeLink

    if mode != "item":  # Zou's write answers carry only the first episode
        return _first_episodes(rows)
    ids = _ids(rows)
    statuses = dict(ProjectStatus.select(ProjectStatus.id, ProjectStatus.name).tuples())
    type_links, status_links = defaultdict(dict), defaultdict(dict)
    for link in ProjectTaskTypeLink.select().where(ProjectTaskTypeLink.project.in_(ids)).dicts():
        type_links[link["project"]][str(link["task_type"])] = {
            "priority": link["priority"], "hd_bitrate_compression": link["hd_bitrate_compression"],
            "ld_bitrate_compression": link["ld_bitrate_compression"], "is_client_visible": link["is_client_visible"]}
    for link in ProjectTaskStatusLink.select().where(ProjectTaskStatusLink.project.in_(ids)).dicts():
        status_links[link["project"]][str(link["task_status"])] = {
            "priority": link["priority"], "roles_for_board": link["roles_for_board"],
            "is_client_allowed": link["is_client_allowed"]}
    descriptors = _descriptors(ids)
    for row in rows:
        row["project_status_name"] = statuses.get(row.get("project_status_id"))
        row["task_type_links"] = type_links.get(row["id"], {})
        row["task_types_priority"] = {k: v["priority"] for k, v in type_links.get(row["id"], {}).items()}
        row["task_statuses_link"] = status_links.get(row["id"], {})
        row["descriptors"] = descriptors.get(str(row["id"]), [])
    _first_episodes(rows)


def _descriptors(project_ids) -> dict:
    """The descriptors of the projects, from the plugins answering ``data_descriptors`` (none: ``{}``)."""

    app = _SERVING.get()
    if app is None or not project_ids:
        return {}
    found = defaultdict(list)
    for answer in app.hook.data_descriptors(app=app, project_ids=list(project_ids)):
        for project_id, descriptors in (answer or {}).items():
            found[str(project_id)].extend(descriptors)
    return found


def _first_episodes(rows) -> None:
    """``first_episode_id`` of TV shows: their first episode by name."""

    from ..models import Entity, EntityType

    tv_ids = [row["id"] for row in rows if row.get("production_type") == "tvshow"]
    if not tv_ids:
        return
    episodes = {}
    query = (Entity.select(Entity.project, Entity.id).join(EntityType, on=(Entity.entity_type == EntityType.id))
             .where(Entity.project.in_(tv_ids), EntityType.name == "Episode")
             .order_by(Entity.name.desc(), Entity.created_at.desc()).tuples())
    for project_id, episode_id in query:
        episodes[project_id] = episode_id  # the last written is the first by name
    for row in rows:
        if row.get("production_type") == "tvshow" and row["id"] in episodes:  # Zou omits it without episodes
            row["first_episode_id"] = episodes[row["id"]]
