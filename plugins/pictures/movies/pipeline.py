"""One movie job, from the stored source to a ready preview (or a broken one), as Zou's
``prepare_and_store_movie`` does it.

The source is fetched from storage into a private temporary folder (so any
API machine may run the job), normalised into the HD (``movies/previews``)
and low-definition (``movies/lowdef``) mp4s unless the upload asked
``normalize=false``, its first frame becomes the preview's pictures
(``thumbnails``, ``thumbnails-square``, ``previews``, ``original``, made by
``images``) and its frames the tile strip (``pictures/tiles``; as
in Zou a strip that fails is logged, not fatal). Only then, in one
transaction, the row becomes ``ready`` with the served movie's size and
duration, ``preview-file:update`` is emitted, and the task's last preview and
(when the project automates it) the entity's main preview are set, as Zou's
``update_preview_file_info``. Any failure removes what was stored for the job
and marks the preview ``broken``; the folder is always removed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from clapboard.plugins.data.crud.service import Context
from clapboard.plugins.data.models import Entity, PreviewFile, Project, Task
from clapboard.plugins.data.models.base import utcnow

from ..images import store_preview_picture
from ..images.storing import PREFIXES as PICTURE_PREFIXES
from ..previews.actions import set_main_preview
from ..settings import tmp_dir
from . import queue, transcode
from .models import MovieJob
from .probe import probe

log = logging.getLogger("clapboard.pictures.movies")


@dataclass(frozen=True)
class Plan:
    preview_id: object
    task_id: object
    project_id: object
    entity_id: object
    position: int
    revision: int
    resolution: str | None
    fps: str | None
    hd_bitrate: int
    ld_bitrate: int
    automated: bool
    normalize: bool


def plan(job: MovieJob) -> Plan | None:
    """What the job must make, from the preview's project and entity (``None``: the preview is gone)."""

    row = (PreviewFile.select(PreviewFile.id, PreviewFile.position, PreviewFile.revision, Task.id.alias("task_id"),
                              Task.project.alias("project_id"), Task.entity.alias("entity_id"))
           .join(Task, on=(PreviewFile.task == Task.id)).where(PreviewFile.id == job.preview_file_id).dicts().first())
    if row is None:
        return None
    project = Project.get_by_id(row["project_id"])
    entity_data = Entity.select(Entity.data).where(Entity.id == row["entity_id"]).scalar() or {}
    entity_data = entity_data if isinstance(entity_data, dict) else {}
    resolution = entity_data.get("resolution") if transcode.resolution_is_valid(entity_data.get("resolution")) \
        else project.resolution
    return Plan(row["id"], row["task_id"], row["project_id"], row["entity_id"], row["position"], row["revision"],
                resolution, str(entity_data.get("fps") or project.fps or "") or None,
                project.hd_bitrate_compression or transcode.HD_BITRATE,
                project.ld_bitrate_compression or transcode.LD_BITRATE,
                bool(project.is_set_preview_automated), job.normalize)


def run_job(app, job: MovieJob) -> str:
    """Process a claimed job; answers ``ready``, ``broken``, ``gone`` (preview deleted) or ``taken``."""

    preview_id = job.preview_file_id
    work = Path(tempfile.mkdtemp(dir=tmp_dir(app), prefix="movie-"))
    stored: list[tuple[str, str]] = []
    try:
        with app.db.connection_context():
            found = plan(job)
        if found is None:
            outcome = "gone"
        else:
            columns = _make(app, found, work, stored)
            with app.db.connection_context():
                outcome = queue.write(app, lambda: _finish(app, found, columns))
        if outcome == "gone":
            with app.db.connection_context():
                queue.write(app, lambda: MovieJob.delete().where(queue.mine(preview_id)).execute())
    except Exception as exc:  # noqa: BLE001 - any failure ends as a broken preview, never "processing"
        log.warning("movie of preview %s failed: %s", preview_id, exc, exc_info=not isinstance(
            exc, (transcode.TranscodeError, ValueError)))
        _remove(app, preview_id, stored)
        with app.db.connection_context():
            queue.fail(app, preview_id, str(exc) or type(exc).__name__)
        return "broken"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if outcome == "gone":
        _remove(app, preview_id, stored)
    return outcome


def _make(app, found: Plan, work: Path, stored: list) -> dict:
    tool = transcode.tools(app)
    name = str(found.preview_id)
    source = work / "source"
    app.storage.fetch("movies", "source", name, source)
    info = probe(tool.ffprobe, source)
    movie = small = source
    if found.normalize:
        hd = transcode.hd_target(info, found.resolution, found.fps)
        movie, small = work / "hd.mp4", work / "lowdef.mp4"
        transcode.encode(tool, source, info, hd, found.hd_bitrate, movie)
        _put(app, stored, "movies", "previews", name, movie)
        transcode.encode(tool, source, info, transcode.lowdef_target(hd), found.ld_bitrate, small)
        _put(app, stored, "movies", "lowdef", name, small)
    served = probe(tool.ffprobe, movie)
    transcode.frame(tool, movie, 0, work / "frame.png")
    stored.extend(("pictures", prefix) for prefix in PICTURE_PREFIXES)
    store_preview_picture(app, name, work / "frame.png", "png")  # all four variants or none
    try:
        transcode.tiles(tool, small, probe(tool.ffprobe, small), work / "tiles.png")
        _put(app, stored, "pictures", "tiles", name, work / "tiles.png")
    except (transcode.TranscodeError, ValueError) as exc:
        log.warning("no tile strip for preview %s: %s", name, exc)
    return {"file_size": movie.stat().st_size, "width": served.width, "height": served.height,
            "duration": served.duration}


def _finish(app, found: Plan, columns: dict) -> str:
    if not MovieJob.delete().where(queue.mine(found.preview_id)).execute():
        return "taken"
    if not queue.set_status(app, found.preview_id, "ready", **columns):
        return "gone"
    if found.position == 1:
        newer = PreviewFile.select().where(PreviewFile.task == found.task_id,
                                           PreviewFile.revision > found.revision).exists()
        if not newer:
            Task.update(last_preview_file_id=found.preview_id, updated_at=utcnow()).where(
                Task.id == found.task_id).execute()
        if found.automated and found.entity_id is not None:  # with its events, as the set-main-preview action
            set_main_preview(Context(app=app, actor=None), found.entity_id, {"id": found.preview_id, "status": "ready"})
    return "ready"


def _put(app, stored: list, bucket: str, prefix: str, name: str, path: Path) -> None:
    stored.append((bucket, prefix))  # before the write: a half-done put is removed too
    app.storage.put(bucket, prefix, name, path)


def _remove(app, preview_id, stored: list) -> None:
    for bucket, prefix in stored:
        try:
            app.storage.delete(bucket, prefix, str(preview_id))
        except Exception:  # noqa: BLE001 - best effort: the preview is broken either way
            log.warning("could not remove %s/%s of preview %s", bucket, prefix, preview_id, exc_info=True)
