"""Metadata descriptors of a project: derived field names, stored values kept in step, order."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.models import MetadataDescriptor

from ..data.factory import Factory


@pytest.fixture
def production(app, client):
    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    return {"factory": f, "project": project, "base": f"/data/projects/{project['id']}/metadata-descriptors",
            "kinds": kinds, "task_types": task_types}


def _new(client, production, **body):
    answer = client.simulate_post(production["base"], json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _data(app, model, row_id):
    with app.db.connection_context():
        return model.get_by_id(row_id).data


def _events(app):
    with app.db.connection_context():
        return [(e.name, e.data["metadata_descriptor_id"]) for e in
                m.ApiEvent.select().where(m.ApiEvent.name.startswith("metadata-descriptor:"))
                .order_by(m.ApiEvent.created_at)]


def test_field_name_is_derived_from_the_name(client, production):
    created = _new(client, production, entity_type="Shot", name="Études d'Éclairage 2", field_name="ignored")
    assert created["field_name"] == "etudes_declairage_2"
    assert created["choices"] == [] and created["departments"] == [] and created["data_type"] == "string"
    refused = client.simulate_post(production["base"], json={"entity_type": "Shot", "name": "!!!"})
    assert refused.status_code == 400


@pytest.mark.parametrize("body", [
    {"entity_type": "Shot"},
    {"entity_type": "Shot", "name": ""},
    {"entity_type": "Scene", "name": "Mood"},
    {"entity_type": "Shot", "name": "Mood", "data_type": "colour"},
    {"entity_type": "Task", "name": "Mood"},
    {"entity_type": "Task", "name": "Mood", "task_type_id": str(uuid.uuid4())},
    {"entity_type": "Shot", "name": "Mood", "task_type_id": "TASK_TYPE"},
    {"entity_type": "Shot", "name": "Mood", "choices": "a,b"},
])
def test_malformed_descriptors_are_refused(app, client, production, body):
    if body.get("task_type_id") == "TASK_TYPE":
        body = {**body, "task_type_id": production["task_types"]["Layout"]}
    assert client.simulate_post(production["base"], json=body).status_code == 400
    with app.db.connection_context():
        assert MetadataDescriptor.select().count() == 0


def test_a_name_is_unique_per_entity_type(client, production):
    _new(client, production, entity_type="Shot", name="Camera")
    assert client.simulate_post(production["base"], json={"entity_type": "Shot", "name": "Camera"}).status_code == 400
    _new(client, production, entity_type="Asset", name="Camera")
    layout = production["task_types"]["Layout"]
    _new(client, production, entity_type="Task", name="Camera", task_type_id=layout)


def test_renaming_moves_the_stored_values_of_the_described_rows_only(app, client, production):
    f, kinds = production["factory"], production["kinds"]
    project_id = production["project"]["id"]
    shot = f.create(m.Entity, {"project_id": project_id, "entity_type_id": kinds["Shot"],
                               "data": {"camera": "wide", "lens": 35}})
    asset = f.create(m.Entity, {"project_id": project_id, "entity_type_id": kinds["Character"],
                                "data": {"camera": "kept"}})
    elsewhere = f.create(m.Entity, {"entity_type_id": kinds["Shot"], "data": {"camera": "other project"}})
    descriptor = _new(client, production, entity_type="Shot", name="Camera")
    gazu_style = {**descriptor, "name": "Camera Angle", "field_name": "whatever", "departments": []}
    renamed = client.simulate_put(f"{production['base']}/{descriptor['id']}", json=gazu_style)
    assert renamed.status_code == 200 and renamed.json["field_name"] == "camera_angle"
    assert _data(app, m.Entity, shot["id"]) == {"camera_angle": "wide", "lens": 35}
    assert _data(app, m.Entity, asset["id"]) == {"camera": "kept"}
    assert _data(app, m.Entity, elsewhere["id"]) == {"camera": "other project"}

    assert client.simulate_delete(f"{production['base']}/{descriptor['id']}").status_code == 204
    assert _data(app, m.Entity, shot["id"]) == {"lens": 35}
    assert _data(app, m.Entity, asset["id"]) == {"camera": "kept"}
    assert _events(app) == [("metadata-descriptor:new", descriptor["id"]),
                            ("metadata-descriptor:update", descriptor["id"]),
                            ("metadata-descriptor:delete", descriptor["id"])]


def test_asset_task_and_project_descriptors_move_their_values(app, client, production):
    f, kinds, task_types = production["factory"], production["kinds"], production["task_types"]
    project_id = production["project"]["id"]
    prop = f.create(m.Entity, {"project_id": project_id, "entity_type_id": kinds["Prop"], "data": {"size": "S"}})
    rigging = f.create(m.Task, {"project_id": project_id, "task_type_id": task_types["Rigging"],
                                "data": {"size": 1}})
    modeling = f.create(m.Task, {"project_id": project_id, "task_type_id": task_types["Modeling"],
                                 "data": {"size": 2}})
    client.simulate_put(f"/data/projects/{project_id}", json={"data": {"size": "feature"}})
    for kind, extra in (("Asset", {}), ("Task", {"task_type_id": task_types["Rigging"]}), ("Project", {})):
        descriptor = _new(client, production, entity_type=kind, name="Size", **extra)
        assert client.simulate_put(f"{production['base']}/{descriptor['id']}",
                                   json={"name": "Scale"}).status_code == 200
    assert _data(app, m.Entity, prop["id"]) == {"scale": "S"}
    assert _data(app, m.Task, rigging["id"]) == {"scale": 1}
    assert _data(app, m.Task, modeling["id"]) == {"size": 2}
    assert _data(app, m.Project, project_id) == {"scale": "feature"}


def test_a_failed_rename_moves_nothing(app, client, production):
    shot = production["factory"].create(m.Entity, {"project_id": production["project"]["id"],
                                                   "entity_type_id": production["kinds"]["Shot"],
                                                   "data": {"camera": "wide"}})
    _new(client, production, entity_type="Shot", name="Lens")
    camera = _new(client, production, entity_type="Shot", name="Camera")
    clash = client.simulate_put(f"{production['base']}/{camera['id']}", json={"name": "Lens"})
    assert clash.status_code == 400
    assert _data(app, m.Entity, shot["id"]) == {"camera": "wide"}
    empty = client.simulate_put(f"{production['base']}/{camera['id']}", json={"name": "  "})
    assert empty.status_code == 400


def test_an_update_changes_only_what_it_sends(client, production):
    descriptor = _new(client, production, entity_type="Shot", name="Level", data_type="list",
                      choices=["easy", "hard"], for_client=True)
    changed = client.simulate_put(f"{production['base']}/{descriptor['id']}", json={"choices": ["a", "b", "c"]})
    assert changed.json["choices"] == ["a", "b", "c"]
    assert changed.json["for_client"] is True and changed.json["data_type"] == "list"
    assert changed.json["name"] == "Level"


def test_reorder_sets_positions_and_puts_the_others_after_by_name(client, production):
    made = {name: _new(client, production, entity_type="Shot", name=name)["id"] for name in ("C", "A", "B", "D")}
    other = _new(client, production, entity_type="Asset", name="Z")
    url = f"{production['base']}/reorder"
    answer = client.simulate_post(url, json={"entity_type": "Shot", "descriptor_ids": [made["D"], made["B"]]})
    assert answer.status_code == 200
    assert [(d["name"], d["position"]) for d in answer.json] == [("D", 1), ("B", 2), ("A", 3), ("C", 4)]
    listed = client.simulate_get(production["base"]).json
    assert [d["name"] for d in listed] == ["D", "B", "A", "C", "Z"]  # unordered ones last
    refused = client.simulate_post(url, json={"entity_type": "Shot", "descriptor_ids": [other["id"]]})
    assert refused.status_code == 400
    assert client.simulate_post(url, json={"entity_type": "Shot", "descriptor_ids": []}).status_code == 400


def test_a_descriptor_is_reached_through_its_own_project_only(client, production):
    descriptor = _new(client, production, entity_type="Shot", name="Camera")
    other = production["factory"].create(m.Project)
    wrong = f"/data/projects/{other['id']}/metadata-descriptors/{descriptor['id']}"
    assert client.simulate_get(wrong).status_code == 404
    assert client.simulate_put(wrong, json={"name": "X"}).status_code == 404
    assert client.simulate_delete(wrong).status_code == 404
    assert client.simulate_get(f"{production['base']}/{descriptor['id']}").json["name"] == "Camera"
    assert client.simulate_get(f"{production['base']}/{uuid.uuid4()}").status_code == 404


def _close(app, client, project_id):
    with app.db.connection_context():
        closed = str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)
    assert client.simulate_put(f"/data/projects/{project_id}", json={"project_status_id": closed}).status_code == 200


def test_a_forced_project_delete_takes_its_descriptors(app, client, production):
    """``data`` purges through the enabled plugins' models: the descriptors (and their department links) go too."""

    project_id = production["project"]["id"]
    with app.db.connection_context():
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    _new(client, production, entity_type="Shot", name="Camera", departments=[animation])
    _close(app, client, project_id)
    assert client.simulate_delete(f"/data/projects/{project_id}").status_code == 400  # not without force
    assert client.simulate_delete(f"/data/projects/{project_id}", params={"force": "true"}).status_code == 204
    with app.db.connection_context():
        assert not MetadataDescriptor.select().where(MetadataDescriptor.project == project_id).exists()
