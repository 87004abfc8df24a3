"""The build and download routes of a playlist, with Zou's rules.

- ``GET /data/playlists/<id>/build/mp4`` (the production's managers) queues a
  build and answers its ``build_job`` row at once (``running``); a second
  build of a playlist while one is queued or running is a 409, as in Zou.
- ``GET|DELETE /data/playlists/<id>/jobs/<job id>``: the job (managers, and
  clients on a playlist shared with them); deleting removes its movie too.
- ``GET …/jobs/<job id>/build/mp4`` and ``GET …/download/zip``: the movie, or
  a zip of the previews, as attachments (managers, supervisors, clients on a
  shared playlist). A build not finished is a 400. Artists, vendors and
  people outside the production get neither (403, or 404 when they cannot
  see the playlist at all).
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, Conflict, NotFound

from ...data.crud import rows
from ...data.crud.meta import info
from ...data.crud.values import parse_id
from ...data.crud.writes import lock
from ...data.engine import context
from ...data.models import BuildJob, Entity, Playlist, Project
from ...data.production.playlists.access import check_manager, check_playlist_access, found_playlist
from ..movies.queue import write
from ..previews.naming import slug
from ..sending import send
from . import queue
from .builds import build_pool
from .zipping import stream_zip, zip_entries

JOB = "pictures/build-job"
EVENTS = {"build-job:new": "a playlist build was queued", "build-job:update": "a playlist build ended",
          "build-job:delete": "a playlist build was deleted"}


def _job(playlist: dict, job_id) -> dict:
    job = rows.fetch_one(info(BuildJob), parse_id(job_id), False, derived_mode=None)
    if job is None or job["playlist_id"] != playlist["id"]:
        raise NotFound(f"Build job {job_id} not found for this playlist.")
    return job


def context_name(playlist: dict) -> str:
    """The production's name, and for a TV show the episode's (or ``main pack``, ``all assets|shots``)."""

    project = Project.select(Project.name, Project.production_type).where(Project.id == playlist["project_id"]).first()
    name = slug(project.name)
    if project.production_type == "tvshow":
        if playlist.get("episode_id"):
            episode = Entity.select(Entity.name).where(Entity.id == playlist["episode_id"]).scalar() or ""
        elif playlist.get("is_for_all"):
            episode = "all assets" if playlist.get("for_entity") == "asset" else "all shots"
        else:
            episode = "main pack"
        name += f"_{slug(episode)}"
    return name


class BuildMovie:
    def on_get(self, req, resp, playlist_id):
        ctx = context(req)
        playlist = found_playlist(ctx, playlist_id)
        check_manager(ctx, playlist["project_id"])
        full = (req.get_param("full") or "").lower() == "true"

        def record():
            lock(Playlist, [playlist["id"]])  # two build requests at once: the second sees the first's build
            if queue.in_progress(playlist["id"]):
                raise Conflict("A build is already in progress for this playlist.")
            return queue.start(ctx.app, ctx.actor, playlist, full)

        job_id = write(ctx.app, record)  # committed before a worker may look for it
        build_pool(ctx.app).kick(job_id)
        resp.media = rows.fetch_one(info(BuildJob), job_id, False, derived_mode=None)


class JobResource:
    def on_get(self, req, resp, playlist_id, build_job_id):
        ctx = context(req)
        playlist = found_playlist(ctx, playlist_id)
        check_playlist_access(ctx, playlist)
        resp.media = _job(playlist, build_job_id)

    def on_delete(self, req, resp, playlist_id, build_job_id):
        ctx = context(req)
        playlist = found_playlist(ctx, playlist_id)
        check_playlist_access(ctx, playlist)
        job = _job(playlist, build_job_id)
        queue.remove(ctx.app, ctx.actor, playlist, job["id"])
        resp.status = falcon.HTTP_204


class JobMovie:
    def on_get(self, req, resp, playlist_id, build_job_id):
        ctx = context(req)
        playlist = found_playlist(ctx, playlist_id)
        check_playlist_access(ctx, playlist, supervisor_access=True)
        job = _job(playlist, build_job_id)
        if job["status"] != "succeeded":
            raise BadRequest("Build is not finished")
        created = job["created_at"]
        created = created.isoformat(timespec="seconds") if hasattr(created, "isoformat") else str(created)
        stamp = slug(created).replace("_", "").replace("t", "_")  # 20261128_053838, as Zou names it
        name = f"{stamp}_{context_name(playlist)}_{slug(playlist['name'])}.mp4"
        send(req, resp, ctx.app.storage, queue.BUCKET, queue.PREFIX, str(job["id"]), "video/mp4", download=name,
             missing="The movie of this build is not stored.")

    on_head = on_get


class PlaylistZip:
    def on_get(self, req, resp, playlist_id):
        ctx = context(req)
        playlist = found_playlist(ctx, playlist_id)
        check_playlist_access(ctx, playlist, supervisor_access=True)
        entries = zip_entries(ctx.app, playlist.get("shots"))
        resp.content_type = "application/zip"
        resp.downloadable_as = f"{context_name(playlist)}_{slug(playlist['name'])}.zip"
        resp.set_header("Cache-Control", "private, no-cache")
        resp.stream = stream_zip(ctx.app.storage, entries)


def routes() -> list[Route]:
    base = "/data/playlists/{playlist_id}"
    return [
        Route(f"{base}/build/mp4", BuildMovie(), tags=("pictures",), transaction=False, operations={"GET": Operation(
            summary="Build the playlist's movie in the background (managers)",
            description="The pinned movies joined at the production's resolution and frame rate; `full=true` "
                        "takes every file of each pinned revision. Answers the `running` build job at once "
                        "(`build-job:new`, then `build-job:update`); 409 while another build of the playlist runs.",
            response_schema=JOB, operation_id="build_playlist_movie",
            parameters=({"name": "full", "in": "query", "schema": {"type": "boolean"},
                         "description": "Every file of each pinned revision."},))}),
        Route(f"{base}/jobs/{{build_job_id}}", JobResource(), tags=("pictures",), operations={
            "GET": Operation(summary="A build job of the playlist (managers; clients on a shared playlist)",
                             response_schema=JOB, operation_id="get_playlist_build_job"),
            "DELETE": Operation(summary="Delete a build job and its movie (managers; clients on a shared "
                                        "playlist)", operation_id="delete_playlist_build_job")}),
        Route(f"{base}/jobs/{{build_job_id}}/build/mp4", JobMovie(), tags=("pictures",), operations={
            "GET": Operation(summary="Download the movie of a finished build",
                             description="Managers, supervisors, clients on a shared playlist; 400 while the build "
                                         "is not finished. Named `<date>_<production>[_<episode>]_<playlist>.mp4`.",
                             content_type="video/mp4", operation_id="download_playlist_build")}),
        Route(f"{base}/download/zip", PlaylistZip(), tags=("pictures",), operations={
            "GET": Operation(summary="Download the playlist's previews as a zip, streamed",
                             description="Every stored file of each pinned revision; managers, supervisors, "
                                         "clients on a shared playlist.",
                             content_type="application/zip", operation_id="download_playlist_zip")}),
    ]
