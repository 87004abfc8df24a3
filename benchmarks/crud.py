#!/usr/bin/env python
"""Benchmark of the data plugin's generic CRUD routes on SQLite and PostgreSQL.

Seeds a realistic production (4 projects, episodes, sequences, shots and assets
as ``entity`` rows, persons, assignees and 100,000 tasks) straight through
peewee, then serves the app with waitress (``clapboard.testing.LiveServer``)
in this process and drives it over real HTTP/1.1 keep-alive connections from
concurrent client threads for a fixed duration per route:

1. ``GET /data/tasks?page=<random>&limit=100``
2. the same filtered by ``project_id``
3. ``GET /data/tasks`` (the whole table, streamed), with one client and then
   with ``--clients`` clients: seconds per list, rows/s, RSS growth of this
   process (server included) while it runs
4. ``GET /data/tasks/<random id>``
5. ``POST /data/tasks``
6. ``PUT /data/tasks/<random id>`` (description)

It also counts the SQL statements each kind of request runs (peewee's
``db.query_hooks``), one request at a time. Any non-2xx answer or transport
error counts as an error; the script exits with status 1 when there was one.

    python benchmarks/crud.py [--database sqlite|postgresql|both] [--tasks 100000]
        [--pg-url URL] [--seconds N] [--clients N] [--threads N] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import http.client
import json
import math
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse

import orjson
import peewee

import clapboard
from clapboard import create_app, load_config
from clapboard.db import is_sqlite, open_database, redact_url
from clapboard.migrations import upgrade
from clapboard.testing import TEST_ACTOR_HEADER, TEST_SECRET, LiveServer, TestActors, reset_database

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:55433/clapboard_bench"
BATCH_ROWS = 500  # rows per INSERT statement
ROWS_PER_TRANSACTION = 10_000
PAGE_LIMIT = 100
SEED = 20261128

MiB = 1024 * 1024

# --------------------------------------------------------------------------------------------
# The production to seed
# --------------------------------------------------------------------------------------------

# Task types a studio adds to the defaults of ``init_data`` (name, short name, for_entity, department).
EXTRA_TASK_TYPES = (
    ("Sculpting", "SCU", "Asset", "Modeling"),
    ("Texturing", "TEX", "Asset", "Shading"),
    ("Grooming", "GRM", "Asset", "Shading"),
    ("Look Dev", "LKD", "Asset", "Lighting"),
    ("Tracking", "TRK", "Shot", "Layout"),
    ("Blocking", "BLK", "Shot", "Animation"),
    ("CFX", "CFX", "Shot", "FX"),
    ("Matte Painting", "MTP", "Shot", "Compositing"),
    ("Roto", "ROT", "Shot", "Compositing"),
    ("Paint", "PNT", "Shot", "Compositing"),
)
ASSET_TASK_TYPES = ("Concept", "Modeling", "Sculpting", "Texturing", "Shading", "Rigging", "Grooming", "Look Dev")
SHOT_TASK_TYPES = ("Tracking", "Layout", "Blocking", "Animation", "CFX", "FX", "Matte Painting", "Roto", "Paint",
                   "Lighting", "Compositing")
ASSET_TYPES = ("Character", "Environment", "Prop", "FX")

# name, code, production_type, production_style, share of the tasks, episodes (0: a film), status
PROJECTS = (
    ("Moonfall", "MNF", "featurefilm", "3d", 0.45, 0, "Open"),
    ("Harbor Tales", "HBT", "tvshow", "2d3d", 0.30, 26, "Open"),
    ("Tiny Robots", "TRB", "tvshow", "2d", 0.15, 13, "Open"),
    ("Spring Campaign", "SPC", "short", "commercial", 0.10, 0, "Closed"),
)

# short name -> weight (a production about half way through)
STATUS_WEIGHTS = {"done": 38, "wip": 18, "todo": 22, "wfa": 8, "retake": 5, "ready": 9}

FIRST_NAMES = ("Alice", "Bruno", "Chloé", "Dmitri", "Emma", "Farid", "Gaëlle", "Hiro", "Inès", "Jonas", "Kenji",
               "Léa", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tess")
LAST_NAMES = ("Martin", "Bernard", "Nakamura", "Okafor", "Rossi", "Dubois", "Silva", "Kowalski", "Haddad", "Larsen")


@dataclass
class Seeded:
    tasks: int = 0
    entities: int = 0
    entities_by_kind: dict = field(default_factory=dict)
    projects: int = 0
    persons: int = 0
    assignee_links: int = 0
    seconds: float = 0.0
    task_ids: list = field(default_factory=list)
    project_tasks: dict = field(default_factory=dict)  # project id (str) -> number of tasks
    shots: list = field(default_factory=list)  # (project id, shot id) for creates
    shot_task_type_ids: list = field(default_factory=list)
    status_ids: list = field(default_factory=list)
    storage: dict = field(default_factory=dict)


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH_ROWS):
        model.insert_many(rows[start:start + BATCH_ROWS]).execute()


def _insert_in_transactions(db, model, rows_iter) -> int:
    """Insert rows from an iterator, ROWS_PER_TRANSACTION per transaction."""

    total = 0
    chunk: list[dict] = []

    def flush():
        with db.atomic():
            _insert(model, chunk)

    for row in rows_iter:
        chunk.append(row)
        if len(chunk) >= ROWS_PER_TRANSACTION:
            flush()
            total += len(chunk)
            chunk = []
    if chunk:
        flush()
        total += len(chunk)
    return total


def seed(app, n_tasks: int, rng: random.Random) -> Seeded:
    """A production of ``n_tasks`` tasks, inserted with ``insert_many`` (no HTTP)."""

    from clapboard.plugins.data.models import (
        Department, Entity, EntityType, Person, Project, ProjectAssetTypeLink, ProjectPersonLink, ProjectStatus,
        ProjectTaskStatusLink, ProjectTaskTypeLink, Task, TaskPersonLink, TaskStatus, TaskType,
    )

    db = app.db
    out = Seeded()
    started = time.perf_counter()
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)

    def stamp(days_ago_max: float, days_ago_min: float = 0.0) -> dt.datetime:
        seconds = rng.uniform(days_ago_min * 86400, days_ago_max * 86400)
        return (now - dt.timedelta(seconds=seconds)).replace(microsecond=0)

    with db.connection_context():
        # Reference data: what init_data made, plus a studio's own task types.
        with db.atomic():
            departments = {d.name: d.id for d in Department.select()}
            for name, short, kind, dept in EXTRA_TASK_TYPES:
                TaskType.get_or_create(name=name, for_entity=kind, department=departments[dept],
                                       defaults={"short_name": short})
        types = {(t.name, t.for_entity): t.id for t in TaskType.select()}
        asset_tt = [types[(n, "Asset")] for n in ASSET_TASK_TYPES]
        shot_tt = [types[(n, "Shot")] for n in SHOT_TASK_TYPES]
        storyboard_tt = types[("Storyboard", "Sequence")]
        episode_tt = types[("Episode Edit", "Episode")]
        entity_types = {e.name: e.id for e in EntityType.select()}
        statuses = {s.short_name: s.id for s in TaskStatus.select()}
        project_statuses = {s.name: s.id for s in ProjectStatus.select()}
        status_keys = list(STATUS_WEIGHTS)
        status_weights = [STATUS_WEIGHTS[k] for k in status_keys]
        out.shot_task_type_ids = [str(t) for t in shot_tt]
        out.status_ids = [str(statuses[k]) for k in status_keys]

        # Persons: 6 supervisors, 4 production managers, artists.
        persons = []
        for i in range(80):
            role = "supervisor" if i < 6 else "manager" if i < 10 else "user"
            first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i * 7) % len(LAST_NAMES)]
            created = stamp(700, 365)
            persons.append({
                "id": uuid.uuid4(), "first_name": first, "last_name": f"{last} {i:02d}",
                "email": f"{first.lower()}.{last.lower()}{i:02d}@studio.example", "role": role,
                "position": "supervisor" if role == "supervisor" else "artist",
                "seniority": rng.choice(("senior", "mid", "junior")), "daily_salary": rng.randint(200, 600),
                "created_at": created, "updated_at": created,
            })
        with db.atomic():
            _insert(Person, persons)
        supervisors = [p["id"] for p in persons[:10]]
        artists = [p["id"] for p in persons[10:]]
        out.persons = len(persons)

        # Projects, and their task type / status / asset type / team links.
        projects = []
        for name, code, ptype, style, _share, _eps, status in PROJECTS:
            created = stamp(400, 300)
            projects.append({
                "id": uuid.uuid4(), "name": name, "code": code, "production_type": ptype,
                "production_style": style, "project_status": project_statuses[status], "fps": "24",
                "nb_episodes": _eps, "start_date": created.date(),
                "end_date": (created + dt.timedelta(days=540)).date(), "created_at": created, "updated_at": created,
            })
        with db.atomic():
            _insert(Project, projects)
            links_tt, links_ts, links_at, team = [], [], [], []
            for p in projects:
                for prio, tt in enumerate(asset_tt + shot_tt + [storyboard_tt, episode_tt]):
                    links_tt.append({"id": uuid.uuid4(), "project": p["id"], "task_type": tt, "priority": prio})
                for prio, key in enumerate(status_keys):
                    links_ts.append({"id": uuid.uuid4(), "project": p["id"], "task_status": statuses[key],
                                     "priority": prio})
                for at in ASSET_TYPES:
                    links_at.append({"project": p["id"], "asset_type": entity_types[at]})
                for person in rng.sample(persons, 40):
                    team.append({"project": p["id"], "person": person["id"], "role": None})
            _insert(ProjectTaskTypeLink, links_tt)
            _insert(ProjectTaskStatusLink, links_ts)
            _insert(ProjectAssetTypeLink, links_at)
            _insert(ProjectPersonLink, team)
        out.projects = len(projects)

        # Entities: assets, episodes, sequences, shots; planned so tasks add up to exactly n_tasks.
        entity_rows: list[dict] = []
        task_targets: list[tuple[dict, int, list]] = []  # (project, task budget, [(entity id, [task types], created)])
        remaining = n_tasks
        kinds = {"Asset": 0, "Episode": 0, "Sequence": 0, "Shot": 0}

        def entity(project, type_name, name, parent=None, created=None, **extra):
            created = created or stamp(300, 30)
            row = {
                "id": uuid.uuid4(), "name": name, "project": project["id"], "entity_type": entity_types[type_name],
                "parent": parent, "description": None, "nb_frames": None, "status": "running", "data": None,
                "created_at": created, "updated_at": created,
            }
            row.update(extra)
            entity_rows.append(row)
            return row

        for index, (p, spec) in enumerate(zip(projects, PROJECTS)):
            budget = remaining if index == len(projects) - 1 else round(n_tasks * spec[4])
            remaining -= budget
            n_episodes = spec[5]
            n_assets = max(1, round(budget * 0.12 / len(ASSET_TASK_TYPES)))
            shots_estimate = max(1, budget * 0.88 / len(SHOT_TASK_TYPES))
            n_episodes = max(1, min(n_episodes, round(shots_estimate / 60))) if n_episodes else 0
            n_sequences = max(1, round(shots_estimate / 25))
            fixed = n_assets * len(ASSET_TASK_TYPES) + n_sequences + n_episodes
            n_shots = max(1, math.ceil(max(0, budget - fixed) / len(SHOT_TASK_TYPES)))
            plan = []
            for i in range(n_assets):
                at = ASSET_TYPES[i % len(ASSET_TYPES)]
                row = entity(p, at, f"{at} {i + 1:04d}", description=rng.choice((None, f"{at} design, turn {i}")))
                plan.append((row["id"], asset_tt, row["created_at"]))
                kinds["Asset"] += 1
            episodes = []
            for e in range(n_episodes):
                row = entity(p, "Episode", f"E{e + 1:03d}")
                episodes.append(row)
                plan.append((row["id"], [episode_tt], row["created_at"]))
                kinds["Episode"] += 1
            sequences = []
            for s in range(n_sequences):
                parent = episodes[s % len(episodes)]["id"] if episodes else None
                row = entity(p, "Sequence", f"SQ{s + 1:03d}", parent=parent)
                sequences.append(row)
                plan.append((row["id"], [storyboard_tt], row["created_at"]))
                kinds["Sequence"] += 1
            for s in range(n_shots):
                sequence = sequences[s % len(sequences)]
                row = entity(p, "Shot", f"SH{(s // len(sequences) + 1) * 10:04d}", parent=sequence["id"],
                             nb_frames=rng.randint(24, 480))
                plan.append((row["id"], shot_tt, row["created_at"]))
                out.shots.append((str(p["id"]), str(row["id"])))
                kinds["Shot"] += 1
            task_targets.append((p, budget, plan))
        out.entities = _insert_in_transactions(db, Entity, iter(entity_rows))
        out.entities_by_kind = kinds

        # Tasks, and their assignees.
        links: list[dict] = []

        def task_rows():
            for p, budget, plan in task_targets:
                made = 0
                order = 0
                for entity_id, task_types, entity_created in plan:
                    for tt in task_types:
                        if made >= budget:
                            break
                        made += 1
                        order += 1
                        key = rng.choices(status_keys, status_weights)[0]
                        created = max(entity_created, stamp(290, 1))
                        updated = min(now, created + dt.timedelta(seconds=rng.randint(0, 120 * 86400)))
                        start = created + dt.timedelta(days=rng.randint(0, 30))
                        estimation = rng.choice((0.5, 1, 1, 2, 2, 3, 5, 8))
                        started = key in ("wip", "wfa", "retake", "done")
                        row = {
                            "id": uuid.uuid4(), "name": "main", "project": p["id"], "task_type": tt,
                            "task_status": statuses[key], "entity": entity_id,
                            "description": rng.choice((None, None, "Follow the supervisor notes.",
                                                       "Client asked for a warmer look.", "Blocked by rig update.")),
                            "priority": rng.choice((0, 0, 0, 1, 1, 2, 3)),
                            "difficulty": rng.choice((1, 2, 3, 3, 3, 4, 5)),
                            "duration": round(estimation * 8 * 60 * rng.uniform(0.2, 1.5)) if started else 0,
                            "estimation": estimation * 8 * 60,
                            "completion_rate": 100 if key == "done" else rng.randint(0, 90) if started else 0,
                            "retake_count": rng.randint(1, 4) if key == "retake" else rng.choice((0, 0, 0, 1)),
                            "sort_order": order, "start_date": start,
                            "due_date": start + dt.timedelta(days=rng.randint(3, 40)),
                            "real_start_date": start if started else None,
                            "end_date": updated if key == "done" else None,
                            "done_date": updated if key == "done" else None,
                            "last_comment_date": updated if started else None,
                            "nb_assets_ready": 0, "data": None, "nb_drawings": 0, "shotgun_id": None,
                            "last_preview_file_id": None, "assigner": rng.choice(supervisors),
                            "created_at": created, "updated_at": updated,
                        }
                        roll = rng.random()
                        assignees = 0 if roll < 0.08 else 2 if roll > 0.9 else 1
                        for person in rng.sample(artists, assignees):
                            links.append({"task": row["id"], "person": person})
                        out.task_ids.append(str(row["id"]))
                        yield row
                out.project_tasks[str(p["id"])] = made

        out.tasks = _insert_in_transactions(db, Task, task_rows())
        out.assignee_links = _insert_in_transactions(db, TaskPersonLink, iter(links))
        if not is_sqlite(db):
            db.execute_sql("ANALYZE")  # what autovacuum would have done a minute later
        out.storage = storage(app)
    out.seconds = time.perf_counter() - started
    return out


def storage(app) -> dict:
    db = app.db
    if is_sqlite(db):
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = db.database
        wal = path + "-wal"
        return {"file": path, "file_bytes": os.path.getsize(path),
                "wal_bytes": os.path.getsize(wal) if os.path.exists(wal) else 0}
    size = db.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0]
    task = db.execute_sql("SELECT pg_total_relation_size('task')").fetchone()[0]
    return {"database_bytes": size, "task_table_bytes": task}


# --------------------------------------------------------------------------------------------
# HTTP clients
# --------------------------------------------------------------------------------------------

ROW_MARKER = b'"type":"Task"'


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, base_url: str, timeout: float = 300.0):
        parsed = urlparse(base_url)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, stream: bool = False):
        """(status, body bytes or None when streamed, bytes read, Task rows counted when streamed)."""

        if self.conn is None:
            self._connect()
        headers = {TEST_ACTOR_HEADER: "admin", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            self.headers_at = time.perf_counter()
            if not stream:
                data = resp.read()
                return resp.status, data, len(data), None
            total, rows, tail = 0, 0, b""
            keep = len(ROW_MARKER) - 1
            first = b""
            while chunk := resp.read(262144):
                total += len(chunk)
                if len(first) < 2000:
                    first += chunk[:2000]
                window = tail + chunk
                rows += window.count(ROW_MARKER)
                tail = window[-keep:]
            return resp.status, (first if resp.status >= 300 else None), total, rows
        except Exception:
            self.close()
            raise


@dataclass
class PhaseResult:
    name: str
    label: str
    clients: int
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list, repr=False)
    error_samples: list = field(default_factory=list)
    bytes: int = 0
    rows: int = 0
    rss: dict | None = None
    first_byte: list = field(default_factory=list, repr=False)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        out = {
            "label": self.label, "clients": self.clients, "requests": self.requests, "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "requests_per_s": round(self.requests / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": round(percentile(lat, 50) * 1000, 2), "p95_ms": round(percentile(lat, 95) * 1000, 2),
            "p99_ms": round(percentile(lat, 99) * 1000, 2), "max_ms": round((lat[-1] if lat else 0) * 1000, 2),
            "error_samples": self.error_samples,
        }
        if self.rows:
            out["rows"] = self.rows
            out["rows_per_s"] = round(self.rows / self.seconds) if self.seconds else 0
            out["bytes"] = self.bytes
            out["seconds_per_list"] = round(sum(self.latencies) / len(self.latencies), 3) if self.latencies else 0
            first = sorted(self.first_byte)
            out["headers_p50_ms"] = round(percentile(first, 50) * 1000, 1)
        if self.rss is not None:
            out["rss"] = self.rss
        return out


def percentile(sorted_values: list, p: float) -> float:
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def run_phase(base_url, name, label, make_request, clients, seconds, *, stream=False, expect_rows=None,
              min_per_client=1) -> PhaseResult:
    """``clients`` threads each send ``make_request(rng)`` in a loop for ``seconds`` (at least ``min_per_client``)."""

    result = PhaseResult(name, label, clients)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    deadline = [0.0]

    def worker(index):
        rng = random.Random(f"{name}-{index}")
        client = Client(base_url)
        latencies, first_byte, errors, samples, nbytes, nrows, done = [], [], 0, [], 0, 0, 0
        barrier.wait()
        try:
            while done < min_per_client or time.perf_counter() < deadline[0]:
                method, path, body = make_request(rng)
                t0 = time.perf_counter()
                try:
                    status, data, size, rows = client.request(method, path, body, stream=stream)
                except Exception as exc:  # transport error: counted, reconnected
                    errors += 1
                    if len(samples) < 5:
                        samples.append({"request": f"{method} {path}", "error": repr(exc)})
                    done += 1
                    continue
                elapsed = time.perf_counter() - t0
                done += 1
                latencies.append(elapsed)
                nbytes += size
                if not 200 <= status < 300:
                    errors += 1
                    if len(samples) < 5:
                        samples.append({"request": f"{method} {path}", "status": status,
                                        "body": (data or b"")[:400].decode("utf-8", "replace")})
                elif stream:
                    nrows += rows or 0
                    first_byte.append(client.headers_at - t0)
                    if expect_rows is not None and rows != expect_rows:
                        errors += 1
                        if len(samples) < 5:
                            samples.append({"request": f"{method} {path}",
                                            "error": f"{rows} rows streamed, expected {expect_rows}"})
        finally:
            client.close()
            with lock:
                result.latencies.extend(latencies)
                result.first_byte.extend(first_byte)
                result.errors += errors
                result.error_samples.extend(samples[: max(0, 5 - len(result.error_samples))])
                result.bytes += nbytes
                result.rows += nrows
                result.requests += done

    threads = [threading.Thread(target=worker, args=(i,), name=f"bench-{name}-{i}") for i in range(clients)]
    for t in threads:
        t.start()
    deadline[0] = time.perf_counter() + seconds
    started = time.perf_counter()
    barrier.wait()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------------------------
# Memory of this process (the server runs here)
# --------------------------------------------------------------------------------------------

def rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class RssSampler:
    """Samples the resident set size every few milliseconds; ``peak`` over the sampling."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self):
        gc.collect()
        self.baseline = rss_bytes()
        self.maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        self.peak = self.baseline
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
        self.maxrss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def figures(self) -> dict:
        return {
            "baseline_mib": round(self.baseline / MiB, 1), "peak_mib": round(self.peak / MiB, 1),
            "growth_mib": round((self.peak - self.baseline) / MiB, 1), "samples": self.samples,
            "ru_maxrss_before_mib": round(self.maxrss_before / MiB, 1),
            "ru_maxrss_after_mib": round(self.maxrss_after / MiB, 1),
        }


