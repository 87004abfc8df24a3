"""The bounded pool of movie workers of one process.

At most ``movie_workers`` threads of a process run jobs, so ffmpeg never
takes more of the machine than configured and request threads never wait
for it: a request only records its job and kicks the pool. Threads are
started when work is announced (never at import or while the app is built,
so none is lost when ``clapboard serve --workers N`` forks), claim queued
jobs from the database one after the other (the job announced first, then
the oldest), and end when none is left. ``active`` and ``peak`` count the
jobs running at once, which is what the bound is about.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque

import peewee

from . import queue
from .pipeline import run_job

log = logging.getLogger("clapboard.pictures.movies")


class MoviePool:
    thread_name = "clapboard-movie"

    def __init__(self, app, size: int):
        self.app = app
        self.size = size
        self.pid = os.getpid()
        self.active = 0
        self.peak = 0
        self.finished = 0
        self._lock = threading.Lock()
        self._threads: set[threading.Thread] = set()
        self._hints: deque = deque()
        self._kicks = 0
        self._recover = False
        self._stopping = False

    def kick(self, preview_id=None, recover: bool = False) -> None:
        """Work may be waiting (``preview_id`` first): make sure a thread looks, within the bound."""

        with self._lock:
            if self._stopping:
                return
            if preview_id is not None:
                self._hints.append(preview_id)
            self._recover = self._recover or recover
            self._kicks += 1
            if len(self._threads) < self.size:
                thread = threading.Thread(target=self._work, name=self.thread_name, daemon=True)
                self._threads.add(thread)
                thread.start()

    def busy(self) -> bool:
        """Whether a thread of the pool is still looking for work or running a job."""

        with self._lock:
            return bool(self._threads)

    def stop(self, timeout: float = 60.0) -> None:
        """No new job; wait (up to ``timeout`` each) for the running ones to end."""

        with self._lock:
            self._stopping = True
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)

    def _work(self) -> None:
        self.app.bind_thread()
        me = threading.current_thread()
        try:
            while True:
                with self._lock:
                    seen, recover, self._recover = self._kicks, self._recover, False
                job = None if self._stopping else self._next(recover)
                if job is None:
                    with self._lock:
                        if self._stopping or self._kicks == seen:
                            return
                    continue
                with self._lock:
                    self.active += 1
                    self.peak = max(self.peak, self.active)
                try:
                    self._run(job)
                except Exception:  # noqa: BLE001 - the database failed even the failure's record: log, go on
                    log.exception("%s %s could not be ended", self.thread_name, job)
                finally:
                    with self._lock:
                        self.active -= 1
                        self.finished += 1
        finally:
            with self._lock:
                self._threads.discard(me)

    what = "movie jobs"
    jobs = queue  # the module that lists, claims and recovers this pool's work (``queued``, ``claim``)

    def _run(self, job) -> None:
        run_job(self.app, job)

    def _recover_stale(self) -> None:
        self.jobs.recover(self.app, self.app.config.plugin("pictures"))

    def _next(self, recover: bool):
        with self._lock:
            hints = list(self._hints)
            self._hints.clear()
        try:
            with self.app.db.connection_context():
                if recover:
                    self._recover_stale()
                for key in dict.fromkeys([*hints, *self.jobs.queued()]):
                    job = self.jobs.claim(self.app, key)
                    if job is not None:
                        return job
        except peewee.PeeweeException as exc:  # database away or not migrated yet: the next kick retries
            log.warning("%s cannot be read now: %s", self.what, exc)
        return None
