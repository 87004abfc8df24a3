"""A movie preview's pictures redone from one of its frames (the main preview chosen at a frame).

The normalised movie (or, failing it, the low-definition one, then the
uploaded source) is copied out of storage, ffmpeg extracts the frame — frame
1 is the first (0 too), timed at the entity's fps, else the project's, else 25 — and
the preview's picture variants are made again from it. As in Zou, a frame that
cannot be had leaves the previous pictures in place: the main preview is set
all the same.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from clapboard.plugins.data.models import Entity, Project

from ..images import store_preview_picture
from ..movies.transcode import TranscodeError, frame, tools
from ..settings import tmp_dir

log = logging.getLogger("clapboard.pictures")
MOVIE_PREFIXES = ("previews", "lowdef", "source")
DEFAULT_FPS = 25.0


def fps_of(task: dict) -> float:
    """The entity's fps (its ``data.fps``), else the project's, else Zou's 25."""

    data = Entity.select(Entity.data).where(Entity.id == task["entity_id"]).scalar()
    project_fps = Project.select(Project.fps).where(Project.id == task["project_id"]).scalar()
    for value in ((data or {}).get("fps") if isinstance(data, dict) else None, project_fps):
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if number > 0:
            return number
    return DEFAULT_FPS


def replace_with_frame(app, preview: dict, task: dict, frame_number: int) -> bool:
    """Remake the pictures of ``preview`` from frame ``frame_number``; whether it could."""

    seconds = max(frame_number - 1, 0) / fps_of(task)
    name = str(preview["id"])
    with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="frame-") as work:
        movie, picture = Path(work) / "movie.mp4", Path(work) / "frame.png"
        prefix = next((p for p in MOVIE_PREFIXES if app.storage.stat("movies", p, name) is not None), None)
        if prefix is None:
            log.warning("No stored movie for preview %s: its picture is left as it is.", name)
            return False
        try:
            app.storage.fetch("movies", prefix, name, movie)
            frame(tools(app), movie, seconds, picture)
            store_preview_picture(app, name, picture, "png")
        except (TranscodeError, OSError) as exc:
            log.warning("Frame %s of preview %s could not be used: %s", frame_number, name, exc)
            return False
    return True
