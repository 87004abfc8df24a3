"""A DCC pipeline with the published gazu client: working and output files with their generated paths.

An artist of the production saves working files on an asset's modeling task
(paths built from the project's file tree, chosen by name with
``set-file-tree``), uploads and downloads their bytes, publishes output files
and reads them back by revision; ``guess_from_path`` turns a path that
``build_working_file_path`` built (and an output path) back into the rows
its folders name; a tree given whole (``update_project_file_tree``) places
shots under their episode; a client of the production may read but not save.
"""

from __future__ import annotations

import gazu
import pytest
from gazu.exception import NotAllowedException

from ..conftest import GAZU_PASSWORD

SHOT_TREE = {
    "working": {"mountpoint": "/mnt/work", "root": "moonbase", "folder_path": {
        "shot": "<Project>/<Episode>/<Sequence>/<Shot>/<TaskType>", "style": "lowercase"},
        "file_name": {"shot": "<Project>_<Shot>_<TaskType>_<Name>_v<Revision>", "style": "lowercase"}},
    "output": {"mountpoint": "/mnt/out", "root": "", "folder_path": {
        "shot": "<Project>/<Episode>/<Sequence>/<Shot>/<OutputType>", "style": "uppercase"},
        "file_name": {"shot": "<Project>_<Shot>_<OutputType>_<OutputFile>", "style": "uppercase"}},
}


@pytest.fixture
def pipeline(gazu_session):
    c, live = gazu_session.client, gazu_session.live
    project = gazu.project.new_project("Moon Base", production_type="tvshow", client=c)
    artist = gazu.person.new_person("Art", "Ist", "art@example.com", role="user", password=GAZU_PASSWORD, client=c)
    client_person = gazu.person.new_person("Cli", "Ent", "client@example.com", role="client",
                                           password=GAZU_PASSWORD, client=c)
    for person in (artist, client_person):
        gazu.project.add_person_to_team(project, person, client=c)
    character = gazu.asset.get_asset_type_by_name("Character", client=c)
    hero = gazu.asset.new_asset(project, character, "Hero Robot", client=c)
    modeling = gazu.task.get_task_type_by_name("Modeling", client=c)
    task = gazu.task.new_task(hero, modeling, client=c)
    blender = gazu.files.new_software("Blender", "bl", ".blend", client=c)

    def logged_in(email):
        session = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
        gazu.log_in(email, GAZU_PASSWORD, client=session)
        return session

    return dict(admin=c, artist=logged_in("art@example.com"), client=logged_in("client@example.com"),
                project=project, hero=hero, character=character, modeling=modeling, task=task, blender=blender)