# --------------------------------------------------------------------------------------------
# SQL statements per request
# --------------------------------------------------------------------------------------------

class QueryCounter:
    """Counts the statements peewee runs (``db.query_hooks``); requests are sent one at a time."""

    def __init__(self, db):
        self.db = db
        self.lock = threading.Lock()
        self.statements: list[str] = []

    def __call__(self, event):
        with self.lock:
            self.statements.append(event.sql)

    def __enter__(self):
        self.db.query_hooks.append(self)
        return self

    def __exit__(self, *exc):
        self.db.query_hooks.remove(self)

    def take(self) -> list[str]:
        with self.lock:
            taken, self.statements = self.statements, []
        return taken


def _kind(sql: str) -> str:
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    return word


def count_queries(app, base_url, requests: dict, repeat: int = 5) -> tuple[dict, list]:
    """``{name: {"queries": n, "min":, "max":, "kinds": {...}}}`` and sanity problems."""

    problems = []
    client = Client(base_url)
    out = {}
    try:
        with QueryCounter(app.db) as counter:
            for name, (make, check) in requests.items():
                counts, kinds, example = [], {}, []
                rng = random.Random(f"count-{name}")
                for _ in range(repeat):
                    method, path, body = make(rng)
                    counter.take()
                    status, data, _size, _rows = client.request(method, path, body)
                    time.sleep(0.02)  # let the server thread finish returning its connection
                    statements = counter.take()
                    if not 200 <= status < 300:
                        problems.append(f"{name}: {method} {path} answered {status}: {data[:300]!r}")
                        continue
                    message = check(orjson.loads(data)) if check else None
                    if message:
                        problems.append(f"{name}: {method} {path}: {message}")
                    counts.append(len(statements))
                    kinds = {}
                    for sql in statements:
                        kinds[_kind(sql)] = kinds.get(_kind(sql), 0) + 1
                    example = statements
                out[name] = {"queries": counts[-1] if counts else None, "min": min(counts, default=None),
                             "max": max(counts, default=None), "kinds": kinds,
                             "statements": [s[:160] for s in example] if counts else []}
    finally:
        client.close()
    return out, problems


