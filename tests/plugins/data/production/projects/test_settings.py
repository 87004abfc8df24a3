"""Project settings: the studio rows a project uses, added and removed through link rows."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ...factory import Factory


def _ids(app, model, **where):
    with app.db.connection_context():
        query = model.select(model.id)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return [str(i) for (i,) in query.tuples()]


@pytest.fixture
def production(client):
    f = Factory(client)
    project = f.create(m.Project)
    return {"factory": f, "project": project, "base": f"/data/projects/{project['id']}"}


def _project(client, production):
    return client.simulate_get(production["base"]).json


SETTINGS = [
    # (path segment, body key, relation list of the project, model)
    ("task-types", "task_type_id", "task_types", m.TaskType),
    ("task-status", "task_status_id", "task_statuses", m.TaskStatus),
    ("asset-types", "asset_type_id", "asset_types", m.EntityType),
    ("status-automations", "status_automation_id", "status_automations", m.StatusAutomation),
    ("preview-background-files", "preview_background_file_id", "preview_background_files", m.PreviewBackgroundFile),
]


@pytest.mark.parametrize("segment, key, relation, model", SETTINGS, ids=[s[0] for s in SETTINGS])
def test_a_setting_is_added_once_and_removed(app, client, production, segment, key, relation, model):
    row = production["factory"].create(model, {"name": f"Setting {uuid.uuid4().hex[:6]}"} if model is m.EntityType
                                       else None)
    url = f"{production['base']}/settings/{segment}"
    for _ in range(2):
        added = client.simulate_post(url, json={key: row["id"]})
        assert added.status_code == 201 and added.json["id"] == production["project"]["id"]
        assert "task_types" not in added.json  # Zou answers the project's columns only
    assert _project(client, production)[relation] == [row["id"]]
    if segment != "asset-types":
        listed = client.simulate_get(url)
        assert listed.status_code == 200 and [r["id"] for r in listed.json] == [row["id"]]
    assert client.simulate_delete(f"{url}/{row['id']}").status_code == 204
    assert client.simulate_delete(f"{url}/{row['id']}").status_code == 204
    assert _project(client, production)[relation] == []
    with app.db.connection_context():
        assert model.select().where(model.id == row["id"]).exists()  # the studio row stays
        assert m.ApiEvent.select().where(m.ApiEvent.name == "project:update").count() == 4


@pytest.mark.parametrize("segment, key", [(s[0], s[1]) for s in SETTINGS])
def test_a_setting_must_name_an_existing_row(client, production, segment, key):
    url = f"{production['base']}/settings/{segment}"
    assert client.simulate_post(url, json={key: str(uuid.uuid4())}).status_code == 400
    assert client.simulate_post(url, json={key: "nope"}).status_code == 400
    assert client.simulate_post(url, json={}).status_code == 400


def test_reserved_entity_types_are_not_asset_types(app, client, production):
    shot_type = _ids(app, m.EntityType, name="Shot")[0]
    refused = client.simulate_post(f"{production['base']}/settings/asset-types", json={"asset_type_id": shot_type})
    assert refused.status_code == 400
    assert _project(client, production)["asset_types"] == []


def test_task_types_keep_their_first_priority_and_show_it(app, client, production):
    base = production["base"]
    modeling, rigging = _ids(app, m.TaskType, name="Modeling")[0], _ids(app, m.TaskType, name="Rigging")[0]
    client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": modeling, "priority": 9})
    client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": rigging})
    again = client.simulate_post(f"{base}/settings/task-types", json={
        "task_type_id": modeling, "priority": 1, "hd_bitrate_compression": 20, "is_client_visible": False})
    assert again.status_code == 201
    links = _project(client, production)["task_type_links"]
    assert links[modeling] == {"priority": 9, "hd_bitrate_compression": 20, "ld_bitrate_compression": None,
                               "is_client_visible": False}
    with_priority = client.simulate_get(f"{base}/settings/task-types").json
    assert [(t["name"], t["priority"]) for t in with_priority] == [("Rigging", 4), ("Modeling", 9)]
    plain = client.simulate_get(f"{base}/task-types").json
    assert [(t["name"], t["priority"]) for t in plain] == [("Modeling", 2), ("Rigging", 4)]
    refused = client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": modeling,
                                                                       "ld_bitrate_compression": 0})
    assert refused.status_code == 400


def test_batch_adds_known_settings_and_may_replace_task_types(app, client, production):
    base = production["base"]
    modeling, rigging, layout = (_ids(app, m.TaskType, name=n)[0] for n in ("Modeling", "Rigging", "Layout"))
    todo = _ids(app, m.TaskStatus, short_name="todo")[0]
    character = _ids(app, m.EntityType, name="Character")[0]
    shot_type = _ids(app, m.EntityType, name="Shot")[0]
    body = {"task_types": [{"task_type_id": modeling, "priority": 3}, {"task_type_id": str(uuid.uuid4())}],
            "task_status_ids": [todo, str(uuid.uuid4())], "asset_type_ids": [character, shot_type]}
    done = client.simulate_post(f"{base}/settings/batch", json=body)
    assert done.status_code == 200 and done.json["id"] == production["project"]["id"]
    project = _project(client, production)
    assert project["task_types"] == [modeling] and project["task_types_priority"] == {modeling: 3}
    assert project["task_statuses"] == [todo] and project["asset_types"] == [character]

    client.simulate_post(f"{base}/settings/batch", json={"task_types": [{"task_type_id": modeling, "priority": 5},
                                                                        {"task_type_id": rigging}]})
    assert _project(client, production)["task_types_priority"] == {modeling: 5, rigging: None}
    client.simulate_post(f"{base}/settings/batch", json={"task_types": [{"task_type_id": layout}],
                                                         "replace_task_types": True})
    assert _project(client, production)["task_types"] == [layout]
    client.simulate_post(f"{base}/settings/batch", json={"task_types": [], "replace_task_types": True})
    assert _project(client, production)["task_types"] == []
    assert client.simulate_post(f"{base}/settings/batch", json={"task_status_ids": "todo"}).status_code == 400
