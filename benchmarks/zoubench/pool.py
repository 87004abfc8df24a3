"""Run seeding jobs over N client threads, each with its own keep-alive connection.

A job is a callable ``job(conn) -> result``. Failed jobs (a non-2xx answer or a
transport error) are retried ``retries`` times after a 5xx or 409, then
recorded in :class:`Failures` instead of stopping the run, so one seeding run
reports every route that broke and how often.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable

from .api import ApiError, Connection, Target

RETRYABLE = {409, 500, 502, 503, 504}


class Failures:
    """Failed requests by route template, with a few samples each."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts: Counter = Counter()
        self.retried: Counter = Counter()
        self.samples: dict[str, list[str]] = {}

    def add(self, step: str, exc: Exception, retried: bool = False) -> None:
        with self._lock:
            (self.retried if retried else self.counts)[step] += 1
            samples = self.samples.setdefault(step, [])
            if len(samples) < 3:
                samples.append(("retried: " if retried else "") + str(exc)[:400])

    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {"failed": dict(self.counts), "retried": dict(self.retried), "samples": self.samples}


class Pool:
    """``clients`` threads sharing one access token; ``map`` runs jobs and keeps the results in order."""

    def __init__(self, target: Target, token: str, clients: int = 1, retries: int = 0,
                 failures: Failures | None = None):
        self.target = target
        self.token = token
        self.clients = max(1, clients)
        self.retries = retries
        self.failures = failures or Failures()
        self.requests = 0
        self._lock = threading.Lock()

    def _run_one(self, conn: Connection, step: str, job: Callable):
        for attempt in range(self.retries + 1):
            try:
                return job(conn)
            except (ApiError, OSError) as exc:
                status = getattr(exc, "status", None)
                last = attempt == self.retries or (status is not None and status not in RETRYABLE)
                self.failures.add(step, exc, retried=not last)
                if last:
                    return None
                time.sleep(0.05 * (attempt + 1))
        return None

    def map(self, step: str, jobs: Iterable[Callable]) -> list:
        jobs = list(jobs)
        results: list = [None] * len(jobs)
        cursor = iter(range(len(jobs)))
        cursor_lock = threading.Lock()

        def worker():
            conn = Connection(self.target, self.token)
            done = 0
            try:
                while True:
                    with cursor_lock:
                        index = next(cursor, None)
                    if index is None:
                        return
                    results[index] = self._run_one(conn, step, jobs[index])
                    done += 1
            finally:
                conn.close()
                with self._lock:
                    self.requests += done

        threads = [threading.Thread(target=worker, name=f"seed-{step}-{i}", daemon=True)
                   for i in range(min(self.clients, len(jobs)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results


def post_job(path: str, body):
    """A job that POSTs ``body`` (JSON) to ``path`` and returns the decoded answer."""

    return lambda conn: conn.post(path, body)


def put_job(path: str, body):
    return lambda conn: conn.put(path, body)