# --------------------------------------------------------------------------------------------
# One database
# --------------------------------------------------------------------------------------------

def build_app(database_url: str, data_dir: str, threads: int, plugins=("data",)):
    overrides = {
        "data_dir": data_dir, "database_url": database_url, "secret_key": TEST_SECRET,
        "log_level": "WARNING", "threads": threads, "db_max_connections": 32,
        "plugins": {"enabled": [*plugins, TestActors.__clapboard_name__]},
    }
    config = load_config(env={}, overrides=overrides)
    app = create_app(config, extra_plugins=[TestActors()], check_schema=False)
    with app.db.connection_context():
        upgrade(app.db, app.migrations)
        with app.transaction():
            app.hook.init_data(app=app)
    return app


def database_targets(args, work_dir: str, default_pg: str = DEFAULT_PG_URL) -> list[tuple[str, str]]:
    """``(kind, url)`` of the databases ``args.database`` names (sqlite, postgresql or both): a SQLite file in
    ``work_dir``; PostgreSQL at ``args.database_url`` (emptied first), skipped with a line when unreachable."""

    targets = []
    if args.database in ("sqlite", "both"):
        targets.append(("sqlite", "sqlite:///" + os.path.join(work_dir, "bench.db")))
    if args.database in ("postgresql", "both"):
        url = args.database_url or default_pg
        reason = pg_reachable(url)
        if reason is None:
            targets.append(("postgresql", url))
        else:
            print(f"PostgreSQL skipped: {reason}", flush=True)
    return targets


