"""The published gazu client drives the breakdown of a real Clapboard server (casting, instances, scenes)."""

from __future__ import annotations

import uuid

import gazu
import pytest

from clapboard.plugins.data.models import Person
from clapboard.testing import LiveServer, make_client

from .world import build_world

FAST = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
PASSWORD = "gazu breakdown password"


@pytest.fixture
def session(make_app):
    app = make_app(config={"plugins": {"auth": FAST}})
    with app.db.connection_context():
        Person.create(id=uuid.uuid4(), first_name="Bree", last_name="Down", email="breakdown@example.com",
                      role="admin", password=app.passwords.hash(PASSWORD))
    world = build_world(make_client(app))
    live = LiveServer(app).start()
    client = gazu.client.create_client(live.url + "/api")
    gazu.log_in("breakdown@example.com", PASSWORD, client=client)
    yield client, world
    live.stop()


def test_gazu_casting_functions(session):
    client, w = session
    project, shot = {"id": w["project"]}, {"id": w["SH010"], "project_id": w["project"]}
    casting = [{"asset_id": w["Hero"], "nb_occurences": 1}, {"asset_id": w["Lamp"], "nb_occurences": 2}]
    gazu.casting.update_shot_casting(project, shot, casting, client=client)
    assert [c["asset_name"] for c in gazu.casting.get_shot_casting(shot, client=client)] == ["Hero", "Lamp"]
    sequence = {"id": w["SQ01"], "project_id": w["project"]}
    assert list(gazu.casting.get_sequence_casting(sequence, client=client)) == [w["SH010"]]
    cast = gazu.casting.cast_asset(project, [w["SH020"], w["SH030"]], w["Forest"], client=client)
    assert set(cast) == {w["SH020"], w["SH030"]}
    gazu.casting.uncast_asset(project, w["SH030"], w["Forest"], client=client)
    assert set(gazu.casting.get_project_shots_casting(project, client=client)) == {w["SH010"], w["SH020"]}
    assert set(gazu.casting.get_episode_shots_casting(project, w["E01"], client=client)) == {w["SH010"], w["SH020"]}
    assert list(gazu.casting.get_episodes_casting(project, client=client)) == [w["E01"]]
    assert [c["shot_name"] for c in gazu.casting.get_asset_cast_in(w["Hero"], client=client)] == ["SH010"]
    links = gazu.casting.all_entity_links_for_project(project, client=client)
    page = gazu.casting.all_entity_links_for_project(project, page=1, limit=2, client=client)
    assert len(page["data"]) == 2 and page["total"] == len(links)
    gazu.casting.delete_entity_link(next(link for link in links if link["entity_in_id"] == w["SH010"]), client=client)
    assert len(gazu.casting.all_entity_links_for_project(project, client=client)) == len(links) - 1
    assert gazu.casting.get_asset_type_casting(project, w["type_Prop"], client=client) == {}
    assert [t["name"] for t in gazu.asset.all_asset_types_for_shot(w["SH020"], client=client)] == ["Environment"]
    assert [a["name"] for a in gazu.asset.all_assets_for_shot(w["SH020"], client=client)] == ["Forest"]


def test_gazu_asset_instance_and_scene_functions(session):
    client, w = session
    scene = {"id": w["SC01"]}
    instance = gazu.scene.new_scene_asset_instance(scene, w["Lamp"], description="desk", client=client)
    assert instance["name"] == "Lamp_0001"
    assert list(gazu.scene.all_asset_instances_for_scene(scene, client=client)) == [w["Lamp"]]
    assert gazu.scene.all_camera_instances_for_scene(scene, client=client) == {}
    assert list(gazu.asset.all_scene_asset_instances_for_asset(w["Lamp"], client=client)) == [w["SC01"]]
    shot = gazu.shot.add_asset_instance_to_shot(w["SH010"], instance, client=client)
    assert shot["id"] == w["SH010"]
    assert list(gazu.shot.get_asset_instances_for_shot(w["SH010"], client=client)) == [w["Lamp"]]
    assert list(gazu.asset.all_shot_asset_instances_for_asset(w["Lamp"], client=client)) == [w["SH010"]]
    gazu.shot.remove_asset_instance_from_shot(w["SH010"], instance, client=client)
    assert gazu.shot.get_asset_instances_for_shot(w["SH010"], client=client) == {}
    inner = gazu.asset.new_asset_asset_instance(w["Hero"], w["Lamp"], client=client)
    assert inner["target_asset_id"] == w["Hero"]
    assert list(gazu.asset.all_asset_instances_for_asset(w["Hero"], client=client)) == [w["Lamp"]]
    gazu.scene.add_shot_to_scene(scene, w["SH020"], client=client)
    assert [s["name"] for s in gazu.scene.all_shots_for_scene(scene, client=client)] == ["SH020"]
    gazu.scene.remove_shot_from_scene(scene, w["SH020"], client=client)
    assert gazu.scene.all_shots_for_scene(scene, client=client) == []
