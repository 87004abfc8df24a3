#!/usr/bin/env python
"""Benchmark of the CSV import of 50,000 shots: rows per second and the server's memory (``csv.py import``).

    python benchmarks/csv.py import [--database sqlite|postgresql|both] [--database-url URL]
                                    [--shots 50000] [--rounds 1] [--assignees] [--json OUT]

(or ``python benchmarks/csv_import.py …`` with the same options). For each
database it seeds the studio (the defaults, 20 people) and, per round, an
empty TV show with the three shot task types (Layout, Animation,
Compositing) and three shot descriptors (string, list, boolean). It writes
the file Kitsu's shots export gives for ``--shots`` shots (Project, Episode,
Sequence, Name, Description, Time Spent, Frames, Frame In, Frame Out, FPS, the
descriptor columns, then each task type's status — "todo", the default, so no
comment — and its "Assignations" column, empty unless ``--assignees``): 10
episodes, 100 sequences, non-ASCII descriptions, in ``;`` with CRLF and a BOM,
as a spreadsheet saves it. Then a fresh ``clapboard serve --workers 1
--threads 4`` (every first-party plugin, started by the export half's
helpers), with the studio's admin logged in, takes over a real socket:

1. a warm-up import of 10 shots into another show;
2. the import of the file (``POST /import/csv/projects/{id}/shots``): every
   shot, episode and sequence created, three tasks per shot, the events;
3. the same file again with ``?update=true``: every shot rewritten.

Figures: seconds, rows per second, the answer's size, and the server's
resident memory before and at its peak (``VmHWM``, the kernel's high-water
mark). Checks: status 201, one answer row per line, the shots, sequences and
tasks in the database. Exits 1 when a check fails.

Without ``--database-url`` PostgreSQL is ``postgresql://postgres@127.0.0.1:55433/cb_io2``
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
import sys
import tempfile
import time
import uuid

# ``csv.py`` sits in this folder: with the folder first on the path, ``import csv`` would find it
# instead of the standard library's. The folder goes last, where ``crud`` is still found.
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [HERE]

from crud import DEFAULT_PG_URL, _loadavg, database_targets, git_state  # noqa: E402

from clapboard.db import is_sqlite, redact_url  # noqa: E402
from clapboard.testing import reset_database  # noqa: E402


def _export_half():
    """``csv.py``, the export half, loaded by path (its name would shadow the standard ``csv``):
    the server it starts (``clapboard serve``), its login and memory readings serve here too."""

    import importlib.util

    spec = importlib.util.spec_from_file_location("clapboard_csv_bench", os.path.join(HERE, "csv.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


served = _export_half()
DEFAULT_PG = DEFAULT_PG_URL
TASK_TYPES = ("Layout", "Animation", "Compositing")
DESCRIPTORS = (("Camera", "camera", "string", []), ("Difficulty", "difficulty", "list", ["easy", "hard"]),
               ("Approved", "approved", "boolean", []))
EPISODES, SEQUENCES = 10, 100
SEED = 20261206
MiB = 1024 * 1024
BOUNDARY = "clapboardcsvbenchboundary"


# ---------------------------------------------------------------------------------------------
# Seeding and the file
# ---------------------------------------------------------------------------------------------

def seed_people(app) -> list[str]:
    """20 artists and the admin who imports (``csv.py``'s login); the artists' full names."""

    from clapboard.plugins.data.models import Person

    people = [uuid.uuid4() for _ in range(20)]
    with app.db.connection_context(), app.db.atomic():
        Person.insert_many([{"id": p, "first_name": f"Artist{i:02d}", "last_name": "Bénédicte",
                             "email": f"artist{i:02d}@example.com"} for i, p in enumerate(people)]).execute()
        Person.insert(id=uuid.uuid4(), first_name="Bench", last_name="Admin", email=served.ADMIN, role="admin",
                      password=app.passwords.hash(served.PASSWORD)).execute()
    return [f"Artist{i:02d} Bénédicte" for i in range(len(people))]


def new_show(app, name: str) -> str:
    """An empty TV show with the shot task types, the descriptors and the 20 people in its team; its id."""

    from clapboard.plugins.data.models import (
        Person,
        Project,
        ProjectPersonLink,
        ProjectStatus,
        ProjectTaskTypeLink,
        TaskType,
    )
    from clapboard.plugins.metadata.models import MetadataDescriptor

    project = uuid.uuid4()
    with app.db.connection_context(), app.db.atomic():
        Project.insert(id=project, name=name, production_type="tvshow",
                       project_status=ProjectStatus.get(ProjectStatus.name == "Open").id).execute()
        types = TaskType.select(TaskType.id).where(TaskType.for_entity == "Shot", TaskType.name.in_(TASK_TYPES))
        ProjectTaskTypeLink.insert_many([{"id": uuid.uuid4(), "project": project, "task_type": t.id, "priority": n}
                                         for n, t in enumerate(types)]).execute()
        ProjectPersonLink.insert_many([{"project": project, "person": p.id}
                                       for p in Person.select(Person.id)]).execute()
        MetadataDescriptor.insert_many([
            {"id": uuid.uuid4(), "project": project, "entity_type": "Shot", "name": label, "field_name": field,
             "data_type": kind, "choices": choices, "position": position}
            for position, (label, field, kind, choices) in enumerate(DESCRIPTORS)]).execute()
    return str(project)


def layout(n_shots: int) -> tuple[int, int, int]:
    """(shots per sequence, sequences, episodes) of a file of ``n_shots`` shots."""

    per_sequence = -(-n_shots // SEQUENCES)
    sequences = -(-n_shots // per_sequence)
    return per_sequence, sequences, len({s * EPISODES // SEQUENCES for s in range(sequences)})


def shots_file(n_shots: int, people: list[str], assignees: bool, rng: random.Random) -> bytes:
    """Kitsu's shots export of ``n_shots`` shots, saved by a spreadsheet (BOM, ``;``, CRLF)."""

    header = ["Project", "Episode", "Sequence", "Name", "Description", "Time Spent", "Frames", "Frame In",
              "Frame Out", "FPS", *(label for label, *_ in DESCRIPTORS)]
    for task_type in TASK_TYPES:
        header += [task_type, "Assignations"]
    lines = [";".join(header)]
    per_sequence = layout(n_shots)[0]
    for n in range(n_shots):
        sequence = n // per_sequence
        frame_in = 1001 + 100 * (n % per_sequence)
        cells = ["Source show", f"E{sequence * EPISODES // SEQUENCES + 1:02d}", f"SQ{sequence + 1:03d}",
                 f"SH{n % per_sequence * 10 + 10:04d}", f"Plan n°{n}, été", "0.00", "48", str(frame_in),
                 str(frame_in + 47), "24", rng.choice(("A cam", "B cam", "drone")), rng.choice(("easy", "hard")),
                 rng.choice(("true", "false"))]
        for _ in TASK_TYPES:
            cells += ["todo", ",".join(rng.sample(people, rng.choice((1, 2)))) if assignees else ""]
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The server process and the client
# ---------------------------------------------------------------------------------------------

def upload(port: int, token: str, project: str, data: bytes, update: bool = False) -> dict:
    """POST ``data`` as the part ``file``; timings, status, the answer's rows and size."""

    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"shots.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
    started = time.perf_counter()
    conn.request("POST", f"/import/csv/projects/{project}/shots" + ("?update=true" if update else ""), body=body,
                 headers={"Authorization": f"Bearer {token}",
                          "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    answer = conn.getresponse()
    content = answer.read()
    seconds = time.perf_counter() - started
    conn.close()
    parsed = json.loads(content)
    return {"status": answer.status, "seconds": round(seconds, 2), "answer_mib": round(len(content) / MiB, 1),
            "answer_rows": len(parsed) if isinstance(parsed, list) else None,
            "error": None if isinstance(parsed, list) else parsed}


def stored(app, project: str) -> dict:
    from clapboard.plugins.data.models import Entity, EntityType, Task

    with app.db.connection_context():
        kinds = dict(EntityType.select(EntityType.name, EntityType.id).tuples())
        count = {kind: Entity.select().where(Entity.project == project, Entity.entity_type == kinds[kind]).count()
                 for kind in ("Episode", "Sequence", "Shot")}
        count["tasks"] = Task.select().where(Task.project == project).count()
    return count


def measure(url: str, data_dir: str, projects: tuple[str, str], data: bytes, warm: bytes) -> dict:
    """One fresh server: a warm-up import, the import, the same file with ?update=true."""

    process, port = served.start_server(url, data_dir)
    try:
        token = served.log_in(port)
        warm_up = upload(port, token, projects[1], warm)
        assert warm_up["status"] == 201, warm_up
        before = served.memory(process.pid)
        created = upload(port, token, projects[0], data)
        after_create = served.memory(process.pid)
        updated = upload(port, token, projects[0], data, update=True)
        after_update = served.memory(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {"rss_before_mib": before["VmRSS"], "create": {**created, "peak_mib": after_create["VmHWM"]},
            "update": {**updated, "peak_mib": after_update["VmHWM"]}}


def bench_import(kind: str, url: str, args, work_dir: str) -> dict:
    print(f"\n=== {kind}: {redact_url(url)} ===", flush=True)
    if kind == "postgresql":
        reset_database(url)
    data_dir = os.path.join(work_dir, f"data-{kind}")
    rng = random.Random(SEED)
    app = served.build_app(url, data_dir)
    try:
        people = seed_people(app)
        data = shots_file(args.shots, people, args.assignees, rng)
        warm = shots_file(10, people, args.assignees, rng)
        print(f"file: {args.shots:,} shots, {len(data) / MiB:.1f} MiB", flush=True)
        runs, failures = [], []
        for round_ in range(args.rounds):
            projects = (new_show(app, f"CSV import bench {round_}"), new_show(app, f"CSV import warm-up {round_}"))
            if not is_sqlite(app.db):
                with app.db.connection_context():
                    app.db.execute_sql("ANALYZE")
            run = measure(url, data_dir, projects, data, warm)
            run["stored"] = stored(app, projects[0])
            _, sequences, episodes = layout(args.shots)
            expected = {"Episode": episodes, "Sequence": sequences, "Shot": args.shots,
                        "tasks": args.shots * len(TASK_TYPES)}
            for step in ("create", "update"):
                found = run[step]
                found["rows_per_s"] = round(args.shots / found["seconds"])
                if found["status"] != 201 or found["answer_rows"] != args.shots:
                    failures.append(f"{kind} {step}: {found}")
                print(f"{step:>6}: {found['seconds']:.1f} s ({found['rows_per_s']:,} rows/s), answer "
                      f"{found['answer_mib']} MiB; server RSS {run['rss_before_mib']} MiB before, peak "
                      f"{found['peak_mib']} MiB", flush=True)
            if run["stored"] != expected:
                failures.append(f"{kind}: stored {run['stored']}, expected {expected}")
            runs.append(run)
    finally:
        app.close()
    return {"database": kind, "url": redact_url(url), "shots": args.shots, "assignees": args.assignees,
            "runs": runs, "failures": failures}


def import_main(args) -> int:
    work_dir = tempfile.mkdtemp(prefix="clapboard-csv-import-bench-")
    report = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "loadavg": _loadavg()},
              **git_state(), "databases": []}
    try:
        for kind, url in database_targets(args, work_dir):
            report["databases"].append(bench_import(kind, url, args, work_dir))
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    report["machine"]["loadavg_after"] = _loadavg()
    if args.json_out:
        with open(args.json_out, "w") as handle:
            json.dump(report, handle, indent=2)
    failures = [f for db in report["databases"] for f in db["failures"]]
    for failure in failures:
        print("FAILED:", failure, file=sys.stderr)
    return 1 if failures else 0


def add_arguments(parser) -> None:
    """The options of ``import`` (shared with ``csv.py import``)."""

    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--database-url", help=f"PostgreSQL (emptied first; default {DEFAULT_PG})")
    parser.add_argument("--shots", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--assignees", action="store_true",
                        help="fill the Assignations columns (one or two people per task)")
    parser.add_argument("--json", dest="json_out")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return import_main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
