"""The job rows through their life: recorded with the upload, claimed by one process, ended.

Every step is a short transaction of its own (retried when the database asks
for it), never held while ffmpeg runs. Claiming is a conditional UPDATE
(``state = 'queued'``): of several processes that see the same job, exactly
one gets the row. A failure marks the preview ``broken`` in the same
transaction that records it, so no preview stays ``processing`` behind a job
that has ended.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta
from pathlib import Path

import peewee

from clapboard.plugins.data.events import emit_event
from clapboard.plugins.data.models import PreviewFile, Task
from clapboard.plugins.data.models.base import utcnow
from clapboard.transactions import retried as write  # noqa: F401 - the queue's steps, also used by its callers

from .models import MovieJob

log = logging.getLogger("clapboard.pictures.movies")

MAX_ATTEMPTS = 3  # runs of one job interrupted by a dying process before it is given up
STALE_RUNS = 6  # a job running longer than this many ffmpeg timeouts has lost its process
ORPHAN_GRACE = timedelta(hours=1)  # an upload between its claim and its commit is not an orphan


def me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def record(preview_id, normalize: bool = True) -> None:
    """Queue the movie of ``preview_id`` (inside the caller's transaction)."""

    MovieJob.insert(preview_file_id=_uuid(preview_id), state="queued", normalize=bool(normalize),
                    created_at=utcnow()).execute()


def queued(limit: int = 8) -> list[uuid.UUID]:
    query = MovieJob.select(MovieJob.preview_file_id).where(MovieJob.state == "queued")
    return [row.preview_file_id for row in query.order_by(MovieJob.created_at).limit(limit)]


def claim(app, preview_id) -> MovieJob | None:
    """The job, now ``running`` for this process; ``None`` when another process has it (or it is gone)."""

    def take():
        changed = (MovieJob.update(state="running", owner=me(), claimed_at=utcnow(), attempts=MovieJob.attempts + 1)
                   .where(MovieJob.preview_file_id == preview_id, MovieJob.state == "queued").execute())
        return MovieJob.get_or_none(MovieJob.preview_file_id == preview_id) if changed else None

    return write(app, take)


def mine(preview_id) -> peewee.Expression:
    """The job row of ``preview_id`` while this process runs it."""

    return (MovieJob.preview_file_id == preview_id) & (MovieJob.owner == me()) & (MovieJob.state == "running")


def fail(app, preview_id, reason: str, owner: str | None = None) -> None:
    """The job ``failed`` (kept for a retry) and its preview ``broken``, together."""

    def record_failure():
        condition = (MovieJob.preview_file_id == preview_id) & (MovieJob.owner == (owner or me()))
        if not MovieJob.update(state="failed", owner=None, last_error=reason[:2000]).where(condition).execute():
            return  # another process took the job over: its outcome is the one that counts
        set_status(app, preview_id, "broken")

    write(app, record_failure)


def set_status(app, preview_id, status: str, **columns) -> bool:
    """Update the preview row and tell Kitsu (``preview-file:update``); ``False`` when it is gone."""

    project_id = (Task.select(Task.project).join(PreviewFile, on=(PreviewFile.task == Task.id))
                  .where(PreviewFile.id == preview_id).scalar())
    changed = PreviewFile.update(status=status, updated_at=utcnow(), **columns).where(
        PreviewFile.id == preview_id).execute()
    if changed:
        emit_event(app, None, "preview-file:update", {"preview_file_id": preview_id, "status": status}, project_id)
    return bool(changed)


def recover(app, settings: dict) -> dict:
    """Queue again the jobs whose process died (or that ran far too long); give up after
    ``MAX_ATTEMPTS``. Answers the counts, for logs and the command."""

    stale = utcnow() - timedelta(seconds=settings["movie_timeout_seconds"] * STALE_RUNS)
    counts = {"requeued": 0, "failed": 0}
    for job in MovieJob.select().where(MovieJob.state == "running"):
        if _alive(job.owner) and job.claimed_at and job.claimed_at > stale:
            continue
        if job.attempts >= MAX_ATTEMPTS:
            fail(app, job.preview_file_id, f"Stopped {job.attempts} times by a dying process.", owner=job.owner)
            counts["failed"] += 1
            continue
        condition = (MovieJob.preview_file_id == job.preview_file_id) & (MovieJob.owner == job.owner) & (
            MovieJob.state == "running")
        if write(app, lambda c=condition: MovieJob.update(state="queued", owner=None).where(c).execute()):
            log.warning("movie job of preview %s queued again: its process %s is gone", job.preview_file_id,
                        job.owner)
            counts["requeued"] += 1
    return counts


def break_orphans(app) -> int:
    """Movie previews an upload claimed long ago that are still ``processing`` with no job: a
    process died between its upload's claim and its commit, nothing will ever finish them (pictures
    and other files cut short are ``previews.recovery``'s)."""

    before = utcnow() - ORPHAN_GRACE
    jobs = MovieJob.select(MovieJob.preview_file_id)
    orphans = [row.id for row in PreviewFile.select(PreviewFile.id).where(
        PreviewFile.status == "processing", PreviewFile.extension == "mp4", PreviewFile.original_name.is_null(False),
        PreviewFile.updated_at < before, PreviewFile.id.not_in(jobs))]
    for preview_id in orphans:
        write(app, lambda p=preview_id: set_status(app, p, "broken"))
    return len(orphans)


def _alive(owner: str | None) -> bool:
    """Whether the process named ``host:pid`` may still run; only this host's can be checked."""

    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname():
        return bool(owner)
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return not _zombie(int(pid))


def _zombie(pid: int) -> bool:
    """A killed process nobody reaped yet (a container whose first process reaps no orphans keeps
    them forever) still answers ``kill(pid, 0)``: it runs nothing."""

    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