def pg_reachable(url: str) -> str | None:
    """None when the server answers, else the reason."""

    db = open_database(url, max_connections=1)
    try:
        db.connect()
        db.execute_sql("SELECT 1").fetchone()
        return None
    except Exception as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
    finally:
        if not db.is_closed():
            db.close()
        db.close_all()


def bench_database(kind: str, url: str, args, work_dir: str) -> dict:
    print(f"\n=== {kind}: {redact_url(url)} ===", flush=True)
    if kind == "postgresql":
        reset_database(url)
    t0 = time.perf_counter()
    app = build_app(url, os.path.join(work_dir, f"data-{kind}"), args.threads, args.plugins)
    schema_seconds = time.perf_counter() - t0
    server = None
    try:
        rng = random.Random(SEED)
        print(f"seeding {args.tasks:,} tasks ...", flush=True)
        seeded = seed(app, args.tasks, rng)
        if not app.db.is_closed():
            app.db.close()
        line = (f"seeded {seeded.tasks:,} tasks, {seeded.entities:,} entities "
                f"({', '.join(f'{n:,} {k.lower()}s' for k, n in seeded.entities_by_kind.items())}), "
                f"{seeded.projects} projects, {seeded.persons} persons, {seeded.assignee_links:,} assignee links "
                f"in {seeded.seconds:.1f} s ({seeded.tasks / seeded.seconds:,.0f} tasks/s; schema + defaults "
                f"{schema_seconds:.1f} s)")
        print(line)
        if "file_bytes" in seeded.storage:
            print(f"SQLite file: {seeded.storage['file_bytes'] / MiB:.1f} MiB ({seeded.storage['file']}), "
                  f"WAL after checkpoint {seeded.storage['wal_bytes'] / MiB:.1f} MiB")
        else:
            print(f"PostgreSQL database size: {seeded.storage['database_bytes'] / MiB:.1f} MiB "
                  f"(task table with indexes {seeded.storage['task_table_bytes'] / MiB:.1f} MiB)")

        server = LiveServer(app, threads=args.threads).start()
        base = server.url
        task_ids = seeded.task_ids
        projects = list(seeded.project_tasks.items())
        total_pages = math.ceil(seeded.tasks / PAGE_LIMIT)

        def page(rng):
            return "GET", f"/data/tasks?page={rng.randint(1, total_pages)}&limit={PAGE_LIMIT}", None

        def page_project(rng):
            project_id, count = rng.choice(projects)
            pages = max(1, math.ceil(count / PAGE_LIMIT))
            query = urlencode({"project_id": project_id, "page": rng.randint(1, pages), "limit": PAGE_LIMIT})
            return "GET", f"/data/tasks?{query}", None

        def full_list(rng):
            return "GET", "/data/tasks", None

        def get_one(rng):
            return "GET", f"/data/tasks/{rng.choice(task_ids)}", None

        def create(rng):
            project_id, shot_id = rng.choice(seeded.shots)
            body = {"name": f"bench {uuid.UUID(int=rng.getrandbits(128)).hex[:16]}", "project_id": project_id,
                    "entity_id": shot_id, "task_type_id": rng.choice(seeded.shot_task_type_ids),
                    "task_status_id": rng.choice(seeded.status_ids), "difficulty": rng.randint(1, 5),
                    "estimation": 960, "description": "created by benchmarks/crud.py"}
            return "POST", "/data/tasks", orjson.dumps(body)

        def update(rng):
            body = {"description": f"updated by the benchmark {rng.getrandbits(48):x}"}
            return "PUT", f"/data/tasks/{rng.choice(task_ids)}", orjson.dumps(body)

        def page_small(rng):
            return "GET", f"/data/tasks?page={rng.randint(1, total_pages)}&limit=10", None

        def page_large(rng):
            return "GET", f"/data/tasks?page={rng.randint(1, math.ceil(seeded.tasks / 1000))}&limit=1000", None

        def check_page(limit, total=None):
            def check(body):
                if not isinstance(body, dict) or "data" not in body:
                    return "not a page envelope"
                if total is not None and body["total"] != total:
                    return f"total {body['total']} != {total}"
                if body["page"] < body["nb_pages"] and len(body["data"]) != limit:
                    return f"{len(body['data'])} rows on a full page"
                return None
            return check

        def check_project_page(body):
            ids = {row["project_id"] for row in body.get("data", [])}
            return None if len(ids) <= 1 else f"rows of several projects: {ids}"

        def check_row(body, relations=False):
            if isinstance(body, dict) and body.get("type") == "Task" and body.get("id") \
                    and (not relations or "assignees" in body):
                return None
            return f"unexpected body {str(body)[:200]}"

        # Sanity checks and SQL statements per request (one request at a time; before the load,
        # so the figures also show the counts at 100k rows do not grow with the page size).
        queries, problems = count_queries(app, base, {
            "get": (get_one, lambda body: check_row(body, relations=True)),
            "list_page_limit_10": (page_small, check_page(10, seeded.tasks)),
            "list_page_limit_100": (page, check_page(100, seeded.tasks)),
            "list_page_limit_1000": (page_large, check_page(1000, seeded.tasks)),
            "list_page_project": (page_project, check_project_page),
            "create": (create, check_row),
            "update": (update, check_row),
        })
        for problem in problems:
            print(f"SANITY PROBLEM: {problem}")

        with app.db.connection_context():
            from clapboard.plugins.data.models import Task
            listed_tasks = Task.select().count()  # seeded + the few created by the checks above

        phases = []

        def phase(name, label, make, **kw):
            result = run_phase(base, name, label, make, kw.pop("clients", args.clients), args.seconds, **kw)
            phases.append(result)
            print(f"  {label:<44} {result.requests:>6} requests, {result.requests / result.seconds:8.1f} req/s, "
                  f"{result.errors} errors", flush=True)
            return result

        print(f"load: {args.clients} client threads x {args.seconds:g} s per route, "
              f"waitress {args.threads} threads, keep-alive")
        phase("list_page", f"GET /data/tasks?page=N&limit={PAGE_LIMIT}", page)
        phase("list_page_project", f"GET /data/tasks?project_id=P&page=N&limit={PAGE_LIMIT}", page_project)
        with RssSampler() as rss:
            result = phase("full_list_1", "GET /data/tasks (full list, 1 client)", full_list, clients=1,
                           stream=True, expect_rows=listed_tasks, min_per_client=2)
        result.rss = rss.figures()
        with RssSampler() as rss:
            result = phase("full_list_n", f"GET /data/tasks (full list, {args.clients} clients)", full_list,
                           stream=True, expect_rows=listed_tasks)
        result.rss = rss.figures()
        phase("get", "GET /data/tasks/<id>", get_one)
        created = phase("create", "POST /data/tasks", create)
        phase("update", "PUT /data/tasks/<id>", update)

        # The creates must all be there.
        with app.db.connection_context():
            final_tasks = Task.select().count()
        expected = listed_tasks + (created.requests - created.errors)
        if final_tasks != expected:
            problems.append(f"task count after the run is {final_tasks}, expected {expected}")
            print(f"SANITY PROBLEM: {problems[-1]}")

        results = {
            "database": kind, "url": redact_url(url), "schema_seconds": round(schema_seconds, 2),
            "seed": {
                "tasks": seeded.tasks, "entities": seeded.entities, "entities_by_kind": seeded.entities_by_kind,
                "projects": seeded.projects, "persons": seeded.persons, "assignee_links": seeded.assignee_links,
                "seconds": round(seeded.seconds, 2), "tasks_per_s": round(seeded.tasks / seeded.seconds),
                "storage": seeded.storage,
            },
            "queries_per_request": queries,
            "phases": {p.name: p.summary() for p in phases},
            "problems": problems,
            "errors": sum(p.errors for p in phases),
            "tasks_after_run": final_tasks,
        }
        print_report(results)
        return results
    finally:
        if server is not None:
            server.stop()
        if not app.db.is_closed():
            app.db.close()
        close_all = getattr(app.db, "close_all", None)
        if close_all is not None:
            close_all()


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

