"""Creating, updating, deleting and sharing entities: Zou's bodies, answers, semantics and events."""

from __future__ import annotations

import uuid

import pytest

from clapboard.testing import make_client

from .test_production import build, sample, shape_differences


@pytest.fixture
def production(make_app):
    return build(make_client(make_app()))


def _events(p, name, key=None, value=None):
    found = p.get("/data/events", name=name)
    return [e for e in found if key is None or e["data"].get(key) == value]


def _gone(p, path):
    return p.client.simulate_get(path).status_code == 404


def _created(p, path, body):
    answer = p.client.simulate_post(path, json=body)
    assert answer.status_code == 201, answer.text
    return answer


# -- creation ---------------------------------------------------------------------------------------------------


def _creation_cases(ids):
    project = ids["project"]
    return {
        "POST__data__projects__{id}__shots.json": (f"/data/projects/{project}/shots", {
            "name": "SH100", "sequence_id": ids["SQ01"], "nb_frames": 48,
            "data": {"frame_in": 1001, "frame_out": 1048, "difficulty": "easy"}}),
        "POST__data__projects__{id}__shots.400-bad-body.json": (f"/data/projects/{project}/shots",
                                                                {"sequence_id": ids["SQ01"]}),
        "POST__data__projects__{id}__asset-types__{id}__assets__new.json": (
            f"/data/projects/{project}/asset-types/{ids['type:Character']}/assets/new",
            {"name": "Villain", "description": "Villain asset", "episode_id": ids["E01"]}),
        "POST__data__projects__{id}__episodes.json": (f"/data/projects/{project}/episodes", {"name": "E03"}),
        "POST__data__projects__{id}__sequences.json": (f"/data/projects/{project}/sequences",
                                                       {"name": "SQ10", "episode_id": ids["E01"]}),
        "POST__data__projects__{id}__scenes.json": (f"/data/projects/{project}/scenes",
                                                    {"name": "SC10", "sequence_id": ids["SQ01"]}),
        "POST__data__projects__{id}__edits.json": (f"/data/projects/{project}/edits",
                                                   {"name": "Edit v2", "episode_id": ids["E01"]}),
        "POST__data__projects__{id}__concepts.json": (f"/data/projects/{project}/concepts", {"name": "Sketch"}),
    }


def test_creation_answers_have_the_shape_zou_recorded(production):
    for name, (path, body) in _creation_cases(production.ids).items():
        if sample(name) is None:
            continue
        answer = production.client.simulate_post(path, json=body)
        assert shape_differences(name, answer.status_code, answer.json) == [], (name, answer.text)


