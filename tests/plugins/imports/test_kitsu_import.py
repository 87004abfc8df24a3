"""``POST /import/kitsu/<kind>``: one Clapboard's ``/data`` rows imported into another keep ids and relations.

A source app (its own SQLite file) holds a small production made through the
generic routes; a target app (the test database: SQLite or PostgreSQL) starts
with the source's reference data under the same ids (as Zou's sync asks of a
target) and imports every kind, in dependency order, through HTTP. Then: the
target serves the same rows; a re-import updates what changed and leaves the
rest; ``silent`` emits nothing; a bad row refuses the whole request, naming
its index; only admins may import; the descriptors' route is absent without
the ``metadata`` plugin.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.actors import SYSTEM
from clapboard.migrations import upgrade
from clapboard.plugins.data import models as m
from clapboard.plugins.imports.kitsu.kinds import REFERENCE_KINDS
from clapboard.plugins.imports.kitsu.upsert import upsert
from clapboard.testing import make_client

from ..auth.scenario import build
from ..data.factory import Factory

# A shot as Zou's recorded ``POST /import/kitsu/entities`` sends it (``/data/shots`` shape, ids replaced per test).
ZOU_SHOT = {
    "canceled": False, "data": {"frame_in": 1001, "frame_out": 1048, "difficulty": "hard"},
    "description": "Opening shot", "episode_id": None, "episode_name": "E01", "fps": None, "frame_in": 1001,
    "frame_out": 1048, "name": "SH010", "nb_frames": 48, "preview_file_id": None, "project_name": "Samples",
    "sequence_name": "SQ01", "source_id": None, "nb_entities_out": 1, "is_casting_standby": False,
    "tasks": [{"id": "63bd5f76-11b1-47e5-8aa7-5323ce415ca2", "duration": 0.0, "difficulty": 3, "assignees": []}],
    "type": "Shot", "code": None, "shotgun_id": None, "is_shared": False, "status": "running", "ready_for": None,
    "entity_concept_links": [], "instance_casting": [], "created_at": "2026-11-28T05:38:37",
    "updated_at": "2026-11-28T05:38:41", "entities_in": [],
}
# Route kinds in the order their rows point at each other, with the source route that lists them.
ORDER = [("projects", "projects"), ("entities", "entities"), ("entity-links", "entity-links"),
         ("tasks", "tasks"), ("preview-files", "preview-files"), ("comments", "comments"),
         ("attachment-files", "attachment-files"), ("playlists", "playlists"),
         ("metadata-descriptors", "metadata-descriptors"), ("milestones", "milestones"), ("news", "news"),
         ("notifications", "notifications"), ("schedule-items", "schedule-items"),
         ("subscriptions", "subscriptions"), ("time-spents", "time-spents")]
REFERENCE = ["departments", "project-status", "task-types", "task-status", "entity-types", "persons"]


def _ok(answer, status=200):
    assert answer.status_code == status, answer.text
    return answer.json


def _rows(client, path):
    return sorted(_ok(client.simulate_get(f"/data/{path}", params={"relations": "true"})), key=lambda r: r["id"])


def _same_rows(rows):
    """Rows with their id lists sorted: a relation list has no order (each database lists links its own way)."""

    return [{k: sorted(v) if isinstance(v, list) and all(isinstance(i, str) for i in v) else v
             for k, v in row.items()} for row in rows]


def _production(client) -> dict:
    """A small production on the source: team, settings, episode/sequence/shot, an asset cast twice, tasks with
    assignees, a comment with a mention, time, a preview, a playlist, news, a notification, a descriptor…"""

    f = Factory(client)
    kinds = {r["name"]: r["id"] for r in _ok(client.simulate_get("/data/entity-types"))}
    types = {r["name"]: r["id"] for r in _ok(client.simulate_get("/data/task-types"))}
    statuses = {r["short_name"]: r["id"] for r in _ok(client.simulate_get("/data/task-status"))}
    ann = f.create(m.Person, {"first_name": "Ann", "last_name": "Imator", "email": "ann@example.com"})
    bob = f.create(m.Person, {"first_name": "Bob", "last_name": "Lead", "email": "bob@example.com",
                              "role": "supervisor"})
    project = f.create(m.Project, {"name": "Nuit étoilée", "production_type": "tvshow"})
    pid = project["id"]
    _ok(client.simulate_put(f"/data/projects/{pid}", json={
        "team": [ann["id"], bob["id"]], "task_types": [types["Animation"], types["Modeling"]],
        "task_statuses": [statuses["todo"], statuses["wip"]], "asset_types": [kinds["Character"]]}))
    _ok(client.simulate_post("/data/task-type-links", json={"project_id": pid, "task_type_id": types["Animation"],
                                                            "priority": 3}), 201)
    _ok(client.simulate_post("/data/task-status-links", json={"project_id": pid, "task_status_id": statuses["wip"],
                                                              "priority": 2, "roles_for_board": ["admin"]}), 201)
    ids = {"project": pid, "ann": ann["id"], "bob": bob["id"], "animation": types["Animation"],
           "wip": statuses["wip"], "todo": statuses["todo"]}

    def entity(name, kind, parent=None, data=None):
        return f.create(m.Entity, {"project_id": pid, "entity_type_id": kinds[kind], "name": name,
                                   "parent_id": parent, "data": data or {}})["id"]

    ids["episode"] = entity("E02", "Episode")
    ids["sequence"] = entity("SQ01", "Sequence", ids["episode"])
    ids["shot"] = entity("SH010", "Shot", ids["sequence"], {"frame_in": 1001, "frame_out": 1048})
    ids["asset"] = entity("Rocket", "Character", data={"note": "ünïcode"})
    ids["link"] = f.create(m.EntityLink, {"entity_in_id": ids["shot"], "entity_out_id": ids["asset"],
                                          "nb_occurences": 2, "label": "hero"})["id"]
    ids["task"] = f.create(m.Task, {"project_id": pid, "entity_id": ids["shot"], "task_type_id": types["Animation"],
                                    "task_status_id": statuses["wip"], "name": "main",
                                    "assignees": [ann["id"], bob["id"]], "due_date": "2026-12-08T00:00:00"})["id"]
    ids["asset_task"] = f.create(m.Task, {"project_id": pid, "entity_id": ids["asset"], "name": "main",
                                          "task_type_id": types["Modeling"], "task_status_id": statuses["todo"],
                                          "assignees": [ann["id"]]})["id"]
    ids["preview"] = f.create(m.PreviewFile, {"task_id": ids["task"], "person_id": ann["id"], "name": "v1",
                                              "extension": "png", "status": "ready"})["id"]
    ids["comment"] = f.create(m.Comment, {"object_id": ids["task"], "object_type": "Task", "person_id": bob["id"],
                                          "text": "Nice — more squash", "task_status_id": statuses["wip"],
                                          "mentions": [ann["id"]], "previews": [ids["preview"]]})["id"]
    f.create(m.AttachmentFile, {"comment_id": ids["comment"], "name": "notes.txt", "extension": "txt"})
    playlist = f.create(m.Playlist, {"project_id": pid, "name": "Dailies", "shots": [{"entity_id": ids["shot"]}]})
    ids["playlist"] = playlist["id"]
    f.create(m.TimeSpent, {"task_id": ids["task"], "person_id": ann["id"], "date": "2026-11-30", "duration": 240})
    f.create(m.News, {"task_id": ids["task"], "author_id": bob["id"], "comment_id": ids["comment"]})
    f.create(m.Notification, {"person_id": ann["id"], "author_id": bob["id"], "comment_id": ids["comment"],
                              "task_id": ids["task"], "notification_type": "mention"})
    f.create(m.Milestone, {"project_id": pid, "task_type_id": types["Animation"], "name": "Layout lock",
                           "date": "2027-01-15"})
    f.create(m.ScheduleItem, {"project_id": pid, "task_type_id": types["Animation"], "start_date": "2026-12-01",
                              "end_date": "2027-02-01", "object_id": ids["episode"]})
    f.create(m.Subscription, {"person_id": ann["id"], "task_id": ids["task"]})
    _ok(client.simulate_post(f"/data/projects/{pid}/metadata-descriptors",
                             json={"entity_type": "Shot", "name": "Camera", "data_type": "string"}), 201)
    return ids


@pytest.fixture
def pair(make_app, tmp_path):
    """``(source client, target app, target client, production ids)``."""

    target = make_app(init=False)
    with target.db.connection_context():
        upgrade(target.db, target.migrations)
    source = make_app(config={"database_url": f"sqlite:///{tmp_path / 'source.db'}"})
    source_client = make_client(source)
    ids = _production(source_client)
    reference = {name: _rows(source_client, name) for name in REFERENCE}
    with target.db.connection_context(), target.transaction():
        for name in REFERENCE:
            upsert(target, SYSTEM, REFERENCE_KINDS[name], reference[name], silent=True)
    return source_client, target, make_client(target), ids


def _import_all(source, target, silent=False):
    for kind, path in ORDER:
        rows = _rows(source, path)
        if kind == "projects":  # the item answer carries the settings (task type priorities, board roles)
            rows = [_ok(source.simulate_get(f"/data/projects/{row['id']}")) for row in rows]
        answer = _ok(target.simulate_post(f"/import/kitsu/{kind}", json=rows,
                                          params={"silent": "true"} if silent else None))
        assert [row["id"] for row in answer] == [row["id"] for row in rows], kind


def test_rows_keep_their_ids_and_relations(pair):
    source, _app, target, ids = pair
    _import_all(source, target)
    for _kind, path in ORDER:
        assert _same_rows(_rows(target, path)) == _same_rows(_rows(source, path)), path
    item = f"/data/projects/{ids['project']}"
    assert _same_rows([_ok(target.simulate_get(item))]) == _same_rows([_ok(source.simulate_get(item))])
    shot = _ok(target.simulate_get(f"/data/entities/{ids['shot']}"))
    assert shot["parent_id"] == ids["sequence"] and shot["entities_out"] == [ids["asset"]]
    assert shot["data"] == {"frame_in": 1001, "frame_out": 1048}
    task = _ok(target.simulate_get(f"/data/tasks/{ids['task']}"))
    assert sorted(task["assignees"]) == sorted([ids["ann"], ids["bob"]])
    link = _ok(target.simulate_get(f"/data/entity-links/{ids['link']}"))
    assert (link["nb_occurences"], link["label"]) == (2, "hero")


def test_a_second_import_updates_what_changed_only(pair):
    source, _app, target, ids = pair
    _import_all(source, target)
    _ok(source.simulate_put(f"/data/tasks/{ids['task']}", json={"assignees": [ids["bob"]], "estimation": 3}))
    _ok(source.simulate_put(f"/data/entity-links/{ids['link']}", json={"nb_occurences": 5}))
    before = len(_ok(target.simulate_get("/data/events")))
    _import_all(source, target)
    task = _ok(target.simulate_get(f"/data/tasks/{ids['task']}"))
    assert (task["assignees"], task["estimation"]) == ([ids["bob"]], 3)
    assert _ok(target.simulate_get(f"/data/entity-links/{ids['link']}"))["nb_occurences"] == 5
    for path in ("tasks", "entity-links", "entities", "comments"):
        assert len(_rows(target, path)) == len(_rows(source, path)), path
    events = _ok(target.simulate_get("/data/events"))[before:]
    # Only the changed rows said so: the task and the casting link, nothing else.
    assert sorted(e["name"] for e in events) == ["entity-link:update", "task:update"]


def test_events_name_the_rows_unless_silent(pair):
    source, _app, target, ids = pair
    _import_all(source, target, silent=True)
    assert _ok(target.simulate_get("/data/events")) == []
    shots = [r for r in _rows(source, "entities") if r["id"] == ids["shot"]]
    _ok(target.simulate_post("/import/kitsu/entities", json=[{**shots[0], "description": "now"}]))
    events = _ok(target.simulate_get("/data/events"))
    assert [(e["name"], e["data"]["shot_id"], e["project_id"]) for e in events] == \
        [("shot:update", ids["shot"], ids["project"])]


def _count(app, model) -> int:
    with app.db.connection_context():
        from clapboard.db import database

        database.initialize(app.db)
        return model.select().count()


@pytest.mark.parametrize("bad, needle", [
    ({"difficulty": "hard"}, "difficulty"),
    ({"task_type_id": str(uuid.uuid4())}, "task_type_id: no TaskType"),
    ({"id": None}, "id: missing"),
    ({"id": "nope"}, "id: not a UUID"),
    ({"assignees": [str(uuid.uuid4())]}, "assignees: no Person"),
    ({"difficulty": 9}, "allowed range"),
])
def test_a_bad_row_refuses_the_request_and_names_its_index(pair, bad, needle):
    source, app, target, _ids = pair
    for kind, path in ORDER[:2]:
        _ok(target.simulate_post(f"/import/kitsu/{kind}", json=_rows(source, path), params={"silent": "true"}))
    tasks = _rows(source, "tasks")
    rows = [tasks[0], {**tasks[1], **bad}]
    answer = target.simulate_post("/import/kitsu/tasks", json=rows)
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] is True and answer.json["index"] == 1
    assert answer.json["message"].startswith("Row 1: ") and needle in answer.json["message"], answer.json
    assert _count(app, m.Task) == 0 and _count(app, m.TaskPersonLink) == 0


@pytest.mark.parametrize("body", [{"id": str(uuid.uuid4())}, "rows", None, [1]])
def test_a_body_that_is_not_a_list_of_rows_is_refused(client, body):
    answer = client.simulate_post("/import/kitsu/tasks", json=body)
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text


def test_too_many_rows_are_refused(make_app):
    app = make_app(config={"plugins": {"imports": {"max_items": 2}}})
    answer = make_client(app).simulate_post("/import/kitsu/milestones", json=[{"id": str(uuid.uuid4())}] * 3)
    assert answer.status_code == 400 and "at most 2" in answer.json["message"]


def test_only_admins_import(app):
    scenario = build(app)
    with app.db.connection_context():
        todo = m.TaskStatus.get(m.TaskStatus.short_name == "todo")
    row = {"id": str(uuid.uuid4()), "project_id": scenario.ids["P"], "task_type_id": None,
           "name": "Import test", "date": "2027-01-01"}
    for role in ("manager", "supervisor", "user", "client", "vendor", "outsider"):
        for kind in ("milestones", "metadata-descriptors"):
            answer = scenario.client(role).simulate_post(f"/import/kitsu/{kind}", json=[row])
            assert answer.status_code == 403, (role, kind, answer.text)
    assert scenario.client(None).simulate_post("/import/kitsu/milestones", json=[row]).status_code == 401
    assert _count(app, m.Milestone) == 0
    answer = scenario.client("admin").simulate_post("/import/kitsu/milestones", json=[row])
    assert _ok(answer)[0]["id"] == row["id"] and _count(app, m.Milestone) == 1
    assert todo.short_name == "todo"


def test_descriptors_route_is_absent_without_the_metadata_plugin(make_app):
    app = make_app(plugins=["data", "auth", "imports"])
    client = make_client(app)
    row = {"id": str(uuid.uuid4()), "project_id": str(uuid.uuid4()), "entity_type": "Shot", "name": "Camera",
           "field_name": "camera"}
    for role in ("admin", "user"):
        answer = make_client(app, role=role).simulate_post("/import/kitsu/metadata-descriptors", json=[row])
        assert answer.status_code == 404, answer.text
    assert _ok(client.simulate_post("/import/kitsu/milestones", json=[])) == []
    paths = client.simulate_get("/openapi.json").json["paths"]
    assert "/import/kitsu/milestones" in paths and "/import/kitsu/metadata-descriptors" not in paths


def test_a_zou_shot_answer_is_read_as_zou_reads_it(pair):
    """Zou's recorded request: a shot as ``/data/shots`` serves it (``sequence_id``, frame range at the top,
    its tasks…): the frame range goes into ``data``, the extra keys are left out."""

    source, _app, target, ids = pair
    for kind, path in ORDER[:2]:
        _ok(target.simulate_post(f"/import/kitsu/{kind}", json=_rows(source, path), params={"silent": "true"}))
    sample = ZOU_SHOT
    kinds = {r["name"]: r["id"] for r in _ok(target.simulate_get("/data/entity-types"))}
    row = {**sample, "id": str(uuid.uuid4()), "project_id": ids["project"], "sequence_id": ids["sequence"],
           "created_by": ids["ann"], "entities_out": [ids["asset"]], "name": "SH020"}
    answer = _ok(target.simulate_post("/import/kitsu/entities", json=[row]))[0]
    assert answer["parent_id"] == ids["sequence"] and answer["entity_type_id"] == kinds["Shot"]
    assert answer["data"] == {"frame_in": 1001, "frame_out": 1048, "difficulty": "hard", "fps": None}
    assert answer["type"] == "Shot" and "tasks" not in answer
    stored = _ok(target.simulate_get(f"/data/entities/{row['id']}"))
    assert stored["entities_out"] == [ids["asset"]] and stored["created_at"] == sample["created_at"]


def test_build_jobs_have_their_own_schema(pair):
    """Build jobs have no ``/data`` route: their rows are checked against the import's own schema."""

    source, app, target, ids = pair
    _import_all(source, target, silent=True)
    job = {"id": str(uuid.uuid4()), "playlist_id": ids["playlist"], "status": "succeeded", "job_type": "movie",
           "ended_at": "2026-12-01T10:00:00", "created_at": "2026-12-01T09:00:00", "type": "BuildJob"}
    answer = _ok(target.simulate_post("/import/kitsu/build-jobs", json=[job]))
    assert (answer[0]["id"], answer[0]["status"], answer[0]["created_at"]) == (job["id"], "succeeded",
                                                                              "2026-12-01T09:00:00")
    refused = target.simulate_post("/import/kitsu/build-jobs", json=[{**job, "status": "lost"}])
    assert refused.status_code == 400 and refused.json["index"] == 0 and "status" in refused.json["message"]
    assert _count(app, m.BuildJob) == 1
