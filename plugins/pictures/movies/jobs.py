"""Movie jobs as the rest of the plugin sees them: record, start, recover.

The upload route calls ``record_job`` inside its final transaction (the job
exists if and only if the upload committed) and ``start`` after the commit
(it only kicks this process's pool, never waits). Work that nobody started
(a process that died right after its commit, jobs of a crashed server) is
found again two ways: ``recover_at_start`` when the app is built (rows only,
no thread), and ``WakeMiddleware``, which at a process's first request and
every few minutes of traffic lets it look for queued jobs and for jobs whose
process died.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid

import peewee

from ..settings import settings, tmp_dir
from . import intake, queue
from .models import MovieJob
from .pool import MoviePool

log = logging.getLogger("clapboard.pictures.movies")

WAKE_SECONDS = 300.0  # rare on purpose: its statements run beside the requests of the process
_POOLS = threading.Lock()


def record_job(preview_id, normalize: bool | None = None) -> None:
    """Queue the movie of ``preview_id`` for processing; call it inside the upload's transaction.
    ``normalize`` defaults to what the upload given to ``accept_movie`` asked."""

    queue.record(preview_id, intake.normalize_asked(preview_id) if normalize is None else normalize)


def start(app, preview_id) -> None:
    """Have this process's pool pick the job up (after the commit; returns at once)."""

    intake.forget(preview_id)
    pool_for(app).kick(preview_id if isinstance(preview_id, uuid.UUID) else uuid.UUID(str(preview_id)))


def pool_for(app) -> MoviePool:
    """This process's pool of ``app`` (a forked worker makes its own: threads do not cross a fork)."""

    with _POOLS:
        pool = getattr(app, "movie_pool", None)
        if pool is None or pool.pid != os.getpid():
            pool = app.movie_pool = MoviePool(app, settings(app)["movie_workers"])
        return pool


def stop(app, timeout: float = 60.0) -> None:
    """Let this process's running jobs end and start no other (tests, shutdown)."""

    pool = getattr(app, "movie_pool", None)
    if pool is not None and pool.pid == os.getpid():
        pool.stop(timeout)


def recover_at_start(app) -> None:
    """Jobs of dead processes queued again (or failed after too many tries), previews left
    ``processing`` by a crash with no job marked broken, work folders of killed jobs removed.
    Skipped while the table does not exist (a database not migrated yet)."""

    try:
        with app.db.connection_context():
            if not app.db.table_exists(MovieJob._meta.table_name):
                return
            counts = queue.recover(app, settings(app))
            counts["orphans"] = queue.break_orphans(app)
    except peewee.PeeweeException as exc:
        log.warning("movie jobs not recovered at start: %s", exc)
        return
    counts["folders"] = sweep_work_folders(app, settings(app)["movie_timeout_seconds"] * queue.STALE_RUNS)
    if any(counts.values()):
        log.warning("movie jobs at start: %(requeued)s queued again, %(failed)s given up, "
                    "%(orphans)s orphan previews marked broken, %(folders)s old work folders removed", counts)


def sweep_work_folders(app, older_than: float) -> int:
    """Remove the temporary folders of movie work that a killed process left behind: those where
    nothing was written for longer than any job may run (another live process may own a newer one)."""

    removed, limit = 0, time.time() - older_than
    for folder in tmp_dir(app).glob("movie-*"):
        try:
            newest = max([folder.stat().st_mtime, *(f.stat().st_mtime for f in folder.iterdir())])
        except OSError:
            continue
        if folder.is_dir() and newest < limit:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


class WakeMiddleware:
    """At its first request (a forked worker, a respawned one) and then every few minutes of
    traffic, a serving process looks for work nobody runs."""

    def __init__(self):
        self._last = None
        self._pid = None

    def process_request(self, req, resp):
        now = time.monotonic()
        if self._pid == os.getpid() and now - self._last < WAKE_SECONDS:
            return
        self._last, self._pid = now, os.getpid()
        pool_for(req.context.app).kick(recover=True)
        from ..playlists.builds import build_pool  # the playlist builds wake with the movie jobs

        build_pool(req.context.app).kick(recover=True)
