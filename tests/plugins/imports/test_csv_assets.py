"""POST /import/csv/projects/{id}/assets: asset types, episodes, "Ready for", workflow tasks, update mode."""

from __future__ import annotations

import json
from pathlib import Path

from clapboard.plugins.data import models as m

from .csv_support import ids_of, post_csv, production

SAMPLES = Path(__file__).resolve().parents[2] / "zou_samples"


def _path(project):
    return f"/import/csv/projects/{project['id']}/assets"


def _assets(client, project) -> dict:
    return {row["name"]: row for row in client.simulate_get(f"/data/projects/{project['id']}/assets").json}


def _task_types_of(app, entity_id) -> set:
    with app.db.connection_context():
        return {name for (name,) in m.Task.select(m.TaskType.name).join(m.TaskType)
                .where(m.Task.entity == entity_id).tuples()}


def test_assets_answer_as_zou_recorded(app, client):
    recorded = json.loads((SAMPLES / "POST__import__csv__projects__{id}__assets.json").read_text())
    project = production(client, app)
    answer = post_csv(client, _path(project), "Type,Name,Description\nCharacter,Chair,A wooden chair\n"
                                              "character,Sidekick,Hero's friend\n")
    assert answer.status_code == recorded["status"], answer.text
    assert set(answer.json[0]) == set(recorded["response_body"][0])
    chair, sidekick = answer.json
    assert chair["entity_type_id"] == sidekick["entity_type_id"] == ids_of(app, m.EntityType, ["Character"])[0]
    assert chair["description"] == "A wooden chair" and chair["data"] == {} and chair["source_id"] is None


def test_the_recorded_bad_columns_refusal(app, client):
    recorded = json.loads((SAMPLES / "POST__import__csv__projects__{id}__assets.400-bad-columns.json").read_text())
    project = production(client, app)
    answer = post_csv(client, _path(project), "Type;Descr\nProp;x\n")
    assert answer.status_code == recorded["status"] and answer.json == recorded["response_body"]


def test_workflow_tasks_for_every_asset_named_even_without_update(app, client):
    project = production(client, app, asset_types=("Modeling", "Shading"))
    first = post_csv(client, _path(project), "Type,Name\nProp,Lamp\n").json[0]
    assert _task_types_of(app, first["id"]) == {"Modeling", "Shading"}
    with app.db.connection_context():
        m.Task.delete().where(m.Task.entity == first["id"]).execute()
    assert post_csv(client, _path(project), "Type,Name,Description\nProp,Lamp,ignored\n").status_code == 201
    assert _task_types_of(app, first["id"]) == {"Modeling", "Shading"}  # repaired, as Zou re-imports do
    assert _assets(client, project)["Lamp"]["description"] is None  # but the asset is left as it was


def test_asset_type_workflow_narrows_the_tasks(app, client):
    project = production(client, app, asset_types=("Modeling", "Shading"))
    prop = ids_of(app, m.EntityType, ["Prop"])[0]
    modeling = ids_of(app, m.TaskType, ["Modeling"])[0]
    assert client.simulate_put(f"/data/entity-types/{prop}", json={"task_types": [modeling]}).status_code == 200
    answer = post_csv(client, _path(project), "Type,Name\nProp,Lamp\nCharacter,Hero\n")
    lamp, hero = answer.json
    assert _task_types_of(app, lamp["id"]) == {"Modeling"}
    assert _task_types_of(app, hero["id"]) == {"Modeling", "Shading"}


def test_unknown_type_is_created_when_the_project_lists_none(app, client):
    project = production(client, app)
    answer = post_csv(client, _path(project), "Type,Name\nVehicle,Car\nvehicle,Bike\n")
    assert answer.status_code == 201
    with app.db.connection_context():
        assert m.EntityType.select().where(m.EntityType.name == "Vehicle").count() == 1
        assert m.ApiEvent.select().where(m.ApiEvent.name == "asset-type:new").count() == 1
    assert answer.json[0]["entity_type_id"] == answer.json[1]["entity_type_id"]


def test_a_project_listing_asset_types_is_a_closed_list(app, client):
    project = production(client, app)
    character, prop = ids_of(app, m.EntityType, ["Character", "Prop"])
    client.simulate_put(f"/data/projects/{project['id']}", json={"asset_types": [character]})
    refused = post_csv(client, _path(project), "Type,Name\nCharacter,Hero\nVehicle,Car\n")
    assert refused.status_code == 400 and refused.json["line_number"] == 3
    assert "not configured for this project" in refused.json["message"]
    assert _assets(client, project) == {}
    added = post_csv(client, _path(project), "Type,Name\nprop,Lamp\n")  # a studio type: added to the list
    assert added.status_code == 201
    project_row = client.simulate_get(f"/data/projects/{project['id']}").json
    assert set(project_row["asset_types"]) == {character, prop}


