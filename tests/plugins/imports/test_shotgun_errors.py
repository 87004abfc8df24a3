"""ShotGrid payloads with bad items: the good ones kept, the bad ones recorded (and nothing of them written),
the import errors listed, recorded by hand and deleted; bodies that are not imports refused whole."""

from __future__ import annotations

import uuid

from clapboard.plugins.data.models import ApiEvent, DataImportError, Entity, EntityLink

from .test_shotgun_chain import CHAIN, PROJECT, SHEEP, SQ01, import_chain


def _rows(app, model, *conditions):
    with app.db.connection_context():
        query = model.select()
        return list(query.where(*conditions) if conditions else query)


def _errors(client):
    answer = client.simulate_get("/import/shotgun/errors")
    assert answer.status_code == 200
    return answer.json


def test_bad_items_are_recorded_and_the_good_ones_imported(app, client):
    client.simulate_post("/import/shotgun/projects", json=CHAIN["projects"])
    client.simulate_post("/import/shotgun/sequences", json=CHAIN["sequences"])
    payload = [
        {"type": "Shot", "id": 401, "code": "SH010", "project": PROJECT, "sg_sequence": SQ01, "sg_cut_in": 1,
         "sg_cut_duration": 10},
        {"bad": "wrong"},
        {"type": "Shot", "id": 402, "code": "SH020", "project": PROJECT,
         "sg_sequence": {"type": "Sequence", "id": 999, "name": "SQ99"}},
        "not an entity",
        {"type": "Shot", "id": 403, "code": "x" * 161, "project": PROJECT},
        {"type": "Shot", "id": 404, "code": "SH040", "project": {"type": "Project", "id": 12, "name": "Elsewhere"}},
        {"type": "Shot", "id": 405, "code": "SH050", "project": PROJECT, "sg_cut_duration": -3},
        {"type": "Shot", "id": 406, "code": "SH060", "project": PROJECT, "sg_sequence": SQ01},
    ]
    answer = client.simulate_post("/import/shotgun/shots", json=payload)
    assert answer.status_code == 200
    assert [row["name"] for row in answer.json] == ["SH010", "SH060"]
    errors = _errors(client)
    assert [e["event_data"]["index"] for e in errors] == [1, 2, 3, 4, 5, 6]
    assert {e["source"] for e in errors} == {"shotgun"} and {e["type"] for e in errors} == {"DataImportError"}
    by_index = {e["event_data"]["index"]: e["event_data"] for e in errors}
    assert by_index[1]["entry"] == {"bad": "wrong"} and by_index[1]["kind"] == "shots"
    assert by_index[1]["message"].startswith("code: required field missing (and 2 more)")
    assert {p["path"] for p in by_index[1]["errors"]} == {"code", "id", "project"}
    assert by_index[2]["message"] == ("The sequence, Sequence 999 (SQ99), has not been imported: "
                                      "import sequences first.")
    assert by_index[3]["entry"] == "not an entity"
    assert by_index[4]["message"].startswith("code:")
    assert "Project 12 (Elsewhere)" in by_index[5]["message"]
    assert by_index[6]["message"].startswith("sg_cut_duration:")
    shots = [row.name for row in _rows(app, Entity, Entity.shotgun_id.is_null(False))]
    assert sorted(shots) == ["SH010", "SH060", "SQ01"]


def test_a_refused_item_leaves_no_row_and_no_event(app, client):
    import_chain_until = ("persons", "projects", "steps", "status", "sequences", "scenes", "assets")
    for kind in import_chain_until:
        assert client.simulate_post(f"/import/shotgun/{kind}", json=CHAIN[kind]).status_code == 200
    events_before = len(_rows(app, ApiEvent))
    # The shot's casting names an asset never imported: refused after the shot row would have been written.
    payload = [{"type": "Shot", "id": 410, "code": "SH100", "project": PROJECT, "sg_sequence": SQ01,
                "assets": [SHEEP, {"type": "Asset", "id": 777, "name": "Ghost"}]},
               {"type": "Shot", "id": 411, "code": "SH110", "project": PROJECT, "sg_sequence": SQ01,
                "assets": [SHEEP]}]
    answer = client.simulate_post("/import/shotgun/shots", json=payload)
    assert [row["name"] for row in answer.json] == ["SH110"]
    assert not _rows(app, Entity, Entity.name == "SH100")
    names = [event.name for event in _rows(app, ApiEvent)[events_before:]]
    assert names.count("shot:new") == 1 and "shot:casting-update" in names
    shot = _rows(app, Entity, Entity.name == "SH110")[0]
    assert len(_rows(app, EntityLink, EntityLink.entity_in == shot.id)) == 1
    assert "Asset 777 (Ghost)" in _errors(client)[0]["event_data"]["message"]


