"""The playlist builds of one process: a bounded pool of threads, kicked after a build is queued.

The pool is the movie jobs' (``MoviePool``: threads started only when work
is announced, never before a fork, claiming queued rows from the database)
with its own bound (``playlist_build_workers``) and its own work: claim a
queued build, ``run_build`` it. As with movies, builds left by a dead process
are found again at start (rows only) and when the wake middleware kicks.
"""

from __future__ import annotations

import logging
import os
import threading

import peewee

from ..movies.pool import MoviePool
from ..settings import settings
from . import queue
from .models import PlaylistBuild
from .running import run_build

log = logging.getLogger("clapboard.pictures.playlists")
_POOLS = threading.Lock()


class BuildPool(MoviePool):
    thread_name = "clapboard-playlist-build"

    what = "playlist builds"
    jobs = queue

    def _run(self, build) -> None:
        run_build(self.app, build)

    def _recover_stale(self) -> None:
        queue.recover(self.app, settings(self.app)["movie_timeout_seconds"])


def build_pool(app) -> BuildPool:
    """This process's pool (a forked worker makes its own)."""

    with _POOLS:
        pool = getattr(app, "playlist_build_pool", None)
        if pool is None or pool.pid != os.getpid():
            pool = app.playlist_build_pool = BuildPool(app, settings(app)["playlist_build_workers"])
        return pool


def stop_builds(app, timeout: float = 60.0) -> None:
    pool = getattr(app, "playlist_build_pool", None)
    if pool is not None and pool.pid == os.getpid():
        pool.stop(timeout)


def recover_builds_at_start(app) -> None:
    """Builds of dead processes queued again or failed (rows only; skipped before migration)."""

    try:
        with app.db.connection_context():
            if not app.db.table_exists(PlaylistBuild._meta.table_name):
                return
            counts = queue.recover(app, settings(app)["movie_timeout_seconds"])
    except peewee.PeeweeException as exc:
        log.warning("playlist builds not recovered at start: %s", exc)
        return
    if any(counts.values()):
        log.warning("playlist builds at start: %(requeued)s queued again, %(failed)s given up", counts)
