#!/usr/bin/env python
"""Benchmark of the CSV exports and imports of 50,000 shots: rows per second and the server's memory.

    python benchmarks/csv.py import …   (the import half: ``benchmarks/csv_import.py``)
    python benchmarks/csv.py export [--database sqlite|postgresql|both] [--database-url URL]
                                    [--shots 50000] [--small 10000] [--rounds 2] [--json OUT]

``export`` seeds straight through peewee two productions of a TV show, one of
``--small`` shots and one of ``--shots`` shots (500 shots per sequence, 10
sequences per episode), each shot with three tasks (Layout, Animation,
Compositing; statuses, one or two assignees, time spent) and three shot
descriptors (string, list, boolean) holding a value, and an admin. Then,
for each production and each round, it starts a fresh ``clapboard serve
--workers 1`` (waitress, every first-party plugin, as a studio runs it), logs
in (``POST /auth/login``) and downloads ``GET /export/csv/projects/{id}/shots.csv``
over a real socket, reading the answer as it comes. Figures: seconds to the first byte and to
the last, rows per second, bytes, and the server's resident memory before the
export (after a warm-up export of a 10-shot production) and at its peak
(``VmHWM``, the kernel's high-water mark: no sampling gap). A streamed export
keeps the peak flat whatever the number of rows; the file's line count and
header are checked. Exits 1 when a check fails.

Without ``--database-url`` PostgreSQL is ``postgresql://postgres@127.0.0.1:55433/cb_io1``
(skipped when unreachable); a PostgreSQL database used here **is emptied first**.
SQLite uses a temporary file.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

# This file is named csv.py: with its folder first on the path, ``import csv`` (the standard library's,
# which the exports use) would find it. The folder goes last, where ``crud`` is still found.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [HERE]

from crud import BATCH_ROWS, DEFAULT_PG_URL, _loadavg, database_targets, git_state  # noqa: E402

from clapboard.db import is_sqlite, redact_url  # noqa: E402
from clapboard.testing import TEST_SECRET, reset_database  # noqa: E402

ADMIN, PASSWORD = "csv.bench@example.com", "csv bench password"
DEFAULT_PG = DEFAULT_PG_URL
SHOTS_PER_SEQUENCE = 500
SEQUENCES_PER_EPISODE = 10
TASK_TYPES = ("Layout", "Animation", "Compositing")
STATUSES = ("todo", "wip", "wfa", "done")
SEED = 20261206
MiB = 1024 * 1024


# ---------------------------------------------------------------------------------------------
# Seeding
# ---------------------------------------------------------------------------------------------

def seed_production(app, name: str, n_shots: int, people: list, rng: random.Random) -> str:
    """A TV show of ``n_shots`` shots with tasks, assignees and descriptor values; its id."""

    from clapboard.plugins.data.models import (
        Entity,
        EntityType,
        Project,
        ProjectStatus,
        Task,
        TaskPersonLink,
        TaskStatus,
        TaskType,
    )
    from clapboard.plugins.metadata.models import MetadataDescriptor

    kinds = {e.name: e.id for e in EntityType.select()}
    types = {t.name: t.id for t in TaskType.select().where(TaskType.for_entity == "Shot")}
    statuses = {s.short_name: s.id for s in TaskStatus.select()}
    project = uuid.uuid4()
    Project.insert(id=project, name=name, production_type="tvshow",
                   project_status=ProjectStatus.get(ProjectStatus.name == "Open").id).execute()
    MetadataDescriptor.insert_many([
        {"id": uuid.uuid4(), "project": project, "entity_type": "Shot", "name": label, "field_name": field,
         "data_type": kind, "choices": choices, "position": position}
        for position, (label, field, kind, choices) in enumerate((
            ("Camera", "camera", "string", []), ("Difficulty", "difficulty", "list", ["easy", "hard"]),
            ("Approved", "approved", "boolean", [])))]).execute()
    entities, tasks, links = [], [], []
    blank = {"parent": None, "nb_frames": None, "description": None, "data": None}  # insert_many: same keys
    n_sequences = max(1, -(-n_shots // SHOTS_PER_SEQUENCE))
    for s in range(n_sequences):
        if s % SEQUENCES_PER_EPISODE == 0:
            episode = uuid.uuid4()
            entities.append({**blank, "id": episode, "name": f"E{s // SEQUENCES_PER_EPISODE + 1:02d}",
                             "project": project, "entity_type": kinds["Episode"]})
        sequence = uuid.uuid4()
        entities.append({**blank, "id": sequence, "name": f"SQ{s + 1:03d}", "project": project,
                         "entity_type": kinds["Sequence"], "parent": episode})
        for n in range(min(SHOTS_PER_SEQUENCE, n_shots - s * SHOTS_PER_SEQUENCE)):
            shot = uuid.uuid4()
            frame_in = 1001 + 10 * n
            entities.append({"id": shot, "name": f"SH{n * 10 + 10:04d}", "project": project,
                             "entity_type": kinds["Shot"], "parent": sequence, "nb_frames": 48,
                             "description": f"Shot {n} of sequence {s + 1}, é",
                             "data": {"frame_in": frame_in, "frame_out": frame_in + 47, "fps": "24",
                                      "camera": rng.choice(("A cam", "B cam", "drone")),
                                      "difficulty": rng.choice(("easy", "hard")),
                                      "approved": rng.choice(("true", "false"))}})
            for task_type in TASK_TYPES:
                task = uuid.uuid4()
                tasks.append({"id": task, "name": "main", "project": project, "entity": shot,
                              "task_type": types[task_type], "task_status": statuses[rng.choice(STATUSES)],
                              "duration": rng.choice((0.0, 60.0, 240.0))})
                for person in rng.sample(people, rng.choice((1, 2))):
                    links.append({"task": task, "person": person})
    for model, rows in ((Entity, entities), (Task, tasks), (TaskPersonLink, links)):
        for start in range(0, len(rows), BATCH_ROWS):
            model.insert_many(rows[start:start + BATCH_ROWS]).execute()
    return str(project)


def seed(app, sizes: dict) -> dict:
    from clapboard.plugins.data.models import Person

    rng = random.Random(SEED)
    started = time.perf_counter()
    found = {}
    with app.db.connection_context():
        with app.db.atomic():
            people = [uuid.uuid4() for _ in range(20)]
            Person.insert_many([{"id": p, "first_name": f"Artist{i:02d}", "last_name": "Bénédicte",
                                 "email": f"artist{i:02d}@example.com"} for i, p in enumerate(people)]).execute()
            Person.insert(id=uuid.uuid4(), first_name="Bench", last_name="Admin", email=ADMIN, role="admin",
                          password=app.passwords.hash(PASSWORD)).execute()
            for label, count in sizes.items():
                found[label] = seed_production(app, f"CSV bench {label}", count, people, rng)
        if not is_sqlite(app.db):
            app.db.execute_sql("ANALYZE")
    return {"projects": found, "seconds": round(time.perf_counter() - started, 1)}


# ---------------------------------------------------------------------------------------------
# The server process and the client
# ---------------------------------------------------------------------------------------------

def environment(url: str, data_dir: str) -> dict:
    """What ``clapboard serve`` reads: the database, the data folder, a fixed secret key; every plugin."""

    return {**os.environ, "CLAPBOARD_DATABASE_URL": url, "CLAPBOARD_DATA_DIR": data_dir,
            "CLAPBOARD_SECRET_KEY": TEST_SECRET, "CLAPBOARD_LOG_LEVEL": "WARNING",
            "CLAPBOARD_PLUGINS__AUTH__ARGON2_TIME_COST": "1", "CLAPBOARD_PLUGINS__AUTH__ARGON2_MEMORY_KIB": "1024"}


def build_app(url: str, data_dir: str):
    """The app as ``clapboard serve`` builds it, its schema made and default data in."""

    from clapboard.app import create_app
    from clapboard.config import load_config
    from clapboard.migrations import upgrade

    app = create_app(load_config(path=None, env=environment(url, data_dir)), check_schema=False)
    with app.db.connection_context():
        upgrade(app.db, app.migrations)
        with app.transaction():
            app.hook.init_data(app=app)
    return app


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ``clapboard serve`` with one waitress adjustment (``--outbuf-high-watermark``): waitress keeps a streamed
# answer in one in-memory buffer until that many bytes were written to it (16 MiB by default), however fast
# the client reads; a lower mark bounds what a streaming connection holds.
SERVE_WITH_WATERMARK = """
import os, sys, waitress.server
from clapboard.cli import main
create = waitress.server.create_server
mark = int(os.environ["BENCH_OUTBUF_HIGH_WATERMARK"])
waitress.server.create_server = lambda *a, **k: create(*a, outbuf_high_watermark=mark, **k)
main(sys.argv[1:])
"""


def start_server(url: str, data_dir: str, watermark: int | None = None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    arguments = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "4"]
    env = environment(url, data_dir)
    if watermark is None:
        command = [os.path.join(os.path.dirname(sys.executable), "clapboard"), *arguments]
    else:
        command = [sys.executable, "-c", SERVE_WITH_WATERMARK, *arguments]
        env["BENCH_OUTBUF_HIGH_WATERMARK"] = str(watermark)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/status")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("clapboard serve did not answer")


def log_in(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", "/auth/login", body=json.dumps({"email": ADMIN, "password": PASSWORD}),
                 headers={"Content-Type": "application/json"})
    answer = conn.getresponse()
    assert answer.status == 200, answer.read()
    return json.loads(answer.read())["access_token"]


def memory(pid: int) -> dict:
    """Resident memory now and at its peak (``VmRSS``, ``VmHWM``), in MiB."""

    found = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


def download(port: int, path: str, token: str) -> dict:
    """GET ``path``; the answer read in 64 KiB reads: timings, bytes, lines, header line."""

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    answer = conn.getresponse()
    first_byte, size, lines, head = None, 0, 0, b""
    while chunk := answer.read1(65536):
        if first_byte is None:
            first_byte = time.perf_counter() - started
            head = chunk.split(b"\r\n", 1)[0]
        size += len(chunk)
        lines += chunk.count(b"\r\n")
    total = time.perf_counter() - started
    conn.close()
    return {"status": answer.status, "first_byte_s": round(first_byte or total, 3), "seconds": round(total, 3),
            "bytes": size, "lines": lines, "header": head.decode()}


def measure(url: str, data_dir: str, project: str, warm_project: str, watermark: int | None) -> dict:
    """One fresh server: a warm-up export, then the measured one."""

    process, port = start_server(url, data_dir, watermark)
    try:
        token = log_in(port)
        warm = download(port, f"/export/csv/projects/{warm_project}/shots.csv", token)
        assert warm["status"] == 200, warm
        before = memory(process.pid)
        found = download(port, f"/export/csv/projects/{project}/shots.csv", token)
        after = memory(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    found.update({"rss_before_mib": before["VmRSS"], "peak_before_mib": before["VmHWM"],
                  "peak_mib": after["VmHWM"], "peak_growth_mib": round(after["VmHWM"] - before["VmRSS"], 1)})
    return found


def bench_export(kind: str, url: str, args, work_dir: str) -> dict:
    print(f"\n=== {kind}: {redact_url(url)} ===", flush=True)
    if kind == "postgresql":
        reset_database(url)
    data_dir = os.path.join(work_dir, f"data-{kind}")
    app = build_app(url, data_dir)
    sizes = {"warm-up": 10, f"{args.small}": args.small, f"{args.shots}": args.shots}
    try:
        seeded = seed(app, sizes)
    finally:
        app.close()
    print(f"seeded {sum(sizes.values()):,} shots in {seeded['seconds']} s", flush=True)
    results, failures = {}, []
    for watermark, label in [(mark, label) for mark in (None, *args.outbuf_high_watermark)
                             for label in (f"{args.small}", f"{args.shots}")]:
        runs = []
        server = "clapboard serve" if watermark is None else f"outbuf_high_watermark={watermark // 1024} KiB"
        for _ in range(args.rounds):
            run = measure(url, data_dir, seeded["projects"][label], seeded["projects"]["warm-up"], watermark)
            run["server"] = server
            run["rows_per_s"] = round(int(label) / run["seconds"])
            ok = run["status"] == 200 and run["lines"] == int(label) + 1 and run["header"].startswith(
                "Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;Camera;"
                "Difficulty;Approved;Layout;Assignations;Animation;Assignations;Compositing;Assignations")
            if not ok:
                failures.append(f"{kind} {label}: {run}")
            runs.append(run)
            print(f"{server}, {label:>6} shots: {run['seconds']:.2f} s ({run['rows_per_s']:,} rows/s, first byte "
                  f"{run['first_byte_s']:.3f} s), {run['bytes'] / MiB:.1f} MiB; server RSS "
                  f"{run['rss_before_mib']} MiB before, peak {run['peak_mib']} MiB "
                  f"(+{run['peak_growth_mib']})", flush=True)
        results[f"{server}, {label}"] = runs
    return {"database": kind, "url": redact_url(url), "shots": results, "failures": failures}


def export_main(args) -> int:
    work_dir = tempfile.mkdtemp(prefix="clapboard-csv-bench-")
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg": _loadavg()},
              **git_state(), "databases": []}
    try:
        for kind, url in database_targets(args, work_dir):
            report["databases"].append(bench_export(kind, url, args, work_dir))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump(report, handle, indent=2)
    failures = [f for db in report["databases"] for f in db["failures"]]
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="the shots export through a real server")
    export.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    export.add_argument("--database-url", help=f"PostgreSQL (emptied first; default {DEFAULT_PG})")
    export.add_argument("--shots", type=int, default=50_000)
    export.add_argument("--small", type=int, default=10_000, help="the smaller production, to compare memory")
    export.add_argument("--rounds", type=int, default=2)
    export.add_argument("--outbuf-high-watermark", type=int, nargs="*", default=[1024 * 1024],
                        help="also run with waitress's outbuf_high_watermark at these byte counts (default 1 MiB)")
    export.add_argument("--json", dest="json_out")
    import csv_import  # the import half (its own module: see its docstring)

    csv_import.add_arguments(commands.add_parser("import", help="the shots import through a real server"))
    args = parser.parse_args(argv)
    if args.command == "import":
        return csv_import.import_main(args)
    return export_main(args)


if __name__ == "__main__":
    sys.exit(main())
