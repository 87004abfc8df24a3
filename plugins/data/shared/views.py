"""What a guest reads through a link: the playlist, the context to show it, a preview's row.

The playlist is the studio's own view (``playlist_with_revisions``: each
entry with its entity's previews by task type and the preview it pins),
given each entry's name, parent name (sequence, or asset type) and task type,
its pinned preview's revision, size, duration and drawings, and the
production's name and fps, as Zou's ``enrich_shots_with_entity_info`` does: a guest reads no other route, so what the player shows is inlined. The
context is the production's short card, its task types and statuses (no
departments: the shared player has none) and the entries' entities. A
preview's row is answered only for a preview the link opens (403 otherwise).
"""

from __future__ import annotations

import uuid

from clapboard import Operation, Route

from ..crud import rows
from ..crud.meta import info
from ..engine import many, reference
from ..models import Entity, EntityType, PreviewFile, TaskStatus, TaskType
from ..production.playlists.lists import PlaylistScope
from ..production.playlists.revisions import playlist_with_revisions
from ..production.projects.settings import TASK_STATUSES, TASK_TYPES
from .access import open_request, project_row, shared_preview, shared_task_ids, system_context

ANSWERS = "data/shared/answers#/$defs/"
SHOT_LIKE = ("Shot", "Sequence", "Episode", "Edit", "Concept")
DETAILS = ("revision", "width", "height", "duration", "annotations")


def shared_view(app, shared) -> dict:
    ctx = system_context(app)
    project = project_row(shared)
    playlist = playlist_with_revisions(ctx, PlaylistScope(project=project, client_only=False), shared.playlist["id"])
    opened = {str(task_id) for task_id in shared_task_ids(shared)}
    entities = {str(row["id"]): row for row in Entity.select(Entity.id, Entity.name, Entity.parent, Entity.entity_type)
                .where(Entity.project == project["id"], Entity.id.in_(
                    [entry["id"] for entry in playlist["shots"] if entry.get("id")])).dicts()}
    parents = {str(row_id): name for row_id, name in Entity.select(Entity.id, Entity.name).where(
        Entity.id.in_([row["parent"] for row in entities.values() if row["parent"]])).tuples()} if entities else {}
    kept, pinned_rows = [], {}
    for entry in playlist["shots"]:
        entity = entities.get(str(entry.get("id")))
        if entity is None:
            continue  # an entry of another production opens nothing
        kind = (reference(EntityType, entity["entity_type"]) or {}).get("name", "")
        entry["name"] = entity["name"]
        entry["parent_name"] = parents.get(str(entity["parent"]), "") if kind in SHOT_LIKE else kind
        task_id = entry.get("preview_file_task_id")
        if task_id is not None and str(task_id) not in opened:
            for key in [k for k in entry if k.startswith("preview_file_")]:
                entry.pop(key)
        elif task_id is not None:
            _task_styling(entry, task_id)
            pinned_rows[str(uuid.UUID(str(entry["preview_file_id"])))] = entry
        kept.append(entry)
    _pinned_details(pinned_rows)
    playlist["shots"] = kept
    playlist["project_name"] = project["name"]
    playlist["project_fps"] = project["fps"]
    return playlist


def _pinned_details(entries: dict) -> None:
    """What the shared player reads of each pinned preview without another call: its revision, size,
    duration and drawings (a guest may not read the preview rows of the studio routes)."""

    if not entries:
        return
    query = PreviewFile.select(PreviewFile.id, *[getattr(PreviewFile, key) for key in DETAILS]).where(
        PreviewFile.id.in_(list(entries)))
    for row in query.dicts():
        row["annotations"] = row["annotations"] or []
        entries[str(row["id"])].update({f"preview_file_{key}": row[key] for key in DETAILS})


def _task_styling(entry: dict, task_id) -> None:
    from ..models import Task

    found = Task.select(Task.task_type, Task.task_status).where(Task.id == task_id).tuples().first()
    if found is None:
        return
    task_type, status = reference(TaskType, found[0]), reference(TaskStatus, found[1])
    if task_type:
        entry["preview_file_task_type"] = {key: task_type.get(key) for key in ("id", "name", "color", "for_entity")}
        entry["preview_file_task_type_name"] = task_type["name"]
    if status:
        entry["task_status_color"] = status["color"]


def project_rows(ctx, setting, project_id) -> list[dict]:
    """The task types (or statuses) the production uses; every one when it names none, as Kitsu reads it."""

    model = setting.model
    linked = setting.linked_ids(project_id)
    conditions = (model.id.in_(linked),) if linked.exists() else ()
    return many(ctx, model, *conditions, order_by=(model.priority, model.name), check=False)


class SharedPlaylist:
    def on_get(self, req, resp, token):
        shared = open_request(req, token, check_password=True)
        resp.media = shared_view(req.context.app, shared)


class SharedContext:
    def on_get(self, req, resp, token):
        shared = open_request(req, token, check_password=True)
        ctx = system_context(req.context.app)
        project = project_row(shared)
        ids = [entry["id"] for entry in shared_view(req.context.app, shared)["shots"]]
        names = {str(row["id"]): row for row in Entity.select(Entity.id, Entity.name, Entity.preview_file_id)
                 .where(Entity.id.in_(ids)).dicts()} if ids else {}
        resp.media = {
            # Zou's card has the team; a guest is shown no studio person: it is empty here.
            "project": {**{key: project[key] for key in ("id", "name", "fps", "ratio", "resolution")}, "team": []},
            "task_types": [{key: row.get(key) for key in ("id", "name", "color", "for_entity")}
                           for row in project_rows(ctx, TASK_TYPES, project["id"])],
            "task_statuses": [{key: row.get(key) or False for key in ("id", "name", "short_name", "color",
                                                                       "is_client_allowed", "is_default",
                                                                       "for_concept")}
                              for row in project_rows(ctx, TASK_STATUSES, project["id"])],
            "entities": [{"id": row["id"], "name": row["name"], "preview_file_id": row["preview_file_id"]}
                         for row in (names[i] for i in dict.fromkeys(str(i) for i in ids) if i in names)],
        }


class SharedPreviewFile:
    def on_get(self, req, resp, token, preview_file_id):
        shared = open_request(req, token)
        preview = shared_preview(shared, preview_file_id)
        resp.media = rows.fetch_one(info(PreviewFile), preview["id"], False, derived_mode=None)


def routes() -> list[Route]:
    base = "/shared/playlists/{token}"
    password = ({"name": "password", "in": "query", "schema": {"type": "string"},
                 "description": "The link's password, when it has one."},)
    return [
        Route(base, SharedPlaylist(), public=True, cache=False, tags=("shared",), operations={"GET": Operation(
            summary="The playlist a share link opens, with its entries' previews (no login: the token is the "
                    "credential)", parameters=password, response_schema=ANSWERS + "playlist",
            operation_id="get_shared_playlist")}),
        Route(base + "/context", SharedContext(), public=True, cache=False, tags=("shared",), operations={
            "GET": Operation(summary="What the shared player needs: the production, its task types and statuses, "
                                     "the playlist's entities", parameters=password,
                             response_schema=ANSWERS + "context", operation_id="get_shared_playlist_context")}),
        Route(base + "/preview-files/{preview_file_id}", SharedPreviewFile(), public=True, cache=False,
              tags=("shared",), operations={"GET": Operation(
                  summary="A preview file of the shared playlist (403 for any other)",
                  response_schema="data/preview-files#/$defs/row", operation_id="get_shared_preview_file")}),
    ]