def test_ready_for_names_a_shot_task_type(app, client):
    project = production(client, app, shot_types=("Layout", "Animation"))
    layout = ids_of(app, m.TaskType, ["Layout"])[0]
    answer = post_csv(client, _path(project), "Type,Name,Ready for\nProp,Lamp,Layout\nProp,Desk,\n")
    assert [row["ready_for"] for row in answer.json] == [layout, None]
    refused = post_csv(client, _path(project), "Type,Name,Ready for\nProp,Chair,Lighting\n")
    assert refused.status_code == 400 and refused.json["message"] == "Task type not found for Lighting"
    cleared = post_csv(client, _path(project), "Type,Name,Ready for\nProp,Lamp,\n", update=True)
    assert cleared.json[0]["ready_for"] is None


def test_episodes_of_a_tv_show(app, client):
    project = production(client, app, tv=True)
    answer = post_csv(client, _path(project), "Episode,Type,Name\nE01,Prop,Lamp\nE07,Prop,Desk\nMP,Prop,Chair\n"
                                              ",Prop,Bed\n")
    assert answer.status_code == 201, answer.text
    episodes = {e["name"]: e["id"] for e in client.simulate_get(f"/data/projects/{project['id']}/episodes").json}
    assert set(episodes) == {"E01", "E07"}
    assert [row["source_id"] for row in answer.json] == [episodes["E01"], episodes["E07"], None, None]
    kept = post_csv(client, _path(project), "Type,Name,Description\nProp,Lamp,lit\n", update=True)
    assert kept.json[0]["source_id"] == episodes["E01"] and kept.json[0]["description"] == "lit"
    moved = post_csv(client, _path(project), "Episode,Type,Name\nE07,Prop,Lamp\n", update=True)
    assert moved.json[0]["source_id"] == episodes["E07"] and moved.json[0]["id"] == answer.json[0]["id"]


def test_an_episode_outside_a_tv_show_is_refused_but_an_empty_one_is_none(app, client):
    project = production(client, app)
    assert post_csv(client, _path(project), "Episode,Type,Name\n,Prop,Lamp\n").status_code == 201
    refused = post_csv(client, _path(project), "Episode,Type,Name\nE01,Prop,Desk\n")
    assert refused.status_code == 400
    assert refused.json["message"] == "An episode column is present for a production that isn't a TV Show"


def test_update_keeps_other_data_and_rewrites_named_columns(app, client):
    project = production(client, app)
    first = post_csv(client, _path(project), "Type,Name,Description,Resolution\nProp,Lamp,old,1920x1080\n").json[0]
    client.simulate_put(f"/data/entities/{first['id']}", json={"data": {"resolution": "1920x1080", "kept": "yes"}})
    updated = post_csv(client, _path(project), "Type,Name,Resolution\nProp,Lamp,4096x2160\n", update=True).json[0]
    assert updated["id"] == first["id"] and updated["description"] == "old"
    assert updated["data"] == {"resolution": "4096x2160", "kept": "yes"}
    with app.db.connection_context():
        updates = [e.data for e in m.ApiEvent.select().where(m.ApiEvent.name == "asset:update")]
    assert updates == [{"asset_id": first["id"], "episode_id": None, "project_id": project["id"]}]
    cleared = post_csv(client, _path(project), "Type,Name,Resolution\nProp,Lamp,\n", update=True).json[0]
    assert cleared["data"] == {"kept": "yes"}  # an empty cell clears the value


def test_same_name_other_type_is_another_asset(app, client):
    project = production(client, app)
    answer = post_csv(client, _path(project), "Type,Name\nProp,Tree\nEnvironment,Tree\n")
    assert answer.json[0]["id"] != answer.json[1]["id"]
    assert len(client.simulate_get(f"/data/projects/{project['id']}/assets").json) == 2


def test_type_and_name_are_needed_and_shots_are_no_asset_type(app, client):
    project = production(client, app)
    for text, words in (("Type,Name\n,Lamp\n", "asset type is required"), ("Type,Name\nProp,\n", "name is required"),
                        ("Type,Name\nShot,SH010\n", "not an asset type"),
                        ("Type,Name\n" + "T" * 31 + ",Lamp\n", "Type: longer than 30")):
        answer = post_csv(client, _path(project), text)
        assert answer.status_code == 400 and words in answer.json["message"] and answer.json["line_number"] == 2