def test_bad_bodies_are_refused_in_zous_shape(production):
    p, project = production, production.ids["project"]
    for path, body in ((f"/data/projects/{project}/shots", {"sequence_id": "not-an-id", "name": "X"}),
                       (f"/data/projects/{project}/shots", {"name": ""}),
                       (f"/data/projects/{project}/episodes", ["E09"]),
                       (f"/data/projects/{project}/sequences", {"name": 12})):
        answer = p.client.simulate_post(path, json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert answer.json["message"] == "Validation error." and answer.json["data"]["errors"][0]["field"]


def test_creating_an_existing_entity_answers_it_unchanged(production):
    p, ids = production, production.ids
    project = ids["project"]
    again = {
        "shots": ({"name": "SH010", "sequence_id": ids["SQ01"], "nb_frames": 1}, "SH010"),
        "sequences": ({"name": "SQ01", "episode_id": ids["E01"]}, "SQ01"),
        "episodes": ({"name": "E02"}, "E02"),
        "scenes": ({"name": "SC01", "sequence_id": ids["SQ01"]}, "SC01"),
        "edits": ({"name": "Edit v1", "parent_id": ids["E01"]}, "edit"),
        "concepts": ({"name": "Mood board"}, "concept"),
    }
    events_before = len(p.get("/data/events"))
    for route, (body, existing) in again.items():
        answer = _created(p, f"/data/projects/{project}/{route}", body)
        assert answer.json["id"] == ids[existing], route
    assert p.get(f"/data/shots/{ids['SH010']}")["nb_frames"] == 48
    assert len(p.get("/data/events")) == events_before
    # Same name under another parent is another entity.
    other = _created(p, f"/data/projects/{project}/shots", {"name": "SH010", "sequence_id": ids["SQ02"]}).json
    assert other["id"] != ids["SH010"] and other["parent_id"] == ids["SQ02"]


def test_a_second_asset_of_the_same_name_and_type_is_refused(production):
    p, ids = production, production.ids
    path = f"/data/projects/{ids['project']}/asset-types/{ids['type:Character']}/assets/new"
    refused = p.client.simulate_post(path, json={"name": "Hero"})
    assert refused.status_code == 400 and "already exists" in refused.json["message"]
    assert len(p.get("/data/assets/all", project_id=ids["project"], name="Hero")) == 1
    other_type = f"/data/projects/{ids['project']}/asset-types/{ids['type:Prop']}/assets/new"
    assert _created(p, other_type, {"name": "Hero", "is_shared": True}).json["is_shared"] is True


def test_parents_and_types_must_fit(production, make_app):
    p, ids = production, production.ids
    project = ids["project"]
    other = build(p.client, "Other Show").ids
    cases = [
        (f"/data/projects/{project}/shots", {"name": "X", "sequence_id": other["SQ01"]}),
        (f"/data/projects/{project}/shots", {"name": "X", "sequence_id": ids["SH010"]}),
        (f"/data/projects/{project}/sequences", {"name": "X", "episode_id": other["E01"]}),
        (f"/data/projects/{project}/scenes", {"name": "X", "sequence_id": str(uuid.uuid4())}),
        (f"/data/projects/{project}/edits", {"name": "X", "parent_id": ids["SQ01"]}),
        (f"/data/projects/{project}/asset-types/{p.one_of('/data/entity-types', name='Shot')['id']}/assets/new",
         {"name": "X"}),
        (f"/data/projects/{uuid.uuid4()}/shots", {"name": "X"}),
    ]
    for path, body in cases:
        assert p.client.simulate_post(path, json=body).status_code == 404, (path, body)
    assert p.get("/data/shots/all", project_id=project, name="X") == []


def test_new_entities_carry_zous_defaults_and_events(production):
    p, ids = production, production.ids
    project = ids["project"]
    shot = _created(p, f"/data/projects/{project}/shots", {
        "name": "SH200", "sequence_id": ids["SQ01"], "frame_in": 10, "frame_out": 20, "fps": 24,
        "data": {"lens": "35mm"}, "description": "wide"}).json
    assert shot["data"] == {"lens": "35mm", "frame_in": 10, "frame_out": 20, "fps": 24}
    assert (shot["type"], shot["description"], shot["nb_frames"]) == ("Shot", "wide", None)
    episode = _created(p, f"/data/projects/{project}/episodes", {"name": "E05", "status": "bogus"}).json
    assert (episode["status"], episode["description"], episode["data"]) == ("running", "", {})
    edit = _created(p, f"/data/projects/{project}/edits", {"name": "Cut", "episode_id": ""}).json
    assert edit["parent_id"] is None and edit["description"] == ""
    concept = _created(p, f"/data/projects/{project}/concepts",
                       {"name": "Idea", "entity_concept_links": [ids["Hero"], str(uuid.uuid4())]}).json
    assert concept["entity_concept_links"] == [ids["Hero"]]
    assert _events(p, "shot:new", "shot_id", shot["id"])[0]["project_id"] == project
    assert _events(p, "episode:new", "episode_id", episode["id"])
    assert _events(p, "edit:new", "edit_id", edit["id"]) and _events(p, "concept:new", "concept_id", concept["id"])
    assert _events(p, "asset:new", "asset_id", ids["Hero"])


# -- shot updates and versions ----------------------------------------------------------------------------------


def test_updating_a_shot_stores_data_as_sent_and_versions_the_frame_range(production):
    p, ids = production, production.ids
    path = f"/data/shots/{ids['SH010']}"
    answer = p.client.simulate_put(path, json={"description": "Opening shot",
                                               "data": {"frame_in": 1001, "frame_out": 1048, "difficulty": "hard"}})
    assert answer.status_code == 200, answer.text
    recorded = shape_differences("PUT__data__shots__{id}.json", answer.status_code, answer.json)
    assert recorded in (None, [])
    assert answer.json["type"] == "Entity" and answer.json["data"] == {"frame_in": 1001, "frame_out": 1048,
                                                                         "difficulty": "hard"}
    assert p.get(f"{path}/versions") == []
    full = p.get(path)
    assert p.client.simulate_put(path, json={**full, "data": {"frame_in": 1001, "frame_out": 1060}}).status_code == 200
    assert p.get(path)["data"] == {"frame_in": 1001, "frame_out": 1060}
    versions = p.get(f"{path}/versions")
    assert len(versions) == 1 and versions[0]["type"] == "ShotVersion"
    assert versions[0]["data"]["frame_out"] == 1048 and versions[0]["name"] == "SH010"
    p.client.simulate_put(path, json={"name": "SH010b"})
    assert [v["name"] for v in p.get(f"{path}/versions")] == ["SH010", "SH010"]
    assert _events(p, "shot:update", "shot_id", ids["SH010"])
    assert p.client.simulate_put(path, json={"nb_frames": "many"}).status_code == 400
    assert p.client.simulate_put(path, json={"unknown_column": 1}).status_code == 400
    assert p.client.simulate_put(f"/data/shots/{ids['Hero']}", json={"name": "x"}).status_code == 404


# -- deletion ---------------------------------------------------------------------------------------------------


def test_an_entity_with_tasks_is_canceled_then_deleted_with_force(production):
    p, ids = production, production.ids
    for kind, key in (("shots", "SH010"), ("assets", "Hero")):
        path = f"/data/{kind}/{ids[key]}"
        assert p.client.simulate_delete(path).status_code == 204
        assert p.get(path)["canceled"] is True
        prefix = kind[:-1]
        assert _events(p, f"{prefix}:update", f"{prefix}_id", ids[key])
        assert p.client.simulate_delete(path, params={"force": "True"}).status_code == 204
        assert _gone(p, path) and _gone(p, f"/data/tasks/{ids['task:' + key]}")
        assert _events(p, f"{prefix}:delete", f"{prefix}_id", ids[key])
    assert p.get(f"/data/entities/{ids['Lamp']}")["entities_in"] == []
    assert p.get("/data/entities/" + ids["E01"])["entities_out"] == []


def test_a_canceled_shot_is_restored_as_gazu_does(production):
    p, ids = production, production.ids
    path = f"/data/shots/{ids['SH010']}"
    assert p.client.simulate_delete(path).status_code == 204
    restored = p.client.simulate_put(path, json={"canceled": False})
    assert restored.status_code == 200 and restored.json["canceled"] is False
    assert p.get(path)["canceled"] is False and p.get(f"/data/tasks/{ids['task:SH010']}")["id"]


def test_deleting_a_cast_asset_updates_the_casting_counts(production):
    p, ids = production, production.ids
    p.client.simulate_put(f"/data/entities/{ids['SH020']}", json={"nb_entities_out": 2})
    p.post("/data/entity-links", {"entity_in_id": ids["SH020"], "entity_out_id": ids["Lamp"]})
    assert p.client.simulate_delete(f"/data/assets/{ids['Lamp']}").status_code == 204
    assert _gone(p, f"/data/assets/{ids['Lamp']}")
    assert p.get(f"/data/entities/{ids['SH020']}")["nb_entities_out"] == 0
    assert p.get(f"/data/entities/{ids['SH010']}")["entities_out"] == [ids["Hero"]]


def test_edits_concepts_and_scenes(production):
    p, ids = production, production.ids
    for kind, key in (("edits", "edit"), ("concepts", "concept")):
        assert p.client.simulate_delete(f"/data/{kind}/{ids[key]}").status_code == 204
        assert _gone(p, f"/data/{kind}/{ids[key]}")
    p.post("/data/tasks", {"name": "layout", "project_id": ids["project"], "entity_id": ids["SC01"],
                           "task_type_id": ids["task_type"], "task_status_id": ids["todo"]})
    assert p.client.simulate_delete(f"/data/scenes/{ids['SC01']}").status_code == 204
    assert p.get(f"/data/scenes/{ids['SC01']}")["canceled"] is True
    assert _events(p, "scene:delete", "scene_id", ids["SC01"])
    scene = _created(p, f"/data/projects/{ids['project']}/scenes", {"name": "SC02", "sequence_id": ids["SQ01"]}).json
    assert p.client.simulate_delete(f"/data/scenes/{scene['id']}").status_code == 204
    assert _gone(p, f"/data/scenes/{scene['id']}")


def test_a_sequence_or_episode_in_use_needs_force(production):
    p, ids = production, production.ids
    refused = p.client.simulate_delete(f"/data/sequences/{ids['SQ01']}")
    assert refused.status_code == 400 and refused.json["error"] is True
    assert p.get(f"/data/sequences/{ids['SQ01']}")["name"] == "SQ01"
    assert p.client.simulate_delete(f"/data/sequences/{ids['SQ01']}", params={"force": "true"}).status_code == 204
    for gone in (f"/data/sequences/{ids['SQ01']}", f"/data/shots/{ids['SH010']}", f"/data/shots/{ids['SH020']}",
                 f"/data/scenes/{ids['SC01']}", f"/data/tasks/{ids['task:SH010']}"):
        assert _gone(p, gone), gone
    assert _events(p, "shot:delete", "shot_id", ids["SH020"]) and _events(p, "scene:delete", "scene_id", ids["SC01"])
    empty = _created(p, f"/data/projects/{ids['project']}/sequences", {"name": "SQ09"}).json
    assert p.client.simulate_delete(f"/data/sequences/{empty['id']}").status_code == 204
    assert p.client.simulate_delete(f"/data/episodes/{ids['E01']}").status_code == 400
    assert p.client.simulate_delete(f"/data/episodes/{ids['E01']}", params={"force": "true"}).status_code == 204
    for gone in (ids["E01"], ids["SQ02"], ids["SH030"], ids["Hero"], ids["edit"]):
        assert _gone(p, f"/data/entities/{gone}"), gone
    assert not _gone(p, f"/data/assets/{ids['Lamp']}")
    assert _events(p, "episode:delete", "episode_id", ids["E01"])
    assert _events(p, "asset:delete", "asset_id", ids["Hero"])
    assert p.client.simulate_delete(f"/data/episodes/{ids['E02']}").status_code == 204


def test_deleting_several_entities(production):
    p, ids = production, production.ids
    path = f"/actions/projects/{ids['project']}/delete-entities"
    other = build(p.client, "Other Show").ids
    batch = [ids["SH010"], ids["SH020"], ids["concept"], ids["SQ01"], other["SH010"], str(uuid.uuid4())]
    answer = p.client.simulate_post(path, json=batch)
    assert answer.status_code == 200 and answer.json == [ids["SH010"], ids["SH020"], ids["concept"]]
    recorded = shape_differences("POST__actions__projects__{id}__delete-entities.json", 200, answer.json)
    assert recorded in (None, [])
    assert p.get(f"/data/shots/{ids['SH010']}")["canceled"] is True
    assert _gone(p, f"/data/shots/{ids['SH020']}") and _gone(p, f"/data/concepts/{ids['concept']}")
    assert not _gone(p, f"/data/sequences/{ids['SQ01']}") and not _gone(p, f"/data/shots/{other['SH010']}")
    assert p.client.simulate_post(path, json=[ids["SH010"]]).json == [ids["SH010"]]
    assert _gone(p, f"/data/shots/{ids['SH010']}")
    assert p.client.simulate_post(path + "?force=true", json=[ids["Hero"]]).json == [ids["Hero"]]
    assert _gone(p, f"/data/assets/{ids['Hero']}")
    assert p.client.simulate_post(path, json=["nope"]).status_code == 400
    assert p.client.simulate_post(path, json={"ids": []}).status_code == 400
    assert p.client.simulate_post(path).json == []


@pytest.mark.parametrize("name", ["DELETE__data__assets__{id}.json", "DELETE__data__shots__{id}.json",
                                  "DELETE__data__sequences__{id}.json", "DELETE__data__episodes__{id}.json",
                                  "DELETE__data__edits__{id}.json", "DELETE__data__concepts__{id}.json"])
def test_deletions_answer_like_zou(production, name):
    p, ids = production, production.ids
    project = ids["project"]
    fresh = {
        "assets": lambda: p.post(f"/data/projects/{project}/asset-types/{ids['type:FX']}/assets/new", {"name": "Z"}),
        "shots": lambda: p.post(f"/data/projects/{project}/shots", {"name": "Z"}),
        "sequences": lambda: p.post(f"/data/projects/{project}/sequences", {"name": "Z"}),
        "episodes": lambda: p.post(f"/data/projects/{project}/episodes", {"name": "Z"}),
        "edits": lambda: p.post(f"/data/projects/{project}/edits", {"name": "Z"}),
        "concepts": lambda: p.post(f"/data/projects/{project}/concepts", {"name": "Z"}),
    }
    kind = name.split("__")[2]
    entity = fresh[kind]()
    answer = p.client.simulate_delete(f"/data/{kind}/{entity['id']}")
    assert shape_differences(name, answer.status_code, answer.json) in (None, [])
    assert answer.status_code == 204 and _gone(p, f"/data/entities/{entity['id']}")


# -- shared assets ----------------------------------------------------------------------------------------------


def test_sharing_assets_and_listing_the_shared_ones_a_project_uses(production):
    p, ids = production, production.ids
    project = ids["project"]
    shared = p.post(f"/actions/projects/{project}/asset-types/{ids['type:Character']}/assets/share", {}, 200)
    assert [row["name"] for row in shared] == ["Hero"] and shared[0]["is_shared"] is True
    assert p.get(f"/data/assets/{ids['Lamp']}")["is_shared"] is False
    every = p.post(f"/actions/projects/{project}/assets/share", {"is_shared": True}, 200)
    assert sorted(row["name"] for row in every) == ["Forest", "Hero", "Lamp"]
    back = p.post("/actions/assets/share", {"is_shared": False, "asset_ids": [ids["Forest"]]}, 200)
    assert [row["name"] for row in back] == ["Forest"] and back[0]["is_shared"] is False
    listed = p.post(f"/actions/projects/{project}/assets/share", {"is_shared": False, "asset_ids": [ids["Lamp"]]}, 200)
    assert [row["name"] for row in listed] == ["Lamp"]

    other = build(p.client, "Borrowing Show").ids
    p.post("/data/entity-links", {"entity_in_id": other["SH010"], "entity_out_id": ids["Hero"]})
    p.post("/data/entity-links", {"entity_in_id": other["SH010"], "entity_out_id": ids["Lamp"]})
    used = p.get(f"/data/projects/{other['project']}/assets/shared-used")
    assert [row["name"] for row in used] == ["Hero"] and used[0]["type"] == "Asset"
    assert p.get(f"/data/projects/{other['project']}/episodes/{other['E01']}/assets/shared-used") == used
    assert p.get(f"/data/projects/{other['project']}/episodes/{other['E02']}/assets/shared-used") == []
    assert p.get(f"/data/projects/{project}/assets/shared-used") == []
    assert p.client.simulate_post("/actions/assets/share", json={"is_shared": "yes"}).status_code == 400
