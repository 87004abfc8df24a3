"""Asset instances (in scenes, in assets, used by shots) and shots made from scenes."""

from __future__ import annotations

import uuid

import pytest

from . import samples as zou
from .samples import shape_diffs
from .world import build_world, event_names


@pytest.fixture
def world(client):
    return build_world(client)


def _scene_instance(client, world, asset, **extra):
    answer = client.simulate_post(f"/data/scenes/{world['SC01']}/asset-instances",
                                  json={"asset_id": world[asset], **extra})
    assert answer.status_code == 201, answer.text
    return answer.json


def test_scene_instances_are_numbered_per_asset(app, client, world):
    first = _scene_instance(client, world, "Lamp")
    second = _scene_instance(client, world, "Lamp", description="on the desk")
    hero = _scene_instance(client, world, "Hero")
    assert (first["name"], first["number"], first["scene_id"]) == ("Lamp_0001", 1, world["SC01"])
    assert (second["name"], second["number"], second["description"]) == ("Lamp_0002", 2, "on the desk")
    assert hero["name"] == "Hero_0001"
    assert shape_diffs(zou.SCENE_INSTANCE_NEW, first) == []
    assert event_names(app)[-1] == "asset_instance:new"
    listed = client.simulate_get(f"/data/scenes/{world['SC01']}/asset-instances").json
    assert set(listed) == {world["Lamp"], world["Hero"]}
    assert [i["name"] for i in listed[world["Lamp"]]] == ["Lamp_0001", "Lamp_0002"]
    assert shape_diffs(zou.SCENE_INSTANCES, listed) == []
    by_scene = client.simulate_get(f"/data/assets/{world['Lamp']}/scene-asset-instances").json
    assert list(by_scene) == [world["SC01"]] and len(by_scene[world["SC01"]]) == 2
    assert shape_diffs(zou.SCENE_INSTANCES, by_scene) == []


def test_camera_instances(client, world):
    _scene_instance(client, world, "Lamp")
    camera = _scene_instance(client, world, "Cam")
    cameras = client.simulate_get(f"/data/scenes/{world['SC01']}/camera-instances").json
    assert cameras == {world["Cam"]: [camera]}


def test_scene_instance_errors(client, world):
    other = build_world(client)
    path = f"/data/scenes/{world['SC01']}/asset-instances"
    for body in ({}, {"asset_id": "x"}, {"asset_id": world["Hero"], "name": "mine"}):
        assert client.simulate_post(path, json=body).status_code == 400, body
    assert client.simulate_post(path, json={"asset_id": other["Hero"]}).status_code == 400
    assert client.simulate_post(path, json={"asset_id": str(uuid.uuid4())}).status_code == 404
    assert client.simulate_post(path, json={"asset_id": world["SH010"]}).status_code == 404
    assert client.simulate_get(f"/data/scenes/{world['SH010']}/asset-instances").status_code == 404
    assert client.simulate_get(f"/data/scenes/{world['SC01']}/asset-instances").json == {}


def test_asset_in_asset_instances(app, client, world):
    path = f"/data/assets/{world['Hero']}/asset-asset-instances"
    answer = client.simulate_post(path, json={"asset_to_instantiate_id": world["Lamp"], "description": "lamp in hero"})
    assert answer.status_code == 201, answer.text
    assert (answer.json["name"], answer.json["asset_id"], answer.json["target_asset_id"]) == (
        "Lamp_0001", world["Lamp"], world["Hero"])
    assert shape_diffs(zou.ASSET_INSTANCE_NEW, answer.json) == []
    again = client.simulate_post(path, json={"asset_to_instantiate_id": world["Lamp"]}).json
    assert again["number"] == 2
    listed = client.simulate_get(path).json
    assert list(listed) == [world["Lamp"]] and [i["number"] for i in listed[world["Lamp"]]] == [1, 2]
    assert client.simulate_get(f"/data/assets/{world['Lamp']}/asset-asset-instances").json == {}
    assert client.simulate_post(path, json={"asset_id": world["Lamp"]}).status_code == 400


def test_shot_asset_instances_add_list_remove(app, client, world):
    instance = _scene_instance(client, world, "Hero")
    path = f"/data/shots/{world['SH010']}/asset-instances"
    added = client.simulate_post(path, json={"asset_instance_id": instance["id"]})
    assert added.status_code == 201, added.text
    assert added.json["id"] == world["SH010"] and added.json["type"] == "Entity"
    assert shape_diffs(zou.SHOT_INSTANCE_ADD, added.json) == []
    assert event_names(app)[-1] == "asset_instance:add-to-shot"
    assert client.simulate_post(path, json={"asset_instance_id": instance["id"]}).status_code == 201  # idempotent
    listed = client.simulate_get(path).json
    assert list(listed) == [world["Hero"]] and [i["id"] for i in listed[world["Hero"]]] == [instance["id"]]
    assert shape_diffs(zou.SHOT_INSTANCES, listed) == []
    by_shot = client.simulate_get(f"/data/assets/{world['Hero']}/shot-asset-instances").json
    assert list(by_shot) == [world["SH010"]]
    assert shape_diffs(zou.ASSET_SHOT_INSTANCES, by_shot) == []
    assert client.simulate_delete(f"{path}/{instance['id']}").status_code == 204
    assert event_names(app)[-1] == "asset_instance:remove-from-shot"
    assert client.simulate_get(path).json == {}
    assert client.simulate_get(f"/data/assets/{world['Hero']}/shot-asset-instances").json == {}
    assert client.simulate_post(path, json={"asset_instance_id": str(uuid.uuid4())}).status_code == 404
    assert client.simulate_post(path, json={}).status_code == 400
    assert client.simulate_delete(f"{path}/{uuid.uuid4()}").status_code == 404
    assert client.simulate_get(f"/data/shots/{world['SC01']}/asset-instances").status_code == 404


def test_shots_made_from_a_scene(app, client, world):
    path = f"/data/scenes/{world['SC01']}/shots"
    linked = client.simulate_post(path, json={"shot_id": world["SH010"]})
    assert linked.status_code == 201, linked.text
    assert linked.json["source_id"] == world["SC01"] and linked.json["type"] == "Entity"
    assert shape_diffs(zou.SCENE_SHOT_ADD, linked.json) == []
    assert event_names(app)[-1] == "shot:add-to-scene"
    shots = client.simulate_get(path).json
    assert [(s["name"], s["sequence_name"], s["type"]) for s in shots] == [("SH010", "SQ01", "Shot")]
    assert shape_diffs(zou.SCENE_SHOTS, shots) == []
    assert client.simulate_delete(f"{path}/{world['SH010']}").status_code == 204
    assert event_names(app)[-1] == "shot:remove-from-scene"
    assert client.simulate_get(path).json == []
    assert client.simulate_get(f"/data/entities/{world['SH010']}").json["source_id"] is None
    assert client.simulate_post(path, json={"shot_id": world["Hero"]}).status_code == 404
    assert client.simulate_post(path, json={"shot": world["SH010"]}).status_code == 400
    other = build_world(client)
    assert client.simulate_post(path, json={"shot_id": other["SH010"]}).status_code == 400
