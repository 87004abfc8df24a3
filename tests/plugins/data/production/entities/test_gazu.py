"""The published gazu client drives the entity routes of a real server, as a studio script would."""

from __future__ import annotations

import gazu
import pytest


@pytest.fixture
def client(gazu_session):
    return gazu_session.client


def test_a_pipeline_script_builds_and_cleans_a_production(client):
    gazu.cache.disable()
    project = gazu.project.new_project("Gazu Show", production_type="tvshow", client=client)
    episode = gazu.shot.new_episode(project, "E02", client=client)
    assert gazu.shot.new_episode(project, "E02", client=client)["id"] == episode["id"]
    assert gazu.shot.get_episode_by_name(project, "E02", client=client)["id"] == episode["id"]
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=client)
    assert gazu.shot.get_sequence_by_name(project, "SQ01", episode=episode, client=client)["id"] == sequence["id"]
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24, frame_in=1001, frame_out=1024,
                              data={"lens": "50mm"}, client=client)
    assert shot["data"] == {"lens": "50mm", "frame_in": 1001, "frame_out": 1024}
    assert gazu.shot.get_shot_by_name(sequence, "SH010", client=client)["id"] == shot["id"]
    assert gazu.shot.get_sequence_from_shot(shot, client=client)["id"] == sequence["id"]
    assert [s["name"] for s in gazu.shot.all_shots_for_sequence(sequence, client=client)] == ["SH010"]
    assert [s["name"] for s in gazu.shot.all_shots_for_episode(episode, client=client)] == ["SH010"]
    assert [s["name"] for s in gazu.shot.all_sequences_for_episode(episode, client=client)] == ["SQ01"]
    assert gazu.shot.get_shot(shot["id"], client=client)["frame_in"] == 1001

    character = gazu.asset.get_asset_type_by_name("Character", client=client)
    asset = gazu.asset.new_asset(project, character, "Hero", "The hero", episode=episode, client=client)
    assert gazu.asset.new_asset(project, character, "Hero", client=client)["id"] == asset["id"]
    assert gazu.asset.get_asset(asset["id"], client=client)["episode_id"] == episode["id"]
    assert [a["name"] for a in gazu.asset.all_assets_for_project(project, client=client)] == ["Hero"]
    assert [a["name"] for a in gazu.asset.all_assets_for_episode(episode, client=client)] == ["Hero"]
    assert [t["name"] for t in gazu.asset.all_asset_types_for_project(project, client=client)] == ["Character"]
    assert gazu.asset.get_asset_type(character["id"], client=client)["type"] == "AssetType"
    assert "Character" in [t["name"] for t in gazu.asset.all_asset_types(client=client)]

    scene = gazu.scene.new_scene(project, sequence, "SC01", client=client)
    assert gazu.scene.get_scene_by_name(sequence, "SC01", client=client)["id"] == scene["id"]
    edit = gazu.edit.new_edit(project, "Cut", episode=episode, client=client)
    assert gazu.edit.get_edit_by_name(project, "Cut", client=client)["id"] == edit["id"]
    concept = gazu.concept.new_concept(project, "Look", entity_concept_links=[asset], client=client)
    assert gazu.concept.get_concept(concept["id"], client=client)["entity_concept_links"] == [asset["id"]]

    animation = gazu.task.get_task_type_by_name("Animation", client=client)
    todo = gazu.task.get_task_status_by_short_name("todo", client=client)
    gazu.client.create("tasks", {"name": "main", "project_id": project["id"], "entity_id": shot["id"],
                                 "task_type_id": animation["id"], "task_status_id": todo["id"]}, client=client)
    gazu.shot.remove_shot(shot, client=client)  # it has a task: only canceled
    assert gazu.shot.get_shot(shot["id"], client=client)["canceled"] is True
    assert gazu.shot.restore_shot(shot, client=client)["canceled"] is False
    assert gazu.entity.remove_entities(project, [shot, asset], client=client) == [shot["id"], asset["id"]]
    assert gazu.shot.get_shot(shot["id"], client=client)["canceled"] is True
    assert gazu.entity.remove_entities(project, [shot], client=client) == [shot["id"]]
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.shot.get_shot(shot["id"], client=client)
    with pytest.raises(gazu.exception.ParameterException):
        gazu.shot.remove_sequence(sequence, client=client)  # its scene still refers to it
    gazu.shot.remove_sequence(sequence, force=True, client=client)
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.scene.get_scene(scene["id"], client=client)
    gazu.edit.remove_edit(edit, client=client)
    gazu.concept.remove_concept(concept, client=client)
    gazu.shot.remove_episode(episode, force=True, client=client)
    assert [e["name"] for e in gazu.shot.all_episodes_for_project(project, client=client)] == ["E01"]
    assert gazu.asset.all_assets_for_project(project, client=client) == []
