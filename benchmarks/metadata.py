#!/usr/bin/env python
"""Benchmark of a metadata descriptor's lifecycle on 10,000 assets: rename, retype (dry run, apply), delete.

Seeds one project straight through peewee: ``--assets`` assets whose ``data``
holds a value of the descriptor "Frames" (mostly numbers written as text, some
that are no number, a few cleared, some rows without the key), ``--tasks``
Modeling tasks holding a value of the task descriptor "Approved" ("yes",
"no", "maybe"), and a second project whose rows hold the same keys (they must
stay as they are). Then it serves the app with waitress
(``clapboard.testing.LiveServer``) in this process and times, through the real
HTTP API (``PUT|DELETE /data/projects/{id}/metadata-descriptors/{id}``), one
request at a time, ``--rounds`` times each:

1. rename (``{"name": ...}``), and the rename back;
2. retype dry run (``?dry_run=true``) and apply: Frames string -> number and
   back, Approved string -> boolean and back;
3. delete (once, at the end: it strips the values).

Each request is counted in SQL statements (peewee's ``db.query_hooks``), and
the stored rows are checked after every step (the values moved, converted,
kept or stripped; the other project untouched). On PostgreSQL the rewritten
tables are vacuumed between two timed writes (untimed), as autovacuum would do
between two changes a studio makes minutes apart. Exits 1 when a request
fails or a check does not hold.

    python benchmarks/metadata.py [--database-url URL] [--assets 10000] [--tasks 3000] [--rounds 3] [--json OUT]

Without ``--database-url`` it uses a temporary SQLite file. A PostgreSQL
database given by ``--database-url`` **is emptied first**.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid

import orjson
import peewee

if os.path.dirname(os.path.abspath(__file__)) not in sys.path:  # crud.py's helpers, when imported from elsewhere
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from crud import BATCH_ROWS, Client, QueryCounter, _loadavg, build_app, git_state, pg_reachable  # noqa: E402

import clapboard  # noqa: E402
from clapboard.db import is_sqlite, redact_url  # noqa: E402
from clapboard.testing import LiveServer, reset_database  # noqa: E402

ASSET_TYPES = ("Character", "Environment", "Prop", "FX")
SEED = 20261212
OTHER_PROJECT_ASSETS = 1_000


def frames_value(rng: random.Random):
    """What a studio typed in a text column meant for frame counts: mostly numbers, some not."""

    roll = rng.random()
    if roll < 0.05:
        return rng.choice(("n/a", "tbd", "about 40"))
    if roll < 0.07:
        return ""
    return str(rng.randint(1, 480))


def seed(app, n_assets: int, n_tasks: int, rng: random.Random) -> dict:
    from clapboard.plugins.data.models import Entity, EntityType, Project, ProjectStatus, Task, TaskStatus, TaskType

    db = app.db
    started = time.perf_counter()
    with db.connection_context():
        kinds = {e.name: e.id for e in EntityType.select()}
        status = ProjectStatus.get(ProjectStatus.name == "Open").id
        modeling = TaskType.get((TaskType.name == "Modeling") & (TaskType.for_entity == "Asset")).id
        todo = TaskStatus.get(TaskStatus.short_name == "todo").id
        projects = [{"id": uuid.uuid4(), "name": name, "production_type": "featurefilm", "project_status": status}
                    for name in ("Lifecycle bench", "Other project")]
        holding = {"frames": 0, "approved": 0}
        entities, tasks = [], []
        for project, count in zip(projects, (n_assets, OTHER_PROJECT_ASSETS)):
            for i in range(count):
                data = {"camera": "wide", "lens": 35}
                if rng.random() < 0.9:
                    data["frames"] = frames_value(rng)
                    holding["frames"] += project is projects[0]
                entities.append({"id": uuid.uuid4(), "name": f"Asset {i:05d}", "project": project["id"],
                                 "entity_type": kinds[ASSET_TYPES[i % len(ASSET_TYPES)]], "data": data})
        for entity in entities[:n_tasks] + entities[n_assets:n_assets + min(n_tasks, OTHER_PROJECT_ASSETS)]:
            data = {"approved": rng.choice(("yes", "no", "maybe"))}
            holding["approved"] += entity["project"] == projects[0]["id"]
            tasks.append({"id": uuid.uuid4(), "name": "main", "project": entity["project"], "task_type": modeling,
                          "task_status": todo, "entity": entity["id"], "data": data})
        with db.atomic():
            Project.insert_many(projects).execute()
            for model, rows in ((Entity, entities), (Task, tasks)):
                for start in range(0, len(rows), BATCH_ROWS):
                    model.insert_many(rows[start:start + BATCH_ROWS]).execute()
        if not is_sqlite(db):
            db.execute_sql("ANALYZE")
    return {"project_id": str(projects[0]["id"]), "other_project_id": str(projects[1]["id"]),
            "modeling_id": str(modeling), "assets": n_assets, "tasks": len(tasks), "holding": holding,
            "seconds": round(time.perf_counter() - started, 2)}


class Api:
    """One keep-alive connection; every request timed and its statements counted."""

    def __init__(self, app, base_url: str):
        self.client, self.counter = Client(base_url), QueryCounter(app.db).__enter__()

    def close(self) -> None:
        self.counter.__exit__(None, None, None)
        self.client.close()

    def send(self, method: str, path: str, body=None) -> tuple[int, object, float, int]:
        self.counter.take()
        started = time.perf_counter()
        status, data, _size, _rows = self.client.request(method, path, orjson.dumps(body) if body else None)
        seconds = time.perf_counter() - started
        time.sleep(0.02)  # let the server thread return its connection before counting
        statements = len(self.counter.take())
        return status, (orjson.loads(data) if data else None), seconds, statements


def stored(app, model, project_id, key: str) -> dict:
    """``{row id: value}`` of the rows of ``project_id`` whose ``data`` holds ``key``."""

    with app.db.connection_context():
        rows = model.select(model.id, model.data).where(model.project == project_id).tuples()
        return {str(i): d[key] for i, d in rows if isinstance(d, dict) and key in d}


def settle(app) -> None:
    """PostgreSQL: vacuum the rewritten tables, as autovacuum does between two changes a studio makes minutes
    apart (every rewritten row leaves a dead version behind; without it, each round would pay for the last)."""

    if not is_sqlite(app.db):
        with app.db.connection_context():
            app.db.execute_sql("VACUUM ANALYZE entity, task")


def run(app, base_url: str, seeded: dict, rounds: int) -> tuple[list[dict], list[str]]:
    from clapboard.plugins.data.models import Entity, Task

    api, problems, steps = Api(app, base_url), [], []
    project, other = seeded["project_id"], seeded["other_project_id"]
    base = f"/data/projects/{project}/metadata-descriptors"
    other_before = {m.__name__: stored(app, m, other, k) for m, k in ((Entity, "frames"), (Task, "approved"))}

    def create(body) -> dict:
        status, answer, _s, _n = api.send("POST", base, body)
        if status != 201:
            raise SystemExit(f"could not create the descriptor {body}: {status} {answer}")
        return answer

    def timed(label: str, method: str, path: str, body=None, rows: int = 0) -> dict:
        status, answer, seconds, statements = api.send(method, path, body)
        step = {"operation": label, "rows": rows, "seconds": seconds, "statements": statements, "status": status}
        if not 200 <= status < 300:
            problems.append(f"{label}: {method} {path} answered {status}: {str(answer)[:300]}")
        elif isinstance(answer, dict) and answer.get("dry_run"):
            step["report"] = {k: answer.get(k) for k in ("holding", "converted", "unchanged", "failed")}
        else:
            settle(app)
        steps.append(step)
        return answer if isinstance(answer, dict) else {}

    def expect(what: str, ok: bool) -> None:
        if not ok:
            problems.append(f"check failed: {what}")

    for model, kind, key, name, extra, holding, retype in (
            (Entity, "Asset", "frames", "Frames", {}, seeded["holding"]["frames"], "number"),
            (Task, "Task", "approved", "Approved", {"task_type_id": seeded["modeling_id"]},
             seeded["holding"]["approved"], "boolean")):
        descriptor = create({"entity_type": kind, "name": name, "data_type": "string", **extra})
        url = f"{base}/{descriptor['id']}"
        original = stored(app, model, project, key)
        for _ in range(rounds):
            timed(f"{kind}: rename", "PUT", url, {"name": f"{name} renamed"}, holding)
            moved = stored(app, model, project, f"{key}_renamed")
            expect(f"{kind} rename moved every value", moved == original and not stored(app, model, project, key))
            timed(f"{kind}: rename back", "PUT", url, {"name": name}, holding)
            expect(f"{kind} rename back", stored(app, model, project, key) == original)
        for _ in range(rounds):
            report = timed(f"{kind}: retype to {retype}, dry run", "PUT", f"{url}?dry_run=true",
                           {"data_type": retype}, holding)
            expect(f"{kind} dry run wrote nothing", stored(app, model, project, key) == original)
            expect(f"{kind} dry run counts", report.get("holding") == holding)
            timed(f"{kind}: retype to {retype}", "PUT", url, {"data_type": retype}, holding)
            converted = stored(app, model, project, key)
            expect(f"{kind} retype kept every value", set(converted) == set(original))
            expect(f"{kind} retype converted as the dry run said",
                   sum(converted[i] != original[i] for i in original) == report.get("converted"))
            timed(f"{kind}: retype back to string, dry run", "PUT", f"{url}?dry_run=true",
                  {"data_type": "string"}, holding)
            timed(f"{kind}: retype back to string", "PUT", url, {"data_type": "string"}, holding)
            original = stored(app, model, project, key)
        timed(f"{kind}: delete", "DELETE", url, None, holding)
        expect(f"{kind} delete stripped every value", not stored(app, model, project, key))
    other_after = {m.__name__: stored(app, m, other, k) for m, k in ((Entity, "frames"), (Task, "approved"))}
    expect("the other project's values are untouched", other_after == other_before)
    api.close()
    return steps, problems


def summary(steps: list[dict]) -> list[dict]:
    """One line per operation: the median, fastest and slowest of its rounds."""

    lines: dict[str, dict] = {}
    for step in steps:
        line = lines.setdefault(step["operation"], {"operation": step["operation"], "rows": step["rows"],
                                                    "times": [], "statements": set(), "report": step.get("report")})
        line["times"].append(step["seconds"])
        line["statements"].add(step["statements"])
    out = []
    for line in lines.values():
        times = line.pop("times")
        statements = sorted(line.pop("statements"))
        out.append({**line, "runs": len(times), "median_ms": round(statistics.median(times) * 1000, 1),
                    "min_ms": round(min(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
                    "statements": statements[0] if len(statements) == 1 else f"{statements[0]}-{statements[-1]}"})
    return out


def table(lines: list[dict]) -> list[str]:
    header = ["operation", "rows holding", "runs", "median ms", "min ms", "max ms", "statements", "dry run report"]
    cells = [header]
    for line in lines:
        report = line.get("report")
        shown = (f"{report['converted']} converted, {report['unchanged']} unchanged, {report['failed']} kept"
                 if report else "")
        cells.append([line["operation"], f"{line['rows']:,}", str(line["runs"]), f"{line['median_ms']:.1f}",
                      f"{line['min_ms']:.1f}", f"{line['max_ms']:.1f}", str(line["statements"]), shown])
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    rows = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells]
    return rows[:1] + ["|" + "|".join("-" * (w + 2) for w in widths) + "|"] + rows[1:]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL (emptied first) or SQLite URL; default a temporary "
                                               "SQLite file")
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="waitress threads")
    parser.add_argument("--json", help="write every figure to this file")
    args = parser.parse_args(argv)
    if args.assets < 1 or args.tasks < 0 or args.tasks > args.assets or args.rounds < 1:
        parser.error("--assets >= 1, 0 <= --tasks <= --assets, --rounds >= 1")

    work_dir = tempfile.mkdtemp(prefix="clapboard-metadata-bench-")
    url = args.database_url or "sqlite:///" + os.path.join(work_dir, "bench.db")
    meta = {"started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": " ".join(["python", "benchmarks/metadata.py", *(sys.argv[1:] if argv is None else argv)]),
            "python": platform.python_version(), "peewee": peewee.__version__, "clapboard": clapboard.__version__,
            "cpus": os.cpu_count(), "database": redact_url(url), "load_average_at_start": _loadavg(), **git_state()}
    print(f"clapboard {clapboard.__version__} at {(meta.get('git_commit') or '?')[:12]}; {redact_url(url)}; "
          f"{os.cpu_count()} CPUs, load average {meta['load_average_at_start']}")
    server = app = None
    try:
        if url.startswith("postgres"):
            reason = pg_reachable(url)
            if reason is not None:
                print(f"error: PostgreSQL at {redact_url(url)} is unreachable: {reason}", file=sys.stderr)
                return 2
            reset_database(url)
        app = build_app(url, os.path.join(work_dir, "data"), args.threads, plugins=("data", "metadata"))
        seeded = seed(app, args.assets, args.tasks, random.Random(SEED))
        print(f"seeded {seeded['assets']:,} assets ({seeded['holding']['frames']:,} holding Frames) and "
              f"{seeded['tasks']:,} tasks ({seeded['holding']['approved']:,} of this project holding Approved), "
              f"plus {OTHER_PROJECT_ASSETS:,} assets in another project, in {seeded['seconds']:.1f} s")
        server = LiveServer(app, threads=args.threads).start()
        steps, problems = run(app, server.url, seeded, args.rounds)
    finally:
        if server is not None:
            server.stop()
        if app is not None:
            app.close()
        shutil.rmtree(work_dir, ignore_errors=True)
    lines = summary(steps)
    print("\n".join([""] + table(lines)))
    for problem in problems:
        print(f"PROBLEM: {problem}")
    meta["load_average_at_end"] = _loadavg()
    if args.json:
        with open(args.json, "wb") as handle:
            handle.write(orjson.dumps({"meta": meta, "seed": seeded, "summary": lines, "steps": steps,
                                       "problems": problems}, option=orjson.OPT_INDENT_2))
        print(f"\nfigures written to {args.json}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