def test_working_and_output_files_with_their_paths(pipeline, tmp_path):
    p, artist = pipeline, pipeline["artist"]
    tree = gazu.client.post(f"actions/projects/{p['project']['id']}/set-file-tree", {"tree_name": "default"},
                            client=p["admin"])
    assert tree["file_tree"]["working"]["mountpoint"] == "/simple"

    built = gazu.files.build_working_file_path(p["task"], software=p["blender"], client=artist)
    assert built == "/simple/productions/moon_base/assets/character/hero_robot/modeling/" \
                    "moon_base_character_hero_robot_modeling"
    first = gazu.files.new_working_file(p["task"], software=p["blender"], comment="blocking", client=artist)
    assert first["path"] == built and first["revision"] == 1 and first["software_id"] == p["blender"]["id"]
    second = gazu.files.new_working_file(p["task"], software=p["blender"], comment="details", client=artist)
    assert second["revision"] == 2
    assert [w["revision"] for w in gazu.files.get_working_files_for_task(p["task"], client=artist)] == [2, 1]
    assert gazu.files.get_last_working_file_revision(p["task"], client=artist)["id"] == second["id"]
    assert gazu.files.update_comment(first, "blocking, approved", client=artist)["comment"] == "blocking, approved"
    assert gazu.files.get_working_file(first["id"], client=artist)["comment"] == "blocking, approved"

    scene = tmp_path / "hero.blend"
    scene.write_bytes(b"BLENDER-v300" + bytes(range(256)) * 2000)
    gazu.files.upload_working_file(second, str(scene), client=artist)
    back = tmp_path / "back.blend"
    gazu.files.download_working_file(second, str(back), client=artist)
    assert back.read_bytes() == scene.read_bytes()

    cache = gazu.files.new_output_type("Geometry Cache", "geo", client=p["admin"])
    modeling, hero = p["modeling"], p["hero"]
    assert gazu.files.get_last_entity_output_revision(hero, cache, modeling, client=artist) == 0
    out = gazu.files.new_entity_output_file(hero, cache, modeling, "first cache", working_file=second,
                                            representation="abc", client=artist)
    expected_folder = "/simple/productions/export/moon_base/assets/character/hero_robot/geometry_cache"
    assert out["folder_path"] == expected_folder and out["path"] == f"{expected_folder}/{out['file_name']}"
    assert out["file_name"] == "moon_base_character_hero_robot_geometry_cache_main"
    assert out["source_file_id"] == second["id"] and out["revision"] == 1
    assert gazu.files.build_entity_output_file_path(hero, cache, modeling, revision=1, client=artist) == \
        f"{expected_folder}/{out['file_name']}"
    again = gazu.files.new_entity_output_file(hero, cache, modeling, "second cache", representation="abc",
                                              client=artist)
    assert again["revision"] == 2
    assert gazu.files.get_last_entity_output_revision(hero, cache, modeling, client=artist) == 2
    assert gazu.files.get_next_entity_output_revision(hero, cache, modeling, client=artist) == 3
    listed = gazu.files.all_output_files_for_entity(hero, output_type=cache, client=artist)
    assert {o["revision"]: o["comment"] for o in listed} == {1: "first cache", 2: "second cache"}
    assert [o["revision"] for o in gazu.files.get_last_output_files_for_entity(hero, client=artist)] == [2]
    assert gazu.files.all_output_types_for_entity(hero, client=artist)[0]["id"] == cache["id"]
    assert gazu.files.get_output_file(out["id"], client=artist)["comment"] == "first cache"

    project_id = p["project"]["id"]
    guessed = gazu.entity.guess_from_path(project_id, built, client=artist)
    assert {"Template": "asset", "Project": project_id, "AssetType": p["character"]["id"], "Asset": hero["id"],
            "TaskType": modeling["id"]} in guessed
    guessed_output = gazu.entity.guess_from_path(project_id, out["path"], client=artist)
    assert {"Template": "asset", "Project": project_id, "AssetType": p["character"]["id"], "Asset": hero["id"],
            "OutputType": cache["id"]} in guessed_output


def test_a_given_tree_places_shots_under_their_episode(pipeline):
    p, admin, artist = pipeline, pipeline["admin"], pipeline["artist"]
    gazu.files.update_project_file_tree(p["project"], SHOT_TREE, client=admin)
    episode = gazu.shot.new_episode(p["project"], "E02", client=admin)
    sequence = gazu.shot.new_sequence(p["project"], "SQ03", episode=episode, client=admin)
    shot = gazu.shot.new_shot(p["project"], sequence, "SH0040", client=admin)
    layout = gazu.task.get_task_type_by_name("Layout", client=admin)
    task = gazu.task.new_task(shot, layout, client=admin)

    built = gazu.files.build_working_file_path(task, name="anim pass", revision=4, client=artist)
    assert built == "/mnt/work/moonbase/moon_base/e02/sq03/sh0040/layout/moon_base_sh0040_layout_anim_pass_v004"
    guessed = gazu.entity.guess_from_path(p["project"]["id"], built, client=artist)
    assert {"Template": "shot", "Project": p["project"]["id"], "Episode": episode["id"], "Sequence": sequence["id"],
            "Shot": shot["id"], "TaskType": layout["id"]} in guessed
    saved = gazu.files.new_working_file(task, name="anim pass", revision=4, client=artist)
    assert saved["path"] == built and saved["revision"] == 4

    render = gazu.files.new_output_type("Beauty", "bty", client=admin)
    out = gazu.files.new_entity_output_file(shot, render, layout, "beauty", client=artist)
    assert out["folder_path"] == "/mnt/out/MOON_BASE/E02/SQ03/SH0040/BEAUTY"
    assert out["file_name"] == "MOON_BASE_SH0040_BEAUTY_MAIN"
    assert gazu.files.get_next_entity_output_revision(shot, render, layout, client=artist) == 2


def test_a_client_reads_but_may_not_save_files(pipeline):
    p = pipeline
    gazu.client.post(f"actions/projects/{p['project']['id']}/set-file-tree", {"tree_name": "simple"},
                     client=p["admin"])
    gazu.files.new_working_file(p["task"], client=p["artist"])
    with pytest.raises(NotAllowedException):
        gazu.files.new_working_file(p["task"], client=p["client"])
    assert len(gazu.files.get_working_files_for_task(p["task"], client=p["client"])) == 1
    with pytest.raises(NotAllowedException):
        gazu.client.post(f"actions/projects/{p['project']['id']}/set-file-tree", {"tree_name": "default"},
                         client=p["artist"])
