"""Reading preview rows: per task, per project, and per entity grouped by task type.

Previews come through ``many()`` (the policy's preview scope: vendors only
see those of their tasks). The per-entity answer is Zou's: for each task
type, one item per revision (its first file) holding the revision's other
files under ``previews``, newest revision first.
"""

from __future__ import annotations

from collections import defaultdict

from clapboard import Operation, Route

from ...engine import context, many, one
from ...models import PreviewFile, Project, Task
from .lists import entity_of_kind

SUMMARY_KEYS = ("id", "revision", "original_name", "extension", "width", "height", "duration", "status",
                "annotations")
ORIGINALS = ("original_width", "original_height", "original_duration", "original_file_size")


def _summary(preview: dict, task_type_id=None) -> dict:
    found = {key: preview[key] for key in SUMMARY_KEYS}
    if task_type_id is not None:
        found["position"] = preview["position"]
    found["created_at"] = preview["created_at"]
    found["task_id"] = preview["task_id"]
    if task_type_id is not None:
        found["task_type_id"] = task_type_id
    data = preview.get("data") if isinstance(preview.get("data"), dict) else {}
    found.update({key: data.get(key) for key in ORIGINALS})
    return found


def previews_by_entity(ctx, entity_ids) -> dict:
    """``{entity_id: {task_type_id: [revision items]}}`` for several entities, in two statements."""

    tasks = {task_id: (entity_id, task_type) for task_id, entity_id, task_type in
             Task.select(Task.id, Task.entity, Task.task_type).where(Task.entity.in_(list(entity_ids))).tuples()}
    previews = many(ctx, PreviewFile, PreviewFile.task.in_(list(tasks)),
                    order_by=(PreviewFile.revision.desc(), PreviewFile.position, PreviewFile.created_at)) \
        if tasks else []
    revisions: dict = defaultdict(list)
    for preview in previews:
        revisions[(preview["task_id"], preview["revision"])].append(preview)
    found: dict = defaultdict(lambda: defaultdict(list))
    for (task_id, _), files in revisions.items():
        entity_id, task_type = tasks[task_id]
        main, *others = files
        item = _summary(main)
        item["previews"] = [_summary(other, task_type) for other in others]
        found[entity_id][str(task_type)].append(item)
    return {entity_id: dict(by_type) for entity_id, by_type in found.items()}


def previews_by_task_type(ctx, entity_id) -> dict:
    return previews_by_entity(ctx, [entity_id]).get(entity_id, {})


class EntityPreviewFiles:
    """GET ``/data/<shots|edits|concepts>/<id>/preview-files``."""

    def __init__(self, kind: str):
        self.kind = kind

    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = entity_of_kind(ctx, entity_id, self.kind)
        resp.media = previews_by_task_type(ctx, entity["id"])


class TaskPreviews:
    """GET ``/data/tasks/<id>/previews``: newest revision first."""

    def on_get(self, req, resp, task_id):
        ctx = context(req)
        task = one(ctx, Task, task_id, relations=False)
        resp.media = many(ctx, PreviewFile, PreviewFile.task == task["id"],
                          order_by=(PreviewFile.revision.desc(), PreviewFile.position, PreviewFile.created_at))


class ProjectPreviewFiles:
    """GET ``/data/projects/<id>/preview-files``."""

    def on_get(self, req, resp, project_id):
        ctx = context(req)
        project = one(ctx, Project, project_id, relations=False)
        tasks = Task.select(Task.id).where(Task.project == project["id"])
        resp.media = many(ctx, PreviewFile, PreviewFile.task.in_(tasks),
                          order_by=(PreviewFile.created_at, PreviewFile.id))


def routes() -> list[Route]:
    by_type = "data/production/tasks/answers#/$defs/previews_by_task_type"
    found = [
        Route(f"/data/{segment}/{{entity_id}}/preview-files", EntityPreviewFiles(kind), tags=("data",),
              operations={"GET": Operation(summary=f"Previews of a {kind.lower()}, by task type and revision",
                                           response_schema=by_type)})
        for segment, kind in (("shots", "Shot"), ("edits", "Edit"), ("concepts", "Concept"))
    ]
    found += [
        Route("/data/tasks/{task_id}/previews", TaskPreviews(), tags=("data",), operations={"GET": Operation(
            summary="Preview files of a task", response_schema="data/preview-files#/$defs/list")}),
        Route("/data/projects/{project_id}/preview-files", ProjectPreviewFiles(), tags=("data",), operations={
            "GET": Operation(summary="Preview files of a project", response_schema="data/preview-files#/$defs/list")}),
    ]
    return found
