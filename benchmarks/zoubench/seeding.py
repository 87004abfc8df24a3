"""Build a production through the public API only, the way gazu and Kitsu do.

Steps, in order (each timed; the parallel ones spread over ``--clients``
connections): reference rows, project and its settings, team, episodes,
sequences, shots (with frame ranges), assets, tasks (bulk creation per task
type), then the production's life: casting, asset instances used in shots,
assignments, comments with status changes, a few picture previews.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from . import activity, plan, references, verify
from .api import Connection, Target, login, loopback_target
from .pool import Failures, Pool, post_job

TASK_BATCH = 100  # entity ids per bulk task creation
DEFAULT_EMAIL = "admin@example.com"  # Zou's documented admin (the anchor's too)
DEFAULT_PASSWORD = "mysecretpassword"


@dataclass
class Seeded:
    """Everything the scenarios need, written to the ids file."""

    url: str
    size: str
    kind: str
    clients: int
    project_id: str = ""
    project_name: str = ""
    episode_ids: list = field(default_factory=list)
    sequence_ids: list = field(default_factory=list)
    shot_ids: list = field(default_factory=list)
    asset_ids: list = field(default_factory=list)
    task_ids: list = field(default_factory=list)
    shot_task_ids: dict = field(default_factory=dict)  # shot id -> its task ids
    asset_names: dict = field(default_factory=dict)
    cast_shot_ids: list = field(default_factory=list)
    casting_links: int = 0
    instanced_asset_ids: list = field(default_factory=list)
    asset_instance_links: int = 0
    person_ids: list = field(default_factory=list)
    assigned_tasks: int = 0
    comments: int = 0
    task_status_ids: dict = field(default_factory=dict)
    task_type_ids: dict = field(default_factory=dict)
    preview_file_ids: list = field(default_factory=list)
    previews_note: str = ""
    steps: dict = field(default_factory=dict)
    seconds: float = 0.0
    failures: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        data = dict(self.__dict__)
        data["counts"] = {"episodes": len(self.episode_ids), "sequences": len(self.sequence_ids),
                          "shots": len(self.shot_ids), "assets": len(self.asset_ids), "tasks": len(self.task_ids),
                          "casting_links": self.casting_links, "asset_instance_links": self.asset_instance_links,
                          "assigned_tasks": self.assigned_tasks, "comments": self.comments,
                          "persons": len(self.person_ids)}
        return data


class Seeder:
    def __init__(self, target: Target, token: str, size: str, kind: str = "tvshow", clients: int = 1,
                 retries: int = 0, name: str | None = None, log=print):
        self.target = target
        self.size = plan.SIZES[size]
        self.with_episodes = kind == "tvshow"
        self.failures = Failures()
        self.pool = Pool(target, token, clients, retries, self.failures)
        self.conn = Connection(target, token)
        self.log = log
        self.name = name or f"Bench {size} {time.strftime('%Y%m%d-%H%M%S')}"
        self.out = Seeded(url=target.url, size=size, kind=kind, clients=self.pool.clients)

    @contextmanager
    def step(self, name: str):
        started, failed = time.perf_counter(), self.failures.total()
        yield
        seconds = time.perf_counter() - started
        self.out.steps[name] = round(seconds, 3)
        extra = f", {self.failures.total() - failed} failed" if self.failures.total() > failed else ""
        self.log(f"  {name:<22} {seconds:7.2f} s{extra}")

    def run(self) -> Seeded:
        started = time.perf_counter()
        try:
            self.references()
            self.project()
            self.entities()
            self.tasks()
            activity.run(self)
        finally:
            self.conn.close()
        self.out.seconds = round(time.perf_counter() - started, 3)
        self.out.failures = self.failures.as_dict()
        return self.out

    def references(self):
        with self.step("reference data"):
            self.status_open = references.project_status_id(self.conn)
            self.out.task_type_ids = references.task_types(self.conn)
            self.out.task_status_ids = references.task_statuses(self.conn)
            self.asset_type_ids = references.asset_types(self.conn)
            self.out.person_ids = references.persons(self.conn, self.size.persons)

    def project(self):
        out = self.out
        with self.step("project and settings"):
            body = {"name": self.name, "production_type": "tvshow" if self.with_episodes else "featurefilm",
                    "fps": "25", "ratio": "16:9", "resolution": "1920x1080"}
            if self.status_open:
                body["project_status_id"] = self.status_open
            project = self.conn.post("/data/projects", body)
            out.project_id, out.project_name = project["id"], project["name"]
            base = f"/data/projects/{out.project_id}/settings"
            for ids in out.task_type_ids.values():
                for task_type_id in ids.values():
                    self.conn.post(base + "/task-types", {"task_type_id": task_type_id})
            for status_id in out.task_status_ids.values():
                self.conn.post(base + "/task-status", {"task_status_id": status_id})
            for asset_type_id in self.asset_type_ids.values():
                self.conn.post(base + "/asset-types", {"asset_type_id": asset_type_id})
        with self.step("team"):
            self.pool.map("POST /data/projects/{id}/team", [
                post_job(f"/data/projects/{out.project_id}/team", {"person_id": p}) for p in out.person_ids])

    def entities(self):
        out, size, project = self.out, self.size, f"/data/projects/{self.out.project_id}"
        parents: list = [None] * size.episodes
        if self.with_episodes:
            with self.step("episodes"):
                existing = {row["name"]: row["id"] for row in self.conn.get(project + "/episodes")}
                names = plan.episode_names(size)
                created = self.pool.map("POST /data/projects/{id}/episodes", [
                    post_job(project + "/episodes", {"name": n}) for n in names if n not in existing])
                existing.update({row["name"]: row["id"] for row in created if row})
                parents = [existing.get(n) for n in names]
                out.episode_ids = [p for p in parents if p]
        with self.step("sequences"):
            bodies = []
            for index, episode_id in enumerate(parents):
                for name in plan.sequence_names(size, index, self.with_episodes):
                    bodies.append({"name": name, **({"episode_id": episode_id} if episode_id else {})})
            created = self.pool.map("POST /data/projects/{id}/sequences", [
                post_job(project + "/sequences", b) for b in bodies])
            out.sequence_ids = [row["id"] for row in created if row]
        with self.step("shots"):
            jobs = [post_job(project + "/shots", body) for number, sequence_id in enumerate(out.sequence_ids, 1)
                    for body in plan.shot_bodies(size, sequence_id, number)]
            out.shot_ids = [row["id"] for row in self.pool.map("POST /data/projects/{id}/shots", jobs) if row]
        with self.step("assets"):
            wanted = plan.asset_plan(size)
            jobs = [post_job(f"{project}/asset-types/{self.asset_type_ids[t]}/assets/new",
                          {"name": name, "description": f"{t} {name}"}) for t, name in wanted]
            rows = [row for row in self.pool.map("POST .../asset-types/{id}/assets/new", jobs) if row]
            out.asset_ids = [row["id"] for row in rows]
            out.asset_names = {row["id"]: row["name"] for row in rows}

    def tasks(self):
        out = self.out
        with self.step("tasks"):
            jobs = []
            for kind, entity_ids in (("shots", out.shot_ids), ("assets", out.asset_ids)):
                type_ids = out.task_type_ids["Shot" if kind == "shots" else "Asset"].values()
                for task_type_id in type_ids:
                    path = f"/actions/projects/{out.project_id}/task-types/{task_type_id}/{kind}/create-tasks"
                    for start in range(0, len(entity_ids), TASK_BATCH):
                        jobs.append(post_job(path, entity_ids[start:start + TASK_BATCH]))
            shots = set(out.shot_ids)
            for created in self.pool.map("POST .../create-tasks", jobs):
                for task in created or ():
                    out.task_ids.append(task["id"])
                    if task["entity_id"] in shots:
                        out.shot_task_ids.setdefault(task["entity_id"], []).append(task["id"])


def seed(url: str, size: str, out: str, *, kind="tvshow", clients=1, retries=0, email=DEFAULT_EMAIL,
         password=DEFAULT_PASSWORD, name=None, check=False, log=print) -> dict:
    """Seed a ``size`` production on ``url``, write the ids file ``out``, return its content."""

    target = loopback_target(url)
    token = login(target, email, password)
    expected = plan.expected_counts(plan.SIZES[size])
    log(f"seeding a {size} {kind} on {target.url} with {clients} client(s): {expected}")
    seeded = Seeder(target, token, size, kind, clients, retries, name, log).run().as_dict()
    if check:
        conn = Connection(target, token)
        try:
            seeded["verified"] = verify.counts(conn, seeded)
        finally:
            conn.close()
        seeded["verify_mismatches"] = verify.mismatches(seeded["verified"], seeded)
    with open(out, "w") as handle:
        json.dump(seeded, handle)
    return seeded