def print_report(r: dict) -> None:
    seed_ = r["seed"]
    print(f"\n--- {r['database']} results ({seed_['tasks']:,} seeded tasks; load average now {_loadavg()}) ---")
    header = f"{'route':<48} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} " \
             f"{'p99 ms':>8} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for p in r["phases"].values():
        print(f"{p['label']:<48} {p['clients']:>7} {p['requests']:>8} {p['requests_per_s']:>8.1f} "
              f"{p['p50_ms']:>8.1f} {p['p95_ms']:>8.1f} {p['p99_ms']:>8.1f} {p['errors']:>6}")
    for key in ("full_list_1", "full_list_n"):
        p = r["phases"].get(key)
        if not p:
            continue
        rss = p.get("rss", {})
        print(f"{p['label']}: {p.get('seconds_per_list', 0):.2f} s per list, {p.get('rows_per_s', 0):,} rows/s, "
              f"{p.get('bytes', 0) / max(1, p['requests']) / MiB:.1f} MiB per list, headers after "
              f"{p.get('headers_p50_ms', 0):.0f} ms (p50); RSS "
              f"{rss.get('baseline_mib')} -> peak {rss.get('peak_mib')} MiB (+{rss.get('growth_mib')} MiB)")
    print("SQL statements per request (one request at a time, 5 samples each; peewee runs BEGIN/COMMIT\n"
          "outside db.query_hooks, so writes also have those two):")
    for name, q in r["queries_per_request"].items():
        spread = f"{q['min']}" if q["min"] == q["max"] else f"{q['min']}-{q['max']}"
        kinds = ", ".join(f"{k} {n}" for k, n in q["kinds"].items())
        print(f"  {name:<22} {spread:>4}   ({kinds})")
    for p in r["phases"].values():
        for sample in p["error_samples"]:
            print(f"ERROR in {p['label']}: {json.dumps(sample)}")
    for problem in r["problems"]:
        print(f"PROBLEM: {problem}")


