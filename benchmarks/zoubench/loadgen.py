"""Drive one scenario with N client threads, each on its own keep-alive connection.

Bounded twice: at most ``max_requests`` measured requests in all, and no new
request after ``seconds`` (one in flight at the deadline is finished and
counted). Each thread first sends ``warmup`` unmeasured requests. Latency runs
from sending the request to having read the whole body; only 2xx answers count
towards requests/s and the percentiles, everything else is an error.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from dataclasses import dataclass, field

from .api import Connection, Target
from .scenarios import Scenario

ERROR_SAMPLES = 5


def percentile(sorted_values: list, p: float) -> float:
    """Nearest-rank percentile of already sorted values (nan when empty)."""

    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


@dataclass
class Result:
    scenario: str
    clients: int
    requests: int = 0  # measured 2xx answers
    errors: int = 0
    reconnects: int = 0
    seconds: float = 0.0
    bytes: int = 0
    latencies: list = field(default_factory=list, repr=False)
    error_samples: list = field(default_factory=list)
    skipped: str = ""

    def absorb(self, other: Result) -> None:
        """Add another slice of the same scenario (its time, requests, latencies, errors)."""

        self.requests += other.requests
        self.errors += other.errors
        self.reconnects += other.reconnects
        self.seconds += other.seconds
        self.bytes += other.bytes
        self.latencies += other.latencies
        self.error_samples += other.error_samples[:ERROR_SAMPLES - len(self.error_samples)]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    def figures(self) -> dict:
        ordered = sorted(self.latencies)
        ms = {f"p{p}_ms": round(percentile(ordered, p) * 1000, 2) if ordered else None for p in (50, 90, 99)}
        return {"scenario": self.scenario, "clients": self.clients, "requests": self.requests,
                "errors": self.errors, "reconnects": self.reconnects, "seconds": round(self.seconds, 3), "rps": round(self.rps, 2), **ms,
                "max_ms": round(ordered[-1] * 1000, 2) if ordered else None,
                "bytes_per_response": round(self.bytes / self.requests) if self.requests else None,
                "error_samples": self.error_samples, "skipped": self.skipped}


def run(target: Target, token: str | None, scenario: Scenario, ids: dict, clients: int, max_requests: int,
        seconds: float, warmup: int = 2) -> Result:
    result = Result(scenario.key, clients)
    counter = itertools.count()  # next() is atomic under the GIL: ids rotate across threads
    budget = itertools.count()
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)
    deadline = [math.inf]

    def send(conn: Connection):
        i = next(counter)
        body = scenario.body(ids, i) if scenario.body else None
        started = time.perf_counter()
        status, payload = conn.request(scenario.method, scenario.path(ids, i), body)
        return status, payload, time.perf_counter() - started

    def record_error(text: str):
        with lock:
            result.errors += 1
            if len(result.error_samples) < ERROR_SAMPLES:
                result.error_samples.append(text[:300])

    def worker():
        conn = Connection(target, token if scenario.auth else None)
        latencies, size = [], 0
        try:
            for _ in range(warmup):
                try:
                    send(conn)
                except OSError:
                    pass
            ready.wait()
            while time.perf_counter() < deadline[0] and next(budget) < max_requests:
                try:
                    status, payload, elapsed = send(conn)
                except OSError as exc:
                    record_error(f"{type(exc).__name__}: {exc}")
                    continue
                if 200 <= status < 300:
                    latencies.append(elapsed)
                    size += len(payload)
                else:
                    record_error(f"HTTP {status} {payload[:200]!r}")
        finally:
            conn.close()
            with lock:
                result.reconnects += conn.reconnects
                result.latencies.extend(latencies)
                result.requests += len(latencies)
                result.bytes += size

    threads = [threading.Thread(target=worker, name=f"load-{scenario.key}-{n}", daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    deadline[0] = started + seconds
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def probe(target: Target, token: str | None, scenario: Scenario, ids: dict) -> tuple[int, bytes]:
    """One request of the scenario (used to skip a route that does not exist)."""

    conn = Connection(target, token if scenario.auth else None)
    try:
        return conn.request(scenario.method, scenario.path(ids, 0),
                            scenario.body(ids, 0) if scenario.body else None)[:2]
    finally:
        conn.close()
