"""Many saves of one file at the same moment, over real HTTP: each gets its own revision.

Working files count revisions per task and name, output files per entity,
output type, task type and name; the row counted on (the task, the entity)
is locked before the last revision is read, so concurrent publishers queue
instead of colliding (proved on PostgreSQL with ``CLAPBOARD_TEST_DATABASE_URL``;
on SQLite the writer holds the file anyway).
"""

from __future__ import annotations

import json
import threading
import urllib.request

from clapboard.testing import TEST_ACTOR_HEADER, LiveServer, make_client

CLIENTS = 12


def _post(url: str, body: dict, answers: list, barrier: threading.Barrier) -> None:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", TEST_ACTOR_HEADER: "admin"})
    barrier.wait()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answers.append((answer.status, json.loads(answer.read())))
    except urllib.error.HTTPError as error:
        answers.append((error.code, error.read().decode()))


def _burst(url: str, body: dict) -> list:
    answers: list = []
    barrier = threading.Barrier(CLIENTS)
    threads = [threading.Thread(target=_post, args=(url, body, answers, barrier)) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_concurrent_saves_get_distinct_revisions(make_app):
    app = make_app()
    admin = make_client(app)
    status = admin.simulate_get("/data/project-status", params={"name": "Open"}).json[0]["id"]
    project = admin.simulate_post("/data/projects", json={"name": "Rush", "project_status_id": status}).json
    admin.simulate_post(f"/actions/projects/{project['id']}/set-file-tree", json={"tree_name": "simple"})
    prop = admin.simulate_get("/data/entity-types", params={"name": "Prop"}).json[0]["id"]
    asset = admin.simulate_post("/data/entities", json={"project_id": project["id"], "entity_type_id": prop,
                                                        "name": "Crate"}).json
    modeling = admin.simulate_get("/data/task-types", params={"name": "Modeling"}).json[0]["id"]
    todo = admin.simulate_get("/data/task-status", params={"short_name": "todo"}).json[0]["id"]
    task = admin.simulate_post("/data/tasks", json={"project_id": project["id"], "entity_id": asset["id"],
                                                    "task_type_id": modeling, "task_status_id": todo,
                                                    "name": "main"}).json
    cache = admin.simulate_post("/data/output-types", json={"name": "Cache", "short_name": "c"}).json
    live = LiveServer(app, threads=CLIENTS).start()
    try:
        saved = _burst(f"{live.url}/api/data/tasks/{task['id']}/working-files/new", {"name": "main"})
        published = _burst(f"{live.url}/data/entities/{asset['id']}/output-files/new", {
            "output_type_id": cache["id"], "task_type_id": modeling, "comment": "rush"})
    finally:
        live.stop()
    for answers in (saved, published):
        assert [status for status, _ in answers] == [201] * CLIENTS, answers
        assert sorted(body["revision"] for _, body in answers) == list(range(1, CLIENTS + 1))
        assert len({body["path"] for _, body in answers}) == CLIENTS