def test_duplicates_and_database_refusals_are_item_errors(app, client):
    client.simulate_post("/import/shotgun/projects", json=CHAIN["projects"])
    payload = [{"type": "Asset", "id": 1, "code": "Tree", "project": PROJECT, "sg_asset_type": "Prop"},
               {"type": "Asset", "id": 2, "code": "Tree", "project": PROJECT, "sg_asset_type": "Prop"},
               {"type": "Asset", "id": 3, "code": "Rock", "project": PROJECT, "sg_asset_type": "Shot"}]
    answer = client.simulate_post("/import/shotgun/assets", json=payload)
    assert [row["name"] for row in answer.json] == ["Tree"]
    messages = [e["event_data"]["message"] for e in _errors(client)]
    assert "already exists here, imported from ShotGrid Asset 1" in messages[0]
    assert "reserved kind of entity" in messages[1]
    statuses = [{"type": "Status", "id": 30, "code": "wip", "name": "Doing"},
                {"type": "Status", "id": 31, "code": "wip", "name": "Doing too"},
                {"type": "Status", "id": 32, "code": "bad", "name": "Bad colour", "bg_color": "300,0,0"}]
    answer = client.simulate_post("/import/shotgun/status", json=statuses)
    assert [row["name"] for row in answer.json] == ["Doing"]
    messages = [e["event_data"]["message"] for e in _errors(client)][2:]
    assert "belongs to another ShotGrid status (30)" in messages[0] and "0 to 255" in messages[1]


def test_a_refusal_of_the_database_spares_the_next_items(app, client):
    """A unique key the database enforces (name, project, task type, entity of a task) refuses one item;
    the transaction goes on (PostgreSQL rolls back to the item's savepoint)."""

    import_chain(client)
    twin = {"type": "Task", "id": 55, "content": "Animation", "project": PROJECT, "step": {"type": "Step", "id": 14},
            "entity": {"type": "Shot", "id": 401}}
    other = dict(twin, id=56, content="Animation fix")
    answer = client.simulate_post("/import/shotgun/tasks", json=[twin, other])
    assert answer.status_code == 200 and [row["name"] for row in answer.json] == ["Animation fix"]
    message = _errors(client)[0]["event_data"]["message"]
    assert message.startswith("Another Task already has these values")


def test_items_needing_what_was_not_imported(app, client):
    import_chain(client)
    tasks = [
        {"type": "Task", "id": 50, "content": "Lighting", "project": PROJECT, "step": {"type": "Step", "id": 99},
         "entity": {"type": "Shot", "id": 401}},
        {"type": "Task", "id": 51, "content": "Lighting", "project": PROJECT, "step": {"type": "Step", "id": 14},
         "entity": {"type": "CustomEntity01", "id": 1}},
        {"type": "Task", "id": 52, "content": "Lighting", "project": PROJECT, "step": {"type": "Step", "id": 14},
         "entity": {"type": "Shot", "id": 401}, "sg_status_list": "nope"},
        {"type": "Task", "id": 53, "content": "Lighting", "project": PROJECT, "step": {"type": "Step", "id": 14},
         "entity": {"type": "Shot", "id": 401}, "task_assignees": [{"type": "HumanUser", "id": 77}]},
        {"type": "Task", "id": 54, "content": "  ", "project": PROJECT, "step": {"type": "Step", "id": 14},
         "entity": {"type": "Shot", "id": 401}},
    ]
    assert client.simulate_post("/import/shotgun/tasks", json=tasks).json == []
    notes = [{"type": "Note", "id": 70, "content": "x", "tasks": [], "user": {"type": "HumanUser", "id": 1}},
             {"type": "Note", "id": 71, "content": "x", "tasks": [{"type": "Task", "id": 20}],
              "user": {"type": "ApiUser", "id": 1}}]
    assert client.simulate_post("/import/shotgun/notes", json=notes).json == []
    versions = [{"type": "Version", "id": 90, "code": "v1", "sg_task": {"type": "Task", "id": 12345}}]
    assert client.simulate_post("/import/shotgun/versions", json=versions).json == []
    persons = [{"type": "HumanUser", "id": 60, "firstname": "Change", "lastname": "Me",
                "email": "changeme@email.com"}]
    assert client.simulate_post("/import/shotgun/persons", json=persons).json == []
    messages = [e["event_data"]["message"] for e in _errors(client)]
    assert messages == [
        "The step, Step 99, has not been imported: import steps first.",
        "Tasks are imported on assets, shots, sequences, episodes and scenes, not on a CustomEntity01.",
        "No task status has the short name 'nope': import status first.",
        "The assignee, HumanUser 77, has not been imported: import persons first.",
        "The task has no name (cached_display_name or content).",
        "tasks: [] should be non-empty",
        "The author must be a HumanUser, not ApiUser 1.",
        "The task, Task 12345, has not been imported: import tasks first.",
        "This ShotGrid user is not a real person (e-mail changeme@email.com).",
    ]


