"""Project templates: their settings lists, descriptors, backgrounds, and templates taken from and applied
to projects (as an admin; the refused side is ``test_permissions``)."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..factory import Factory


@pytest.fixture
def studio(app, client):
    f = Factory(client)
    template = client.simulate_post("/data/project-templates", json={"name": "Series"}).json
    with app.db.connection_context():
        ids = {
            "layout": str(m.TaskType.get(m.TaskType.name == "Layout").id),
            "animation": str(m.TaskType.get(m.TaskType.name == "Animation").id),
            "todo": str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id),
            "wip": str(m.TaskStatus.get(m.TaskStatus.short_name == "wip").id),
            "prop": str(m.EntityType.get(m.EntityType.name == "Prop").id),
            "shot": str(m.EntityType.get(m.EntityType.name == "Shot").id),
        }
    ids["automation"] = f.create(m.StatusAutomation)["id"]
    ids["background"] = f.create(m.PreviewBackgroundFile, {"name": "Grey"})["id"]
    return {"factory": f, "template": template, "ids": ids, "base": f"/data/project-templates/{template['id']}"}


def _events(app, name):
    with app.db.connection_context():
        return m.ApiEvent.select().where(m.ApiEvent.name == name).count()


def test_task_types_are_attached_once_in_order(app, client, studio):
    base, ids = studio["base"], studio["ids"]
    added = client.simulate_post(f"{base}/task-types", json={"task_type_id": ids["layout"], "priority": 3})
    assert added.status_code == 201
    assert added.json["type"] == "ProjectTemplateTaskTypeLink" and added.json["priority"] == 3
    assert added.json["project_template_id"] == studio["template"]["id"]
    again = client.simulate_post(f"{base}/task-types", json={"task_type_id": ids["layout"]})
    assert again.json["id"] == added.json["id"] and again.json["priority"] == 3  # no priority sent: kept
    client.simulate_post(f"{base}/task-types", json={"task_type_id": ids["animation"], "priority": 1})
    listed = client.simulate_get(f"{base}/task-types").json
    assert [(row["name"], row["priority"], row["type"]) for row in listed] == [
        ("Animation", 1, "TaskType"), ("Layout", 3, "TaskType")]
    assert listed[0]["is_client_visible"] is True
    reordered = client.simulate_post(f"/actions/project-templates/{studio['template']['id']}/task-types/reorder",
                                     json={"task_type_ids": [ids["layout"], ids["animation"]]})
    assert reordered.status_code == 200 and [r["priority"] for r in reordered.json] == [1, 2]
    assert [row["name"] for row in client.simulate_get(f"{base}/task-types").json] == ["Layout", "Animation"]
    assert client.simulate_delete(f"{base}/task-types/{ids['layout']}").status_code == 204
    assert client.simulate_delete(f"{base}/task-types/{ids['layout']}").status_code == 204
    assert [row["name"] for row in client.simulate_get(f"{base}/task-types").json] == ["Animation"]
    assert _events(app, "project-template:update") == 6


def test_task_statuses_keep_board_roles(client, studio):
    base, ids = studio["base"], studio["ids"]
    added = client.simulate_post(f"{base}/task-statuses", json={"task_status_id": ids["wip"],
                                                                  "roles_for_board": ["user", "admin"]})
    assert added.status_code == 201 and added.json["roles_for_board"] == ["user", "admin"]
    assert added.json["type"] == "ProjectTemplateTaskStatusLink"
    client.simulate_post(f"{base}/task-statuses", json={"task_status_id": ids["todo"]})
    client.simulate_post(f"/actions/project-templates/{studio['template']['id']}/task-statuses/reorder",
                         json={"task_status_ids": [ids["wip"], ids["todo"]]})
    listed = client.simulate_get(f"{base}/task-statuses").json
    assert [(r["short_name"], r["priority"]) for r in listed] == [("wip", 1), ("todo", 2)]
    assert listed[0]["roles_for_board"] == ["user", "admin"]  # reordering keeps the roles
    assert listed[1]["roles_for_board"] == ["user", "admin", "supervisor", "manager", "vendor"]
    assert "link_is_client_allowed" in listed[0]


@pytest.mark.parametrize("segment, key, brief", [
    ("asset-types", "asset_type_id", {"name"}),
    ("status-automations", "status_automation_id", None),
    ("preview-background-files", "preview_background_file_id", {"name", "is_default"}),
])
def test_plain_links(client, studio, segment, key, brief):
    base = studio["base"]
    row_id = studio["ids"][{"asset_type_id": "prop", "status_automation_id": "automation"}.get(key, "background")]
    for _ in range(2):
        added = client.simulate_post(f"{base}/{segment}", json={key: row_id})
        assert added.status_code == 201 and added.json["id"] == row_id
        if brief is not None:
            assert set(added.json) == {"id"} | brief
        else:
            assert added.json["type"] == "StatusAutomation"
    assert [row["id"] for row in client.simulate_get(f"{base}/{segment}").json] == [row_id]
    assert client.simulate_delete(f"{base}/{segment}/{row_id}").status_code == 204
    assert client.simulate_get(f"{base}/{segment}").json == []


@pytest.mark.parametrize("segment, key", [("task-types", "task_type_id"), ("task-statuses", "task_status_id"),
                                          ("asset-types", "asset_type_id"),
                                          ("status-automations", "status_automation_id"),
                                          ("preview-background-files", "preview_background_file_id")])
def test_unknown_or_malformed_ids_are_refused(client, studio, segment, key):
    base = studio["base"]
    for body in ({key: str(uuid.uuid4())}, {key: "nope"}, {}, [], {key: None}):
        answer = client.simulate_post(f"{base}/{segment}", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert client.simulate_get(f"{base}/{segment}").json == []
    missing = f"/data/project-templates/{uuid.uuid4()}/{segment}"
    assert client.simulate_get(missing).status_code == 404
    assert client.simulate_post(missing, json={key: str(uuid.uuid4())}).status_code == 404


def test_reserved_entity_types_are_not_asset_types(client, studio):
    refused = client.simulate_post(f"{studio['base']}/asset-types", json={"asset_type_id": studio["ids"]["shot"]})
    assert refused.status_code == 400


def test_a_reorder_naming_an_unknown_id_writes_nothing(client, studio):
    ids = studio["ids"]
    url = f"/actions/project-templates/{studio['template']['id']}/task-types/reorder"
    assert client.simulate_post(url, json={"task_type_ids": [ids["layout"], str(uuid.uuid4())]}).status_code == 400
    assert client.simulate_post(url, json={"task_type_ids": "nope"}).status_code == 400
    assert client.simulate_post(url, json={}).status_code == 400
    assert client.simulate_get(f"{studio['base']}/task-types").json == []


def test_the_default_background_is_one_of_the_templates(client, studio):
    base, background = studio["base"], studio["ids"]["background"]
    url = f"{base}/default-preview-background-file"
    refused = client.simulate_put(url, json={"default_preview_background_file_id": background})
    assert refused.status_code == 400
    client.simulate_post(f"{base}/preview-background-files", json={"preview_background_file_id": background})
    chosen = client.simulate_put(url, json={"default_preview_background_file_id": background})
    assert chosen.status_code == 200 and chosen.json["default_preview_background_file_id"] == background
    assert chosen.json["type"] == "ProjectTemplate" and "task_types" not in chosen.json
    client.simulate_delete(f"{base}/preview-background-files/{background}")
    assert client.simulate_get(base).json["default_preview_background_file_id"] is None
    client.simulate_post(f"{base}/preview-background-files", json={"preview_background_file_id": background})
    client.simulate_put(url, json={"default_preview_background_file_id": background})
    cleared = client.simulate_put(url, json={"default_preview_background_file_id": None})
    assert cleared.status_code == 200 and cleared.json["default_preview_background_file_id"] is None


def test_metadata_descriptors_replace_the_list_in_one_shape(client, studio):
    url = f"{studio['base']}/metadata-descriptors"
    answer = client.simulate_put(url, json={"metadata_descriptors": [
        {"entity_type": "Asset", "name": "Rig level", "data_type": "string"}]})
    assert answer.status_code == 200
    assert answer.json["metadata_descriptors"] == [{
        "name": "Rig level", "field_name": "rig_level", "entity_type": "Asset", "data_type": "string",
        "choices": [], "for_client": False, "departments": [], "position": None, "task_type_id": None}]
    as_list = client.simulate_put(url, json=[{"entity_type": "Shot", "name": "Lens", "field_name": "lens_mm"}])
    assert [d["field_name"] for d in as_list.json["metadata_descriptors"]] == ["lens_mm"]
    for bad in ({"metadata_descriptors": "x"}, {"metadata_descriptors": [1]}, [{"name": 3}], "text",
                [{"name": "x", "departments": [{"a": 1}]}], [{"name": "x", "task_type_id": "zz"}],
                [{"name": "x", "position": "first"}]):
        assert client.simulate_put(url, json=bad).status_code == 400, bad
    assert [d["name"] for d in client.simulate_get(studio["base"]).json["metadata_descriptors"]] == ["Lens"]
    assert client.simulate_put(url, json={}).json["metadata_descriptors"] == []
