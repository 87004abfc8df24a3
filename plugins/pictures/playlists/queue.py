"""The life of a build: started with its ``build_job`` row, claimed by one process, ended.

Each step is one short transaction (retried on conflicts, as the movie jobs'
are), never held while ffmpeg runs. ``start`` runs inside the request's
transaction: the job and its queue row exist together or not at all. Ending
writes the job's status and removes the queue row together, then tells Kitsu
(``build-job:update``); a job deleted while it ran keeps nothing (its movie
is removed again).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from clapboard.plugins.data.events import emit_event
from clapboard.plugins.data.models import BuildJob, Playlist
from clapboard.plugins.data.models.base import utcnow

from ..movies.queue import MAX_ATTEMPTS, STALE_RUNS, _alive, me, write
from .models import PlaylistBuild

BUCKET, PREFIX = "movies", "playlists"


def in_progress(playlist_id) -> bool:
    return PlaylistBuild.select().where(PlaylistBuild.playlist_id == playlist_id).exists()


def start(app, actor, playlist: dict, full: bool) -> uuid.UUID:
    """A new ``running`` job and its queued build (in the caller's transaction); ``build-job:new``."""

    now = utcnow()
    job_id = uuid.uuid4()
    BuildJob.insert(id=job_id, status="running", job_type="movie", playlist=playlist["id"], created_at=now,
                    updated_at=now).execute()
    PlaylistBuild.insert(build_job_id=job_id, playlist_id=playlist["id"], state="queued", full=bool(full),
                         created_at=now).execute()
    emit_event(app, actor, "build-job:new", {"build_job_id": job_id, "playlist_id": playlist["id"],
                                             "created_at": now.isoformat(timespec="seconds")},
               playlist["project_id"])
    return job_id


def queued(limit: int = 8) -> list[uuid.UUID]:
    query = PlaylistBuild.select(PlaylistBuild.build_job_id).where(PlaylistBuild.state == "queued")
    return [row.build_job_id for row in query.order_by(PlaylistBuild.created_at).limit(limit)]


def claim(app, job_id) -> PlaylistBuild | None:
    def take():
        changed = (PlaylistBuild.update(state="running", owner=me(), claimed_at=utcnow(),
                                        attempts=PlaylistBuild.attempts + 1)
                   .where(PlaylistBuild.build_job_id == job_id, PlaylistBuild.state == "queued").execute())
        return PlaylistBuild.get_or_none(PlaylistBuild.build_job_id == job_id) if changed else None

    return write(app, take)


def end(app, job_id, succeeded: bool, reason: str | None = None, owner: str | None = None) -> str:
    """Record the outcome: ``ended``, ``gone`` (the job was deleted meanwhile) or ``taken`` (not ours)."""

    def record():
        mine = (PlaylistBuild.build_job_id == job_id) & (PlaylistBuild.owner == (owner or me()))
        if not PlaylistBuild.delete().where(mine).execute():
            return "gone" if BuildJob.get_or_none(BuildJob.id == job_id) is None else "taken"
        status = "succeeded" if succeeded else "failed"
        if not BuildJob.update(status=status, ended_at=utcnow(), updated_at=utcnow()).where(
                BuildJob.id == job_id).execute():
            return "gone"
        playlist = BuildJob.select(BuildJob.playlist, Playlist.project).join(
            Playlist, on=(Playlist.id == BuildJob.playlist)).where(BuildJob.id == job_id).tuples().first()
        emit_event(app, None, "build-job:update", {"build_job_id": job_id, "playlist_id": playlist[0],
                                                   "status": status, "message": reason}, playlist[1])
        return "ended"

    return write(app, record)


def remove(app, actor, playlist: dict, job_id) -> None:
    """The job, its queued build and its movie gone (in the caller's transaction); ``build-job:delete``."""

    PlaylistBuild.delete().where(PlaylistBuild.build_job_id == job_id).execute()
    BuildJob.delete().where(BuildJob.id == job_id).execute()
    app.storage.delete(BUCKET, PREFIX, str(job_id))
    emit_event(app, actor, "build-job:delete", {"build_job_id": job_id, "playlist_id": playlist["id"]},
               playlist["project_id"])


def forget(app, job_id) -> None:
    """After a build job's row went with its playlist: its queued build and its movie too (both may
    be gone already; a build still running finds no row to end and keeps nothing)."""

    write(app, lambda: PlaylistBuild.delete().where(PlaylistBuild.build_job_id == job_id).execute())
    app.storage.delete(BUCKET, PREFIX, str(job_id))


def recover(app, timeout: int) -> dict:
    """Builds of dead processes queued again (from scratch), or failed after ``MAX_ATTEMPTS``."""

    stale = utcnow() - timedelta(seconds=timeout * STALE_RUNS)
    counts = {"requeued": 0, "failed": 0}
    for build in PlaylistBuild.select().where(PlaylistBuild.state == "running"):
        if _alive(build.owner) and build.claimed_at and build.claimed_at > stale:
            continue
        if build.attempts >= MAX_ATTEMPTS:
            end(app, build.build_job_id, False, f"Stopped {build.attempts} times by a dying process.", build.owner)
            counts["failed"] += 1
            continue
        condition = ((PlaylistBuild.build_job_id == build.build_job_id) & (PlaylistBuild.owner == build.owner)
                     & (PlaylistBuild.state == "running"))
        if write(app, lambda c=condition: PlaylistBuild.update(state="queued", owner=None).where(c).execute()):
            counts["requeued"] += 1
    return counts
