#!/usr/bin/env python3
"""Measure preview uploads on a Zou-compatible server: a 4K PNG and a 50 MB movie, N of each.

    python benchmarks/pictures.py URL [--procs SPEC] [--tool-procs SPEC] [--pictures 20] [--movies 4]
        [--clients 1] [--picture-size 3840x2160] [--movie-mb 50] [--movie-seconds 10] [--media-dir DIR]
        [--ready-timeout 900] [--poll 0.25] [--email E --password P] [--json OUT]

Loopback URLs only. Logs in, creates a project with a shot and its task
through the API, then for each upload a comment and its preview row
(``POST /actions/tasks/{id}/comment``, ``.../comments/{id}/add-preview``,
untimed), and times the uploads (``POST /pictures/preview-files/{id}``, the
file streamed from disk): uploads/s, p50/p99 latency, and for movies the time
from the upload's answer until the preview is ``ready`` (polled). ``--procs``
samples the server's memory during each kind (as load.py), ``--tool-procs``
its ffmpeg processes apart. Exits 1 when an upload failed or a movie did not
become ready.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import shlex
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from zoubench import references, report
from zoubench.api import ApiError, Connection, login, loopback_target, server_version
from zoubench.loadgen import percentile
from zoubench.media import MiB, Uploader, noisy_movie, noisy_png
from zoubench.memory import Sampler
from zoubench.seeding import DEFAULT_EMAIL, DEFAULT_PASSWORD


def arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("url")
    p.add_argument("--procs", help="server processes to sample: PIDs '12,34' or a command-line regex")
    p.add_argument("--tool-procs", help="the server's short-lived helpers (ffmpeg, ffprobe) sampled apart, e.g. "
                                        "'ff(mpeg|probe) .*<data dir>' (resolved every 0.25 s)")
    p.add_argument("--pictures", type=int, default=20, help="4K PNG uploads (default 20)")
    p.add_argument("--movies", type=int, default=4, help="movie uploads (default 4)")
    p.add_argument("--clients", type=int, default=1, help="uploads sent at once (default 1)")
    p.add_argument("--picture-size", default="3840x2160", help="width x height of the PNG (default 4K UHD)")
    p.add_argument("--movie-mb", type=int, default=50)
    p.add_argument("--movie-seconds", type=int, default=10, help="length of the movie (its bitrate follows)")
    p.add_argument("--media-dir", help="where the media are made once and reused (default: a temporary dir)")
    p.add_argument("--ready-timeout", type=float, default=900.0, help="seconds to wait for the movies to be ready")
    p.add_argument("--poll", type=float, default=0.25, help="seconds between two status polls of a movie")
    p.add_argument("--email", default=os.environ.get("BENCH_EMAIL", DEFAULT_EMAIL))
    p.add_argument("--password", default=os.environ.get("BENCH_PASSWORD", DEFAULT_PASSWORD))
    p.add_argument("--json", dest="json_out", help="write every figure to this file")
    return p.parse_args(argv)


def production(conn: Connection) -> dict:
    """A short project with one shot and its Animation task; the status comments set."""

    shot_types = references.task_types(conn)["Shot"]
    statuses = references.task_statuses(conn)
    body = {"name": f"Pictures bench {time.strftime('%Y%m%d-%H%M%S')}", "production_type": "short",
            "fps": "25", "ratio": "16:9", "resolution": "1920x1080"}
    status_open = references.project_status_id(conn)
    if status_open:
        body["project_status_id"] = status_open
    project = conn.post("/data/projects", body)
    base = f"/data/projects/{project['id']}"
    conn.post(base + "/settings/task-types", {"task_type_id": shot_types["Animation"]})
    conn.post(base + "/settings/task-status", {"task_status_id": statuses["wfa"]})
    sequence = conn.post(base + "/sequences", {"name": "SQ010"})
    tasks = {}
    for kind in ("picture", "movie"):
        shot = conn.post(base + "/shots", {"name": f"SH_{kind}", "sequence_id": sequence["id"], "nb_frames": 250})
        created = conn.post(f"/actions/projects/{project['id']}/task-types/{shot_types['Animation']}/shots/"
                            "create-tasks", [shot["id"]])
        tasks[kind] = created[0]["id"]
    return {"project_id": project["id"], "tasks": tasks, "status_id": statuses["wfa"]}


def preview_rows(conn: Connection, task_id: str, status_id: str, count: int) -> list[str]:
    ids = []
    for index in range(count):
        comment = conn.post(f"/actions/tasks/{task_id}/comment",
                            {"task_status_id": status_id, "comment": f"bench upload {index + 1}"})
        ids.append(conn.post(f"/actions/tasks/{task_id}/comments/{comment['id']}/add-preview", {})["id"])
    return ids


class ReadyWatch(threading.Thread):
    """Polls previews answered ``processing`` until they leave that status; records how long that took."""

    def __init__(self, target, token, poll: float, timeout: float):
        super().__init__(name="ready-watch", daemon=True)
        self.conn, self.poll, self.timeout = Connection(target, token), poll, timeout
        self.pending: dict[str, float] = {}  # preview id -> when its upload was answered
        self.done: dict[str, tuple[str, float]] = {}  # preview id -> (final status, seconds after the answer)
        self.lock, self.closed = threading.Lock(), threading.Event()
        self.poll_errors: list[str] = []

    def watch(self, preview_id: str, answered_at: float) -> None:
        with self.lock:
            self.pending[preview_id] = answered_at

    def run(self) -> None:
        deadline = None
        while True:
            with self.lock:
                waiting = dict(self.pending)
            if self.closed.is_set():
                deadline = deadline or time.monotonic() + self.timeout
                if not waiting or time.monotonic() > deadline:
                    return
            for preview_id, answered_at in waiting.items():
                try:
                    status = self.conn.get(f"/data/preview-files/{preview_id}")["status"]
                except (OSError, ApiError) as exc:  # counted; the preview is polled again
                    self.poll_errors.append(str(exc)[:200])
                    continue
                if status != "processing":
                    with self.lock:
                        self.pending.pop(preview_id)
                    self.done[preview_id] = (status, time.monotonic() - answered_at)
            time.sleep(self.poll)


def upload_all(target, token, ids: list[str], path: str, content_type: str, clients: int,
               watch: ReadyWatch | None) -> dict:
    jobs: queue.Queue = queue.Queue()
    for preview_id in ids:
        jobs.put(preview_id)
    latencies, errors, samples, lock = [], 0, [], threading.Lock()

    def worker():
        nonlocal errors
        uploader = Uploader(target, token)
        try:
            while True:
                try:
                    preview_id = jobs.get_nowait()
                except queue.Empty:
                    return
                try:
                    status, body, seconds = uploader.post(f"/pictures/preview-files/{preview_id}", path, content_type)
                except OSError as exc:
                    status, body, seconds = 0, repr(exc).encode(), 0.0
                with lock:
                    if 200 <= status < 300:
                        latencies.append(seconds)
                        if watch is not None and json.loads(body).get("status") == "processing":
                            watch.watch(preview_id, time.monotonic())
                        elif watch is not None:
                            watch.done[preview_id] = (json.loads(body).get("status"), 0.0)
                    else:
                        errors += 1
                        if len(samples) < 5:
                            samples.append(f"{status} {body[:200]!r}")
        finally:
            uploader.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"uploads": len(ids), "ok": len(ordered), "errors": errors, "error_samples": samples,
            "seconds": round(wall, 3), "uploads_per_s": round(len(ordered) / wall, 3) if wall else None,
            "p50_ms": round(percentile(ordered, 50) * 1000, 1) if ordered else None,
            "p99_ms": round(percentile(ordered, 99) * 1000, 1) if ordered else None,
            "mb_per_s": round(len(ordered) * os.path.getsize(path) / 1e6 / wall, 1) if wall else None}


def run_kind(args, target, token, conn, setup, kind: str, path: str, content_type: str, count: int) -> dict:
    ids = preview_rows(conn, setup["tasks"][kind], setup["status_id"], count)
    watch = ReadyWatch(target, token, args.poll, args.ready_timeout) if kind == "movie" else None
    with Sampler(args.procs) as memory, Sampler(args.tool_procs, refresh=0.25) as tools:
        if watch:
            watch.start()
        figures = upload_all(target, token, ids, path, content_type, args.clients, watch)
        if watch:
            watch.closed.set()
            watch.join()
    figures.update(kind=kind, file=os.path.basename(path), file_mib=round(os.path.getsize(path) / MiB, 1),
                   memory=memory.figures(), tool_memory=tools.figures())
    if watch:
        ready = sorted(s for status, s in watch.done.values() if status == "ready")
        figures.update(ready=len(ready), broken=sum(1 for status, _ in watch.done.values() if status != "ready"),
                       still_processing=len(watch.pending), poll_errors=len(watch.poll_errors),
                       ready_p50_s=round(percentile(ready, 50), 2) if ready else None,
                       ready_p99_s=round(percentile(ready, 99), 2) if ready else None)
    return figures


def table(results: list[dict]) -> list[str]:
    header = ["kind", "file MiB", "uploads", "err", "uploads/s", "p50 ms", "p99 ms", "MB/s", "ready p50 s",
              "ready p99 s", "not ready", "peak RSS MiB", "peak PSS MiB", "tools peak RSS MiB"]
    rows = []
    for r in results:
        m, tools = r["memory"] or {}, r["tool_memory"] or {}
        not_ready = r.get("broken", 0) + r.get("still_processing", 0) if r["kind"] == "movie" else None
        rows.append([f"{r['kind']} ({r['file']})", r["file_mib"], r["uploads"], r["errors"], r["uploads_per_s"],
                     r["p50_ms"], r["p99_ms"], r["mb_per_s"], r.get("ready_p50_s"), r.get("ready_p99_s"), not_ready,
                     m.get("peak_rss_mib"), m.get("peak_pss_mib"), tools.get("peak_rss_mib")])
    cells = [[("-" if v is None else str(v)) for v in row] for row in [header] + rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    return lines[:1] + ["|" + "|".join("-" * (w + 2) for w in widths) + "|"] + lines[1:]


def main(argv=None) -> int:
    args = arguments(argv)
    try:
        target = loopback_target(args.url)
        token = login(target, args.email, args.password)
    except (ValueError, OSError, ApiError) as exc:
        print(f"pictures.py: {exc}", file=sys.stderr)
        return 2
    media_dir = args.media_dir or tempfile.mkdtemp(prefix="pictures-bench-")
    os.makedirs(media_dir, exist_ok=True)
    width, height = (int(v) for v in args.picture_size.lower().split("x"))
    png = noisy_png(os.path.join(media_dir, f"frame-{width}x{height}.png"), width, height)
    mp4 = noisy_movie(os.path.join(media_dir, f"movie-{args.movie_mb}mb-{args.movie_seconds}s.mp4"),
                      args.movie_mb, args.movie_seconds)
    facts = {"command": shlex.join(["python"] + sys.argv), "machine": report.machine(), "git": report.commit(),
             "url": target.url, "server": server_version(target), "clients": args.clients, "procs": args.procs}
    print(f"machine: {facts['machine']['cpu_count']} CPU(s), {facts['machine']['cpu_model']}, load average "
          f"{facts['machine']['loadavg']}; server {target.url} {facts['server']}")
    conn = Connection(target, token)
    try:
        setup = production(conn)
        results = []
        for kind, path, content_type, count in (("picture", png, "image/png", args.pictures),
                                                ("movie", mp4, "video/mp4", args.movies)):
            if count:
                print(f"{kind}: {count} upload(s) of {os.path.basename(path)} "
                      f"({os.path.getsize(path) / MiB:.1f} MiB), {args.clients} client(s)", flush=True)
                results.append(run_kind(args, target, token, conn, setup, kind, path, content_type, count))
    except (OSError, ApiError) as exc:
        print(f"pictures.py: {exc}", file=sys.stderr)
        return 2
    finally:
        conn.close()
    print("\n".join([""] + table(results)))
    for r in results:
        for sample in r["error_samples"]:
            print(f"  {r['kind']} error: {sample}")
    facts["machine"]["loadavg_end"] = list(os.getloadavg())
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump({**facts, "project_id": setup["project_id"], "tasks": setup["tasks"], "results": results}, handle, indent=1)
        print(f"\nfigures written to {args.json_out}")
    failed = any(r["errors"] or r.get("broken") or r.get("still_processing") for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
