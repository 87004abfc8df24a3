"""``clapboard sync-from-zou`` against a real Zou: a production of a few hundred tasks copied, then copied again.

Needs a running Zou (``../shared/anchors/zou/start.sh`` starts Zou 1.0.97 on
127.0.0.1:5000): set ``CLAPBOARD_ZOU_URL`` (and ``CLAPBOARD_ZOU_EMAIL`` /
``CLAPBOARD_ZOU_PASSWORD`` when not the anchor's admin). Skipped when the
variable is unset or the server does not answer (CI has no Zou).

gazu seeds a fresh production on Zou (people, team, task types and statuses,
asset types, episodes, sequences, shots with frame ranges and metadata,
assets, casting, ~300 tasks with assignees, comments changing statuses, time
spent, a picture preview); the command (a real subprocess, as a person runs it) copies it into a
fresh Clapboard served over HTTP, where a local person already has the Zou
admin's e-mail (adopted: the copy points at the local id). Then: counts per
model equal on both sides, gazu reads the same production from both, the
preview's picture variants are served by the copy with Zou's bytes, and a
second run writes nothing, downloads nothing and duplicates nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import gazu
import pytest
from PIL import Image, ImageDraw

from clapboard.plugins.data.models import Person
from clapboard.testing import LiveServer

ZOU_URL = os.environ.get("CLAPBOARD_ZOU_URL", "")
ZOU_EMAIL = os.environ.get("CLAPBOARD_ZOU_EMAIL", "admin@example.com")
ZOU_PASSWORD = os.environ.get("CLAPBOARD_ZOU_PASSWORD", "mysecretpassword")
LOCAL_PASSWORD = "local admin password 1"

zou_anchor = pytest.mark.skipif(not ZOU_URL, reason="no Zou to copy from: set CLAPBOARD_ZOU_URL "
                                                    "(../shared/anchors/zou/start.sh starts one)")
FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
SHOT_TYPES = ("Layout", "Animation", "Lighting", "Compositing")
ASSET_TYPES = ("Modeling", "Shading", "Rigging")
PICTURE_ROUTES = ("pictures/originals/preview-files/{id}.png", "pictures/previews/preview-files/{id}.png",
                  "pictures/thumbnails/preview-files/{id}.png", "pictures/thumbnails-square/preview-files/{id}.png")


def _reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def zou():
    if not _reachable(ZOU_URL):
        pytest.skip(f"the Zou at {ZOU_URL} does not answer")
    client = gazu.client.create_client(ZOU_URL)
    gazu.log_in(ZOU_EMAIL, ZOU_PASSWORD, client=client)
    return client


def _seed(c) -> dict:
    """A production of 87 entities (2 episodes, 4 sequences, 60 shots, 20 assets, Zou's own first episode) and
    300 tasks, through gazu's calls only."""

    tag = uuid.uuid4().hex[:8]
    people = [gazu.person.new_person(f"Artist{i}", f"Sync {tag}", f"sync.{tag}.{i}@example.com", client=c)
              for i in range(3)]
    project = gazu.project.new_project(f"Sync e2e {tag} ünï", production_type="tvshow", client=c)
    for person in people:
        gazu.project.add_person_to_team(project, person, client=c)
    types = {name: gazu.task.get_task_type_by_name(name, client=c) for name in SHOT_TYPES + ASSET_TYPES}
    for priority, task_type in enumerate(types.values(), 1):
        gazu.project.add_task_type(project, task_type, priority, client=c)
    statuses = {short: gazu.task.get_task_status_by_short_name(short, client=c) for short in ("todo", "wip", "done")}
    for status in statuses.values():
        gazu.project.add_task_status(project, status, client=c)
    character = gazu.asset.get_asset_type_by_name("Character", client=c)
    gazu.project.add_asset_type(project, character, client=c)
    gazu.project.add_metadata_descriptor(project, "Camera", "Shot", client=c)
    assets = [gazu.asset.new_asset(project, character, f"Hero {i}", "a hero", client=c) for i in range(20)]
    shots = []
    for e in range(2):
        episode = gazu.shot.new_episode(project, f"E{e + 10:02d}", client=c)
        for s in range(2):
            sequence = gazu.shot.new_sequence(project, f"SQ{s + 1:02d}", episode=episode, client=c)
            for n in range(15):
                shot = gazu.shot.new_shot(project, sequence, f"SH{n + 1:03d}0", nb_frames=24, frame_in=1001,
                                          frame_out=1024, data={"camera": f"cam {n}"}, client=c)
                gazu.casting.update_shot_casting(project, shot, [
                    {"asset_id": assets[n % 10]["id"], "nb_occurences": 1 + n % 3}], client=c)
                shots.append(shot)
    tasks = []
    for index, shot in enumerate(shots):
        for name in SHOT_TYPES:
            tasks.append(gazu.task.new_task(shot, types[name], assignees=[people[index % 3]["id"]], client=c))
    for index, asset in enumerate(assets):
        for name in ASSET_TYPES:
            tasks.append(gazu.task.new_task(asset, types[name], assignees=[people[(index + 1) % 3]["id"]],
                                            client=c))
    comments = [gazu.task.add_comment(task, statuses["wip" if index % 2 else "done"], f"Note {index} — ok",
                                      client=c) for index, task in enumerate(tasks[:40])]
    for index, task in enumerate(tasks[:20]):  # Zou takes time from a task's assignees only
        gazu.task.add_time_spent(task, people[index // len(SHOT_TYPES) % 3], "2026-11-30", 120, client=c)
    with tempfile.TemporaryDirectory() as work:
        preview = gazu.task.add_preview(tasks[0], comments[0], str(_picture(Path(work) / "frame.png")), client=c)
    return {"project": project, "people": people, "tasks": len(tasks), "shots": len(shots), "preview": preview}


def _picture(path: Path) -> Path:
    """A small frame with a shape on a gradient (its variants differ from one another)."""

    image = Image.linear_gradient("L").resize((640, 360)).convert("RGB")
    ImageDraw.Draw(image).rectangle((160, 90, 480, 270), fill=(200, 30, 30))
    image.save(path, "PNG")
    return path


def _picture_bytes(c, preview_id: str) -> dict:
    """Each picture variant of a preview as a server sends it (route → bytes)."""

    found = {}
    with tempfile.TemporaryDirectory() as work:
        for route in PICTURE_ROUTES:
            target = Path(work) / "file"
            gazu.client.download(route.format(id=preview_id), str(target), client=c)
            found[route] = target.read_bytes()
    return found


def _files_copied(origin, copy, seeded: dict, report: dict) -> None:
    """The preview's variants were copied: the copy sends the origin's bytes for each."""

    assert report["files"]["copied"] == len(PICTURE_ROUTES) and report["files"]["failed"] == 0, report["files"]
    sent = _picture_bytes(origin, seeded["preview"]["id"])
    assert sent[PICTURE_ROUTES[0]].startswith(b"\x89PNG") and len(set(sent.values())) == len(PICTURE_ROUTES)
    assert _picture_bytes(copy, seeded["preview"]["id"]) == sent


@pytest.fixture
def clapboard(make_app):
    """A fresh Clapboard served over HTTP; a local person holds the Zou admin's e-mail (to be adopted)."""

    app = make_app(config={"plugins": {"auth": FAST}}, actors=False)
    with app.db.connection_context():
        Person.create(id=uuid.uuid4(), first_name="Local", last_name="Admin", email=ZOU_EMAIL, role="admin",
                      password=app.passwords.hash(LOCAL_PASSWORD))
    live = LiveServer(app).start()
    client = gazu.client.create_client(live.url + "/api")
    gazu.log_in(ZOU_EMAIL, LOCAL_PASSWORD, client=client)
    yield app, client
    live.stop()


def _sync(app, name: str, url: str = ZOU_URL, email: str = ZOU_EMAIL, password: str = ZOU_PASSWORD) -> dict:
    """The command run as a person runs it (its own process: it builds its own app on the same database)."""

    env = {**os.environ, "CLAPBOARD_DATABASE_URL": app.config["database_url"],
           "CLAPBOARD_DATA_DIR": app.config["data_dir"], "CLAPBOARD_SECRET_KEY": app.secret_key}
    done = subprocess.run([sys.executable, "-m", "clapboard.cli", "sync-from-zou", url, "--email", email,
                           "--password", password, "--project", name, "--json"],
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "entities" in done.stderr  # the progress bar names the steps
    return json.loads(done.stdout)


def _counts(c, project) -> dict:
    """Rows of each model belonging to the production, read through the same routes on either server."""

    pid = project["id"]
    tasks = gazu.client.fetch_all("tasks", {"project_id": pid}, client=c)
    entities = gazu.client.fetch_all("entities", {"project_id": pid}, client=c)
    task_ids, entity_ids = {t["id"] for t in tasks}, {e["id"] for e in entities}
    comments = [x for x in gazu.client.fetch_all("comments", client=c) if x["object_id"] in task_ids]
    return {
        "entities": len(entities), "tasks": len(tasks), "comments": len(comments),
        "entity-links": len([x for x in gazu.client.fetch_all("entity-links", client=c)
                             if x["entity_in_id"] in entity_ids]),
        "time-spents": len([x for x in gazu.client.fetch_all("time-spents", client=c) if x["task_id"] in task_ids]),
        "news": len([x for x in gazu.client.fetch_all("news", client=c) if x["task_id"] in task_ids]),
        "notifications": len([x for x in gazu.client.fetch_all("notifications", client=c)
                              if x["task_id"] in task_ids]),
        "metadata-descriptors": len(gazu.project.all_metadata_descriptors(project, client=c)),
        "team": len(gazu.project.get_team(project, client=c)),
    }


def _view(c, name: str) -> dict:
    """The production as gazu reads it: names, shots, tasks with statuses and assignees (by name, not id)."""

    project = gazu.project.get_project_by_name(name, client=c)
    persons = {p["id"]: p["full_name"] for p in gazu.person.all_persons(client=c)}
    statuses = {s["id"]: s["short_name"] for s in gazu.task.all_task_statuses(client=c)}
    types = {t["id"]: t["name"] for t in gazu.task.all_task_types(client=c)}
    shots = {s["id"]: s for s in gazu.shot.all_shots_for_project(project, client=c)}
    tasks = gazu.task.all_tasks_for_project(project, client=c)
    return {
        "project": (project["id"], project["name"], project["production_type"]),
        "episodes": sorted(e["name"] for e in gazu.shot.all_episodes_for_project(project, client=c)),
        "shots": sorted((s["id"], s["name"], s["nb_frames"], s["data"].get("frame_in"), s["data"].get("camera"))
                        for s in shots.values()),
        "assets": sorted((a["id"], a["name"]) for a in gazu.asset.all_assets_for_project(project, client=c)),
        "statuses": sorted(s["short_name"] for s in gazu.task.all_task_statuses_for_project(project, client=c)),
        "tasks": sorted((t["id"], t["entity_id"], types[t["task_type_id"]], statuses[t["task_status_id"]],
                         tuple(sorted(persons[p] for p in t["assignees"]))) for t in tasks),
        "casting": sorted((s, a["asset_id"], a["nb_occurences"]) for s in sorted(shots)[:5]
                          for a in gazu.casting.get_shot_casting(shots[s], client=c)),
    }


@zou_anchor
def test_a_zou_production_is_copied_and_copied_again(zou, clapboard):
    app, local = clapboard
    seeded = _seed(zou)
    name = seeded["project"]["name"]
    started = time.monotonic()
    first = _sync(app, name)
    first_seconds = time.monotonic() - started
    assert first["models"]["tasks"]["created"] == seeded["tasks"] == 300
    assert first["models"]["persons"]["updated"] >= 1  # the Zou admin, adopted by e-mail

    copied = gazu.project.get_project_by_name(name, client=local)
    assert copied["id"] == seeded["project"]["id"]
    counts = _counts(zou, seeded["project"])
    assert counts == _counts(local, copied) and counts["tasks"] == 300 and counts["comments"] == 40
    assert _view(local, name) == _view(zou, name)
    zou_people = {p["id"] for p in gazu.person.all_persons(client=zou) if p["email"] != ZOU_EMAIL}
    assert zou_people <= {p["id"] for p in gazu.person.all_persons(client=local)}
    _files_copied(zou, local, seeded, first)

    started = time.monotonic()
    second = _sync(app, name)
    second_seconds = time.monotonic() - started
    for model in ("projects", "entities", "entity-links", "tasks", "comments", "time-spents", "news"):
        assert (second["models"][model]["created"], second["models"][model]["updated"]) == (0, 0), model
    assert second["models"]["entity-links"]["removed"] == 0
    assert _counts(local, copied) == counts
    assert (second["files"]["copied"], second["files"]["skipped"]) == (0, len(PICTURE_ROUTES))
    print(f"\nsync-from-zou: first run {first_seconds:.1f} s ({first['total']}), "
          f"second run {second_seconds:.1f} s ({second['total']})")


def test_a_clapboard_studio_is_copied_through_the_same_api(make_app, tmp_path):
    """Without a Zou (CI): Clapboard serves Zou's API, so a Clapboard studio is a source too. The target has
    its own defaults under other ids: statuses, task types, departments and entity types are adopted by name
    and every copied row points at the target's ids."""

    target = make_app(config={"plugins": {"auth": FAST}}, actors=False)
    source = make_app(config={"database_url": f"sqlite:///{tmp_path / 'source.db'}", "plugins": {"auth": FAST},
                              "data_dir": str(tmp_path / "source-data")}, actors=False)  # its own files too
    for app, email in ((source, "boss@example.com"), (target, "reader@example.com")):
        with app.db.connection_context():
            from clapboard.db import database

            database.initialize(app.db)
            Person.create(id=uuid.uuid4(), first_name="Studio", last_name="Admin", email=email, role="admin",
                          password=app.passwords.hash(LOCAL_PASSWORD))
    servers = [LiveServer(app).start() for app in (source, target)]
    try:
        origin = gazu.client.create_client(servers[0].url + "/api")
        gazu.log_in("boss@example.com", LOCAL_PASSWORD, client=origin)
        copy = gazu.client.create_client(servers[1].url + "/api")
        gazu.log_in("reader@example.com", LOCAL_PASSWORD, client=copy)
        seeded = _seed(origin)
        name = seeded["project"]["name"]
        first = _sync(target, name, servers[0].url + "/api", "boss@example.com", LOCAL_PASSWORD)
        assert first["models"]["tasks"]["created"] == 300 and first["models"]["task-status"]["created"] == 0
        copied = gazu.project.get_project_by_name(name, client=copy)
        assert _counts(copy, copied) == _counts(origin, seeded["project"])
        assert _view(copy, name) == _view(origin, name)
        _files_copied(origin, copy, seeded, first)
        wip = gazu.task.get_task_status_by_short_name("wip", client=copy)
        assert wip["id"] != gazu.task.get_task_status_by_short_name("wip", client=origin)["id"]
        second = _sync(target, name, servers[0].url + "/api", "boss@example.com", LOCAL_PASSWORD)
        assert (second["total"]["created"], second["total"]["updated"]) == (0, 0)
        assert (second["files"]["copied"], second["files"]["skipped"]) == (0, len(PICTURE_ROUTES))
    finally:
        for server in servers:
            server.stop()