def test_import_errors_can_be_recorded_listed_and_deleted(client):
    event = {"type": "EventLogEntry", "id": 705015, "event_type": "Shotgun_Shot_Change",
             "entity": {"type": "Shot", "id": 1855, "name": "seq1"}, "project": {"id": 87, "name": "BBB"}}
    created = client.simulate_post("/import/shotgun/errors", json=event)
    assert created.status_code == 201
    assert created.json["event_data"] == event and created.json["source"] == "shotgun"
    client.simulate_post("/import/shotgun/steps", json=[{"bad": "wrong"}])
    errors = _errors(client)
    assert [e["id"] for e in errors][0] == created.json["id"] and len(errors) == 2
    assert client.simulate_delete(f"/import/shotgun/errors/{created.json['id']}").status_code == 204
    assert [e["id"] for e in _errors(client)] == [errors[1]["id"]]
    for missing in (created.json["id"], str(uuid.uuid4()), "unknown"):
        answer = client.simulate_delete(f"/import/shotgun/errors/{missing}")
        assert answer.status_code == 404 and answer.json["error"] is True
    assert client.simulate_post("/import/shotgun/errors", json=[1, 2]).status_code == 400


def test_csv_errors_are_not_listed(app, client):
    with app.db.connection_context():
        DataImportError.create(source="csv", event_data={"line": 3})
    assert _errors(client) == []


def test_bodies_that_are_not_imports_are_refused_whole(app, client):
    for body in ({"id": 1, "name": "P"}, "projects", 12, None):
        answer = client.simulate_post("/import/shotgun/projects", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
        assert "JSON array" in answer.json["message"]
    answer = client.simulate_post("/import/shotgun/projects", body=b"[{", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert client.simulate_post("/import/shotgun/projects", json=[]).json == []
    assert _errors(client) == []


def test_too_many_items_are_refused_before_anything_is_written(make_app):
    from clapboard.testing import make_client

    app = make_app(config={"plugins": {"imports": {"max_items": 2}}})
    client = make_client(app)
    items = [{"type": "Project", "id": n, "name": f"P{n}"} for n in range(1, 4)]
    answer = client.simulate_post("/import/shotgun/projects", json=items)
    assert answer.status_code == 400 and "2 at most" in answer.json["message"]
    assert client.simulate_get("/data/projects").json == []
    assert client.simulate_post("/import/shotgun/projects", json=items[:2]).status_code == 200


def test_custom_fields_are_judged_like_any_write(client):
    """A project column typed by the metadata plugin refuses a ShotGrid value of another type."""

    project = client.simulate_post("/import/shotgun/projects", json=CHAIN["projects"]).json[0]
    descriptor = client.simulate_post(f"/data/projects/{project['id']}/metadata-descriptors",
                                      json={"entity_type": "Shot", "name": "sg take", "data_type": "number"})
    assert descriptor.status_code == 201 and descriptor.json["field_name"] == "sg_take"
    payload = [{"type": "Shot", "id": 1, "code": "SH1", "project": PROJECT, "sg_take": "third"},
               {"type": "Shot", "id": 2, "code": "SH2", "project": PROJECT, "sg_take": 3}]
    answer = client.simulate_post("/import/shotgun/shots", json=payload)
    assert [(row["name"], row["data"]["sg_take"]) for row in answer.json] == [("SH2", 3)]
    refused = _errors(client)[0]["event_data"]
    assert refused["index"] == 0 and "sg_take" in refused["message"]


def test_whole_float_ids_read_as_integers_and_other_numbers_are_refused_items():
    from clapboard.plugins.imports.shotgun.links import whole_ids

    item = {"id": 12.0, "project": {"type": "Project", "id": 1201.0}, "assets": [{"id": 3.0}], "sg_cut_in": 7.0}
    assert whole_ids(item) == {"id": 12, "project": {"type": "Project", "id": 1201}, "assets": [{"id": 3}],
                               "sg_cut_in": 7.0}
    assert whole_ids([{"id": 1.5}]) == [{"id": 1.5}]


def test_float_ids_from_a_fuzzer_are_item_errors_not_server_errors(app, client):
    body = [{"id": 624, "code": "Chair", "sg_asset_type": "Prop", "project": {"type": "Project", "id": 1201.0}},
            {"id": 625.0, "code": "Table", "sg_asset_type": "Prop", "project": {"id": 1202.0, "name": None}}]
    answer = client.simulate_post("/import/shotgun/assets", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json == []
    messages = [error["event_data"]["message"] for error in _errors(client)]
    assert len(messages) == 2 and all("has not been imported: import projects first" in m for m in messages)
