"""Writes of ``data`` through the data plugin's service are judged by the project's descriptors.

Generic CRUD (``/data/entities``, ``/data/tasks``, ``/data/projects``) and a
production route built on the same service (``PUT /data/shots/{id}``); with the
``metadata`` plugin left out, ``data`` is stored as sent, as in Zou
(``test_disabled.py``).
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m
from clapboard.testing import make_client

from ..data.factory import Factory
from .typed_cases import case_params, resolved, typed_project


def _production(app, client):
    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    return {"factory": f, "project": project, "kinds": kinds, "task_types": task_types,
            "base": f"/data/projects/{project['id']}/metadata-descriptors"}


def _descriptor(client, p, **body):
    answer = client.simulate_post(p["base"], json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _entity(client, p, kind, data=None):
    body = {"name": f"{kind}-{uuid.uuid4().hex[:6]}", "project_id": p["project"]["id"],
            "entity_type_id": p["kinds"][kind], "data": data or {}}
    answer = client.simulate_post("/data/entities", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json


def _stored(app, model, row_id):
    with app.db.connection_context():
        return model.get_by_id(row_id).data


@pytest.fixture
def production(app, client):
    p = _production(app, client)
    _descriptor(client, p, entity_type="Asset", name="Frames", data_type="number")
    _descriptor(client, p, entity_type="Asset", name="Ready", data_type="boolean")
    _descriptor(client, p, entity_type="Asset", name="Status", data_type="list", choices=["todo", "done"])
    _descriptor(client, p, entity_type="Shot", name="Lens", data_type="number")
    return p


def test_a_wrong_type_is_refused_with_the_field_and_the_rule(app, client, production):
    asset = _entity(client, production, "Character", {"frames": 12})
    answer = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": {"frames": "not a number"}})
    assert answer.status_code == 400, answer.text
    assert answer.json["error"] is True
    assert answer.json["message"] == 'data.frames (Frames, number): "not a number" is not a number.'
    assert answer.json["errors"] == [{"path": "data.frames", "rule": "number",
                                      "message": 'data.frames (Frames, number): "not a number" is not a number.'}]
    assert _stored(app, m.Entity, asset["id"]) == {"frames": 12}


def test_every_broken_value_is_listed(client, production):
    asset = _entity(client, production, "Prop")
    answer = client.simulate_put(f"/data/entities/{asset['id']}",
                                 json={"data": {"frames": "x", "ready": "yes", "status": "later"}})
    assert answer.status_code == 400
    assert [(e["path"], e["rule"]) for e in answer.json["errors"]] == [
        ("data.frames", "number"), ("data.ready", "boolean"), ("data.status", "enum")]


def test_good_values_and_free_keys_are_stored_as_sent(app, client, production):
    asset = _entity(client, production, "Character")
    data = {"frames": "24", "ready": "true", "status": "done", "notes": {"free": ["form"]}}
    answer = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": data})
    assert answer.status_code == 200, answer.text
    assert _stored(app, m.Entity, asset["id"]) == data
    cleared = {**data, "frames": "", "ready": None}
    assert client.simulate_put(f"/data/entities/{asset['id']}", json={"data": cleared}).status_code == 200


def test_creation_is_judged_too(app, client, production):
    body = {"name": "Bad", "project_id": production["project"]["id"],
            "entity_type_id": production["kinds"]["FX"], "data": {"ready": 1}}
    answer = client.simulate_post("/data/entities", json=body)
    assert answer.status_code == 400
    assert answer.json["errors"][0]["path"] == "data.ready"
    with app.db.connection_context():
        assert not m.Entity.select().where(m.Entity.name == "Bad").exists()


def test_descriptors_apply_to_their_entity_type_only(client, production):
    shot = _entity(client, production, "Shot")
    # "frames" describes assets: free-form on a shot; "lens" describes shots.
    ok = client.simulate_put(f"/data/entities/{shot['id']}", json={"data": {"frames": "many"}})
    assert ok.status_code == 200, ok.text
    refused = client.simulate_put(f"/data/entities/{shot['id']}", json={"data": {"lens": "wide"}})
    assert refused.status_code == 400 and refused.json["errors"][0]["path"] == "data.lens"


def test_values_stored_before_are_not_judged_again(app, client, production):
    asset = _entity(client, production, "Character")
    with app.db.connection_context():  # a value written before the plugin judged anything
        m.Entity.update(data={"frames": "legacy"}).where(m.Entity.id == asset["id"]).execute()
    answer = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": {"frames": "legacy", "ready": True}})
    assert answer.status_code == 200, answer.text


def test_the_shot_route_is_judged(client, production):
    shot = _entity(client, production, "Shot")
    answer = client.simulate_put(f"/data/shots/{shot['id']}", json={"data": {"lens": "wide"}})
    assert answer.status_code == 400
    assert answer.json["errors"][0]["path"] == "data.lens"
    assert client.simulate_put(f"/data/shots/{shot['id']}", json={"data": {"lens": 35}}).status_code == 200


def test_task_and_project_descriptors(app, client, production):
    p = production
    layout, anim = p["task_types"]["Layout"], p["task_types"]["Animation"]
    _descriptor(client, p, entity_type="Task", task_type_id=layout, name="Due", data_type="date")
    _descriptor(client, p, entity_type="Project", name="Site", data_type="url")
    asset = _entity(client, p, "Character")
    task = p["factory"].create(m.Task, {"project_id": p["project"]["id"], "entity_id": asset["id"],
                                        "task_type_id": layout})
    refused = client.simulate_put(f"/data/tasks/{task['id']}", json={"data": {"due": "2026-02-30"}})
    assert refused.status_code == 400 and refused.json["errors"][0]["rule"] == "date"
    assert client.simulate_put(f"/data/tasks/{task['id']}", json={"data": {"due": "2026-02-28"}}).status_code == 200
    other = p["factory"].create(m.Task, {"project_id": p["project"]["id"], "entity_id": asset["id"],
                                         "task_type_id": anim})
    assert client.simulate_put(f"/data/tasks/{other['id']}", json={"data": {"due": "whenever"}}).status_code == 200
    project = f"/data/projects/{p['project']['id']}"
    refused = client.simulate_put(project, json={"data": {"site": "not a url"}})
    assert refused.status_code == 400 and refused.json["errors"][0]["path"] == "data.site"
    assert client.simulate_put(project, json={"data": {"site": "https://studio.example"}}).status_code == 200


def test_person_values_must_be_in_the_team(app, client, production):
    p = production
    _descriptor(client, p, entity_type="Asset", name="Owner", data_type="person")
    member, outsider = p["factory"].create(m.Person), p["factory"].create(m.Person)
    with app.db.connection_context():
        m.ProjectPersonLink.create(project=p["project"]["id"], person=member["id"])
    asset = _entity(client, p, "Character")
    refused = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": {"owner": outsider["id"]}})
    assert refused.status_code == 400 and refused.json["errors"][0]["rule"] == "person"
    assert client.simulate_put(f"/data/entities/{asset['id']}",
                               json={"data": {"owner": member["id"]}}).status_code == 200


def test_strict_projects_refuse_unknown_keys(make_app):
    app = make_app(config={"plugins": {"metadata": {"strict_keys": True}}})
    client = make_client(app)
    p = _production(app, client)
    _descriptor(client, p, entity_type="Asset", name="Frames", data_type="number")
    asset = _entity(client, p, "Character", {"frames": 1})
    refused = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": {"frames": 2, "notes": "x"}})
    assert refused.status_code == 400 and refused.json["errors"] == [
        {"path": "data.notes", "rule": "unknown", "message": refused.json["errors"][0]["message"]}]
    shot = _entity(client, p, "Shot")
    assert client.simulate_put(f"/data/entities/{shot['id']}",
                               json={"data": {"frame_in": 1, "frame_out": 20}}).status_code == 200


def test_the_production_asset_creation_route_is_judged(app, client, production):
    p = production
    path = f"/data/projects/{p['project']['id']}/asset-types/{p['kinds']['Prop']}/assets/new"
    refused = client.simulate_post(path, json={"name": "Lamp", "data": {"status": "later"}})
    assert refused.status_code == 400, refused.text
    assert refused.json["errors"][0]["path"] == "data.status"
    with app.db.connection_context():
        assert not m.Entity.select().where(m.Entity.name == "Lamp").exists()
    created = client.simulate_post(path, json={"name": "Lamp", "data": {"status": "todo"}})
    assert created.status_code == 201, created.text
    assert _stored(app, m.Entity, created.json["id"]) == {"status": "todo"}


@pytest.fixture
def typed(app, client):
    world = typed_project(app, client)
    world["asset"] = _entity(client, world, "Character", {"notes": "kept"})
    return world


@pytest.mark.parametrize("kind, value, rule", case_params(accepted=False))
def test_each_type_refuses_its_wrong_values_on_the_item_route(app, client, typed, kind, value, rule):
    asset = typed["asset"]
    answer = client.simulate_put(f"/data/entities/{asset['id']}",
                                 json={"data": {"notes": "kept", kind: resolved(typed, value)}})
    assert answer.status_code == 400, answer.text
    assert answer.json["errors"] == [{"path": f"data.{kind}", "rule": rule, "message": answer.json["message"]}]
    assert answer.json["message"].startswith(f"data.{kind} ({kind.title()}, {kind}): ")
    assert _stored(app, m.Entity, asset["id"]) == {"notes": "kept"}


@pytest.mark.parametrize("kind, value, rule", case_params(accepted=True))
def test_each_type_accepts_its_right_values_on_the_item_route(app, client, typed, kind, value, rule):
    asset = typed["asset"]
    data = {"notes": "kept", kind: resolved(typed, value)}
    answer = client.simulate_put(f"/data/entities/{asset['id']}", json={"data": data})
    assert answer.status_code == 200, answer.text
    assert answer.json["data"] == data
    assert _stored(app, m.Entity, asset["id"]) == data