def _loadavg() -> list | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def git_state() -> dict:
    """The commit measured, and whether the project's code differed from it (benchmarks/ aside)."""

    import subprocess

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                                timeout=10).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--", ".", ":!benchmarks"], cwd=root,
                                capture_output=True, text=True, timeout=10).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"git_commit": commit or None, "git_uncommitted_files": [line[3:] for line in status]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL,
                        help="PostgreSQL database to use; it is emptied first (default: %(default)s)")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each measurement")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--threads", type=int, default=8, help="waitress worker threads")
    parser.add_argument("--plugins", default="data",
                        help="comma-separated plugins to enable besides the test actor (default: %(default)s; "
                             "e.g. data,auth to include the auth plugin's hooks)")
    parser.add_argument("--json", metavar="OUT", help="write every figure to this JSON file")
    args = parser.parse_args(argv)
    args.plugins = [p.strip() for p in args.plugins.split(",") if p.strip()]
    if args.tasks < 100 or args.clients < 1 or args.seconds <= 0:
        parser.error("--tasks must be >= 100, --clients >= 1, --seconds > 0")

    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    report = {
        "meta": {
            "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "command": " ".join(["python", "benchmarks/crud.py", *sys.argv[1:]]) if argv is None else argv,
            "python": platform.python_version(), "peewee": peewee.__version__, "clapboard": clapboard.__version__,
            "cpus": os.cpu_count(), "platform": platform.platform(),
            "tasks": args.tasks, "seconds": args.seconds, "clients": args.clients, "threads": args.threads,
            "plugins": args.plugins, "load_average_at_start": _loadavg(), **git_state(),
        },
        "results": {}, "skipped": {},
    }
    meta = report["meta"]
    dirty = len(meta.get("git_uncommitted_files") or ())
    print(f"clapboard {clapboard.__version__} at {(meta.get('git_commit') or '?')[:12]}"
          f"{f' + {dirty} uncommitted files' if dirty else ''}"
          f", plugins {','.join(args.plugins)}; {args.tasks:,} tasks, {args.clients} clients x {args.seconds:g} s, "
          f"waitress {args.threads} threads; {os.cpu_count()} CPUs, load average {meta['load_average_at_start']}")
    exit_code = 0
    work_dir = tempfile.mkdtemp(prefix="clapboard-bench-")
    try:
        for kind in kinds:
            if kind == "sqlite":
                url = "sqlite:///" + os.path.join(work_dir, "bench.db")
            else:
                url = args.pg_url
                reason = pg_reachable(url)
                if reason is not None:
                    message = f"PostgreSQL at {redact_url(url)} is unreachable: {reason}"
                    if args.database == "postgresql":
                        print(f"error: {message}", file=sys.stderr)
                        exit_code = 2
                        continue
                    print(f"\n=== postgresql: skipped ({message}; start it with .ci/postgres.sh) ===")
                    report["skipped"]["postgresql"] = message
                    continue
            results = bench_database(kind, url, args, work_dir)
            report["results"][kind] = results
            if results["errors"] or results["problems"]:
                exit_code = 1
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
        report["meta"]["finished_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        report["meta"]["load_average_at_end"] = _loadavg()
        if args.json:
            with open(args.json, "wb") as f:
                f.write(orjson.dumps(report, option=orjson.OPT_INDENT_2, default=str))
            print(f"\nfigures written to {args.json}")
    if exit_code == 1:
        print("\nFAILED: some requests errored or a sanity check failed (see above).", file=sys.stderr)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
