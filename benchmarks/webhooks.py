#!/usr/bin/env python
"""Benchmark: the latency of a write with no webhook, with a fast receiver, and with a receiver that hangs.

Serves the app (plugins ``data`` + ``webhooks``) with waitress in this
process (``clapboard.testing.LiveServer``: the webhook senders start with it)
and times ``--writes`` renames of a project (``PUT /data/projects/{id}``,
each a ``project:update`` event) from ``--clients`` keep-alive connections,
in three phases:

1. ``none``: no webhook registered (the outbox reads the webhooks, finds none);
2. ``fast``: one webhook on ``*`` whose receiver answers 200 at once;
3. ``hanging``: the same, but the receiver blocks every request until the end
   of the phase (the senders are all stuck; deliveries pile up as pending).

Each phase is preceded by ``--warmup`` untimed writes. It prints p50, p95,
p99 and max per phase; the claim is that ``hanging`` matches ``none`` within
noise (the request only inserts delivery rows; it never waits for a target).
Exits 1 when a write fails.

    python benchmarks/webhooks.py [--database-url URL] [--writes 2000] [--clients 4] [--json OUT]

Without ``--database-url`` it uses a temporary SQLite file. A PostgreSQL
database given by ``--database-url`` **is emptied first**.
"""

from __future__ import annotations

import argparse
import http.server
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time

import orjson

if os.path.dirname(os.path.abspath(__file__)) not in sys.path:
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from crud import Client, _loadavg, build_app, git_state  # noqa: E402

from clapboard.db import redact_url  # noqa: E402
from clapboard.testing import LiveServer, reset_database  # noqa: E402


class Receiver:
    """A loopback receiver answering 200, or blocking each request while ``hang`` is not set."""

    def __init__(self):
        self.hang = threading.Event()
        self.hang.set()
        self.count = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.hang.wait(600)
                receiver.count += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def writes(base_url: str, project_ids: list[str], count: int, clients: int, tag: str) -> list[float]:
    """``count`` renames spread over ``clients`` connections (one project each); latencies in ms."""

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        client = Client(base_url)
        mine = []
        for n in range(index, count, clients):
            body = orjson.dumps({"name": f"{tag} {index} {n}"})
            started = time.perf_counter()
            status, data, _size, _rows = client.request("PUT", f"/data/projects/{project_ids[index]}", body)
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                failures.append(f"{status} {data[:200]!r}")
        client.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} writes failed, first: {failures[0]}")
    return latencies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (emptied first); default SQLite")
    parser.add_argument("--writes", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--json", default=None, help="write the figures here")
    args = parser.parse_args(argv)

    work = tempfile.mkdtemp(prefix="cb-webhooks-bench-")
    url = args.database_url or "sqlite:///" + os.path.join(work, "bench.db")
    if args.database_url:
        reset_database(url)
    app = build_app(url, os.path.join(work, "data"), args.threads, plugins=("data", "webhooks"))
    app.config.plugin("webhooks").update({"timeout_seconds": 300, "poll_seconds": 1})
    server = LiveServer(app, threads=args.threads).start()
    receiver = Receiver()
    base = server.url
    admin = Client(base)
    try:
        project_ids = []
        for n in range(args.clients):
            status, data, _s, _r = admin.request("POST", "/data/projects", orjson.dumps({"name": f"Bench {n}"}))
            assert status == 201, data
            project_ids.append(orjson.loads(data)["id"])
        results = {}
        for phase in ("none", "fast", "hanging"):
            if phase == "fast":
                status, data, _s, _r = admin.request("POST", "/plugins/webhooks/hooks", orjson.dumps({
                    "url": receiver.url, "events": ["*"], "allow_private_network": True}))
                assert status == 201, data
            if phase == "hanging":
                receiver.hang.clear()
            writes(base, project_ids, args.warmup, args.clients, f"warm {phase}")
            started = time.perf_counter()
            latencies = writes(base, project_ids, args.writes, args.clients, phase)
            seconds = time.perf_counter() - started
            results[phase] = {
                "writes": len(latencies), "writes_per_s": round(len(latencies) / seconds, 1),
                "p50_ms": round(statistics.median(latencies), 2), "p95_ms": round(percentile(latencies, 95), 2),
                "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(max(latencies), 2),
                "received_during_phase": receiver.count,
            }
            receiver.hang.set()
            print(f"{phase:8} {results[phase]}", flush=True)
    finally:
        receiver.hang.set()
        admin.close()
        server.stop()
        app.close()
        receiver.server.shutdown()
    report = {"database": redact_url(url), "clients": args.clients, "threads": args.threads, "results": results,
              "python": platform.python_version(), "loadavg": _loadavg(), **git_state()}
    if args.json:
        with open(args.json, "wb") as out:
            out.write(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
