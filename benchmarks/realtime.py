#!/usr/bin/env python
"""Benchmark: how fast events reach Kitsu-style listeners across ``clapboard serve`` worker processes.

Starts ``clapboard serve --workers W`` on a fresh database (temporary SQLite
file, or ``--database-url``: a PostgreSQL database given there **is emptied
first**), connects ``--listeners`` python-socketio clients (long-polling,
namespace ``/events``, as the admin), then renames a project ``--writes``
times over HTTP, one after the other (each a ``project:update``). For each
write it notes when the API answered and when each listener got the event,
and prints the write latency and the delivery latency (answer -> arrival)
as p50 / p95 / p99 / max, plus how many deliveries were missing. Polls held
beyond ``max_held_polls`` are answered with noops, so ``--listeners`` above
the servers' held-poll capacity shows that cost too.

    python benchmarks/realtime.py [--database-url URL] [--workers 2] [--listeners 20] [--writes 200]
"""

from __future__ import annotations

import os
import sys

# This folder holds a csv.py that would hide the standard library's from importlib.metadata.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import argparse  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

import socketio  # noqa: E402

PASSWORD = "benchmark password 1"
CLAPBOARD = [sys.executable, "-m", "clapboard.cli"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http(base, method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def _serve(env, workers) -> tuple[subprocess.Popen, str]:
    for command in (["init-db"], ["create-admin", "bench@example.com", "--password", PASSWORD]):
        subprocess.run(CLAPBOARD + command, env=env, check=True, capture_output=True)
    port = _port()
    proc = subprocess.Popen(CLAPBOARD + ["serve", "--port", str(port), "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            _http(base, "GET", "/status")
            return proc, base
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _quantiles(values) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)

    def at(q):
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return f"p50 {at(0.5):.1f} ms  p95 {at(0.95):.1f} ms  p99 {at(0.99):.1f} ms  max {ordered[-1] * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--listeners", type=int, default=20)
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="clapboard-realtime-bench-")
    env = dict(os.environ, CLAPBOARD_DATA_DIR=data_dir,
               CLAPBOARD_DATABASE_URL=args.database_url or f"sqlite:///{data_dir}/bench.db")
    if args.database_url:
        from clapboard.testing import reset_database

        reset_database(args.database_url)
    proc, base = _serve(env, args.workers)
    clients = []
    try:
        token = _http(base, "POST", "/auth/login", {"email": "bench@example.com", "password": PASSWORD})["access_token"]
        project = _http(base, "POST", "/data/projects", {"name": "Bench"}, token)["id"]
        arrivals: dict[str, list[float]] = {}
        lock = threading.Lock()

        def record(name, data):
            if name == "project:update":
                with lock:
                    arrivals.setdefault(data["id"], []).append(time.monotonic())

        for _ in range(args.listeners):
            client = socketio.Client(reconnection=False)
            client.on("*", record, namespace="/events")
            client.connect(base, namespaces=["/events"], transports=["polling"], auth={"token": token},
                           wait_timeout=10)
            clients.append(client)
        time.sleep(1)
        writes, answered = [], {}
        for n in range(args.writes):
            start = time.monotonic()
            _http(base, "PUT", f"/data/projects/{project}", {"description": f"take {n}"}, token)
            done = time.monotonic()
            writes.append(done - start)
            answered[n] = done
        time.sleep(2)
        with lock:
            got = {key: list(times) for key, times in arrivals.items()}
        ordered = sorted(got.values(), key=min)
        delays = [t - answered[n] for n, times in enumerate(ordered[:len(answered)]) for t in times]
        missing = args.writes * args.listeners - sum(len(times) for times in got.values())
        print(f"workers {args.workers}, listeners {args.listeners}, writes {args.writes}, "
              f"database {'postgresql' if args.database_url else 'sqlite'}")
        print(f"write latency:    {_quantiles(writes)}")
        print(f"delivery latency: {_quantiles(delays)}  (write answered -> event received)")
        print(f"missing deliveries: {missing}")
        return 1 if missing else 0
    finally:
        for client in clients:
            client.disconnect()
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


if __name__ == "__main__":
    sys.exit(main())
