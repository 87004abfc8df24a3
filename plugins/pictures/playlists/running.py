"""One playlist build, from its claimed queue row to a stored movie (or a failed job).

The movies are those the playlist's entries pin, in order, that are movies
(Zou builds from mp4 previews only), each read from storage (the HD
normalised version, else the low-definition one, else the upload as kept)
into a private folder; with ``full`` every file of the pinned revision
comes in. Then they are joined (``concat``) at the production's resolution
and frame rate, and the movie is stored as ``movies/playlists/<job id>``
before the job is marked ``succeeded``. Any failure marks it ``failed``; a
job deleted meanwhile keeps nothing. The folder is always removed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from clapboard.plugins.data.models import BuildJob, Playlist, PreviewFile, Project

from ..movies import transcode
from ..movies.probe import probe
from ..previews.downloads import MOVIE_PREFIXES
from ..settings import tmp_dir
from . import queue
from .concat import concatenate, target
from .models import PlaylistBuild

log = logging.getLogger("clapboard.pictures.playlists")


def pinned_previews(shots, full: bool = False) -> list[dict]:
    """The movie previews the entries pin, in order (with their revision's other movies when ``full``)."""

    wanted = [str(shot["preview_file_id"]) for shot in shots or [] if isinstance(shot, dict)
              and shot.get("preview_file_id")]
    rows = {str(row["id"]): row for row in PreviewFile.select(
        PreviewFile.id, PreviewFile.task, PreviewFile.revision, PreviewFile.position, PreviewFile.extension)
        .where(PreviewFile.id.in_(wanted)).dicts()} if wanted else {}
    found = []
    for preview_id in wanted:
        row = rows.get(preview_id)
        if row is None or row["extension"] != "mp4":
            continue
        if not full:
            found.append(row)
            continue
        found.extend(PreviewFile.select(PreviewFile.id, PreviewFile.task, PreviewFile.revision, PreviewFile.position,
                                        PreviewFile.extension)
                     .where(PreviewFile.task == row["task"], PreviewFile.revision == row["revision"],
                            PreviewFile.extension == "mp4")
                     .order_by(PreviewFile.position, PreviewFile.created_at).dicts())
    return found


def stored_movie(app, preview_id) -> str | None:
    """The prefix under which the preview's movie is stored, best first (``None``: not stored)."""

    return next((prefix for prefix in MOVIE_PREFIXES if app.storage.stat("movies", prefix, str(preview_id))), None)


def _plan(build: PlaylistBuild):
    playlist = Playlist.get_or_none(Playlist.id == build.playlist_id)
    if playlist is None or BuildJob.get_or_none(BuildJob.id == build.build_job_id) is None:
        return None
    project = Project.get_by_id(playlist.project_id)
    return pinned_previews(playlist.shots, build.full), project.resolution, project.fps


def run_build(app, build: PlaylistBuild) -> str:
    """Make the claimed build's movie; answers how the job ended (``ended``, ``gone``, ``taken``)."""

    job_id = build.build_job_id
    work = Path(tempfile.mkdtemp(dir=tmp_dir(app), prefix="playlist-build-"))
    stored = False
    try:
        with app.db.connection_context():
            plan = _plan(build)
        if plan is None:
            with app.db.connection_context():
                return queue.end(app, job_id, False, "The playlist or its job is gone.")
        previews, resolution, fps = plan
        tool = transcode.tools(app)
        movies = []
        for index, preview in enumerate(previews):
            prefix = stored_movie(app, preview["id"])
            if prefix is None:
                continue  # still processing, or broken: the build goes on without it
            path = work / f"{index:04d}.mp4"
            app.storage.fetch("movies", prefix, str(preview["id"]), path)
            movies.append((path, probe(tool.ffprobe, path)))
        if not movies:
            raise ValueError("The playlist pins no movie that is ready.")
        out = work / "playlist.mp4"
        concatenate(tool, movies, target(resolution, fps, movies[0][1]), out, exact=not build.full)
        stored = True
        app.storage.put(queue.BUCKET, queue.PREFIX, str(job_id), out)
        with app.db.connection_context():
            outcome = queue.end(app, job_id, True)
    except Exception as exc:  # noqa: BLE001 - any failure ends as a failed job, never one left "running"
        log.warning("build %s of a playlist failed: %s", job_id, exc,
                    exc_info=not isinstance(exc, (transcode.TranscodeError, ValueError)))
        _forget(app, job_id, stored)
        with app.db.connection_context():
            return queue.end(app, job_id, False, (str(exc) or type(exc).__name__)[:2000])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if outcome == "gone":
        _forget(app, job_id, stored)
    return outcome


def _forget(app, job_id, stored: bool) -> None:
    if not stored:
        return
    try:
        app.storage.delete(queue.BUCKET, queue.PREFIX, str(job_id))
    except Exception:  # noqa: BLE001 - best effort: the job is failed or gone either way
        log.warning("could not remove the movie of build %s", job_id, exc_info=True)

