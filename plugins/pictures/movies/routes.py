"""The movie routes of a preview file: its versions, its tile strip, frames and strips made on demand.

Who may fetch a movie is who may read the preview row (``one``: the policy's
scope, a 404 out of reach, as Zou's task access). The versions fall back as
Zou's ``send_movie_file``: the HD movie, else the low-definition one, else
the uploaded source (``/movies/low`` tries low definition first). A movie
still ``processing`` has no version to show yet: a JSON 404, as a missing
one. The bytes go out through ``sending.send``: validators, 304, one byte
range (a video player seeks), ``video/mp4``.

``extract-frame`` (``?frame_number=``, 1 the first; Zou's managers of the
production) answers one frame as a PNG and changes nothing stored;
``extract-tile`` (whoever reads the preview) builds the tile strip again from
the low-definition movie, stores it and answers it, as Zou does.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ...data.engine import context, one
from ...data.models import PreviewFile, Project, Task
from ..previews.frames import fps_of
from ..previews.naming import preview_file_name
from ..sending import send
from ..settings import tmp_dir
from . import transcode
from .probe import NotAMovie, probe

MISSING = "Preview file not found: its movie is not stored."
PROCESSING = "The movie of this preview is still being processed."
ORDERS = {"originals": ("previews", "lowdef", "source"), "low": ("lowdef", "previews", "source"),
          "source": ("source",)}


def _movie(req, instance_id) -> dict:
    preview = one(context(req), PreviewFile, instance_id, relations=False)
    if preview["status"] == "processing":
        raise NotFound(PROCESSING)
    return preview


def _first_stored(storage, preview_id, prefixes) -> str | None:
    return next((p for p in prefixes if storage.stat("movies", p, str(preview_id)) is not None), None)


class MovieFile:
    """One version of the movie, with Zou's fallbacks (``download``: as an attachment)."""

    def __init__(self, version: str, download: bool = False):
        self.prefixes = ORDERS[version]
        self.download = download

    def on_get(self, req, resp, instance_id):
        preview = _movie(req, instance_id)
        storage = req.context.app.storage
        prefix = _first_stored(storage, preview["id"], self.prefixes)
        if prefix is None:
            raise NotFound(MISSING)
        name = preview_file_name(preview) if self.download else None
        send(req, resp, storage, "movies", prefix, str(preview["id"]), "video/mp4", download=name, missing=MISSING)

    on_head = on_get


class MovieTiles:
    def on_get(self, req, resp, instance_id):
        preview = _movie(req, instance_id)
        send(req, resp, req.context.app.storage, "pictures", "tiles", str(preview["id"]), "image/png",
             missing="Preview file not found: its tile strip is not stored.")

    on_head = on_get


def _fetch(app, preview: dict, prefixes, work: Path, not_movie=BadRequest) -> Path:
    """The stored movie copied to ``work``; ``not_movie`` is raised for another kind of preview (Zou
    answers a 404 for a frame, a 400 for a tile strip)."""

    if preview.get("extension") != "mp4":
        raise not_movie("Preview file is not a movie.")
    prefix = _first_stored(app.storage, preview["id"], prefixes)
    if prefix is None:
        raise NotFound("preview file binary is not available")
    movie = work / "movie.mp4"
    app.storage.fetch("movies", prefix, str(preview["id"]), movie)
    return movie


def _answer_png(resp, path: Path) -> None:
    resp.content_type = "image/png"
    resp.set_header("Cache-Control", "private, no-cache")
    resp.data = path.read_bytes()


def managed_preview(req, preview_file_id) -> tuple[dict, dict]:
    """The preview and its task's project and entity ids, for the production's managers (as Zou)."""

    ctx = context(req)
    preview = one(ctx, PreviewFile, preview_file_id, relations=False)
    task = Task.select(Task.project.alias("project_id"), Task.entity.alias("entity_id")).where(
        Task.id == preview["task_id"]).dicts().first()
    if task is None:
        raise NotFound("preview file binary is not available")
    one(ctx, Project, task["project_id"], "update", relations=False)
    return preview, task


class ExtractFrame:
    def on_get(self, req, resp, preview_file_id):
        preview, task = managed_preview(req, preview_file_id)
        fps = fps_of(task)
        number = req.get_param_as_int("frame_number", min_value=0, default=0)
        app = req.context.app
        with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="extract-") as work:
            movie = _fetch(app, preview, ORDERS["originals"], Path(work), not_movie=NotFound)
            picture = Path(work) / "frame.png"
            try:
                transcode.frame(transcode.tools(app), movie, (max(1, number) - 1) / fps, picture)
            except transcode.TranscodeError as exc:
                raise BadRequest(f"No frame {number} in this movie ({exc}).") from exc
            _answer_png(resp, picture)


class ExtractTile:
    def on_get(self, req, resp, preview_file_id):
        preview = one(context(req), PreviewFile, preview_file_id, relations=False)
        app = req.context.app
        tool = transcode.tools(app)
        with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="extract-") as work:
            movie = _fetch(app, preview, ORDERS["low"], Path(work))
            strip = Path(work) / "tiles.png"
            try:
                transcode.tiles(tool, movie, probe(tool.ffprobe, movie), strip)
            except (transcode.TranscodeError, NotAMovie) as exc:
                raise BadRequest(f"The tile strip of this movie cannot be made: {exc}") from exc
            app.storage.put("pictures", "tiles", str(preview["id"]), strip)
            _answer_png(resp, strip)


def routes() -> list[Route]:
    base = "/movies/{version}/preview-files/{instance_id}"
    found = []
    for version, what in (("originals", "HD movie (falls back on the low-definition one, then the source)"),
                          ("low", "low-definition movie (falls back on the HD one, then the source)"),
                          ("source", "movie as it was uploaded")):
        found.append(Route(base.replace("{version}", version) + ".mp4", MovieFile(version), tags=("pictures",),
                           operations={"GET": Operation(summary=f"The {what} of a preview file",
                                                        content_type="video/mp4")}))
    found.append(Route(base.replace("{version}", "originals") + "/download", MovieFile("originals", True),
                       tags=("pictures",), operations={"GET": Operation(
                           summary="Download the movie of a preview file as an attachment", content_type="video/mp4")}))
    found.append(Route(base.replace("{version}", "tiles") + ".png", MovieTiles(), tags=("pictures",),
                       operations={"GET": Operation(summary="The tile strip of a movie preview (frames 100 px high, "
                                                            "8 a row)", content_type="image/png")}))
    actions = "/actions/preview-files/{preview_file_id}"
    found.append(Route(actions + "/extract-frame", ExtractFrame(), tags=("pictures",), operations={"GET": Operation(
        summary="One frame of a movie preview as a PNG (?frame_number=, 1 the first)", content_type="image/png")}))
    found.append(Route(actions + "/extract-tile", ExtractTile(), tags=("pictures",), operations={"GET": Operation(
        summary="Build the tile strip of a movie preview again, store it and answer it", content_type="image/png")}))
    return found
