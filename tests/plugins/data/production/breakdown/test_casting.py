"""Casting: replace an entity's casting, cast one asset in many entities, read castings back."""

from __future__ import annotations

import uuid

import pytest

from . import samples as zou
from .samples import shape_diffs
from .world import build_world, event_names, links_of


@pytest.fixture
def world(client):
    return build_world(client)


def _cast(client, ids, entity, casting):
    return client.simulate_put(f"/data/projects/{ids['project']}/entities/{ids[entity]}/casting", json=casting)


def _entry(ids, asset, nb=1, label=""):
    return {"asset_id": ids[asset], "nb_occurences": nb, "label": label}


def _entity(client, entity_id):
    return client.simulate_get(f"/data/entities/{entity_id}").json


def test_put_casting_answers_the_casting_and_get_reads_it_in_zous_shape(app, client, world):
    casting = [_entry(world, "Hero"), _entry(world, "Lamp", 2, "fixed")]
    answer = _cast(client, world, "SH010", casting)
    assert answer.status_code == 200, answer.text
    assert answer.json == casting
    assert shape_diffs(zou.CASTING_UPDATE, answer.json) == []

    read = client.simulate_get(f"/data/projects/{world['project']}/entities/{world['SH010']}/casting")
    assert read.status_code == 200
    assert shape_diffs(zou.ENTITY_CASTING, read.json) == []
    assert [(c["asset_name"], c["asset_type_name"], c["nb_occurences"], c["label"]) for c in read.json] == [
        ("Hero", "Character", 1, ""), ("Lamp", "Prop", 2, "fixed")]
    assert read.json[0]["episode_id"] == world["E01"]
    assert _entity(client, world["SH010"])["nb_entities_out"] == 2
    names = event_names(app)
    assert names.count("entity-link:new") == 4  # two shot links, two automatic episode links
    assert names[-1] == "shot:casting-update"


def test_casting_a_shot_casts_its_assets_in_the_episode_once(app, client, world):
    _cast(client, world, "SH010", [_entry(world, "Hero"), _entry(world, "Lamp", 3, "x")])
    _cast(client, world, "SH030", [_entry(world, "Hero", 2)])
    episode = links_of(app, world["E01"])
    assert episode == {world["Hero"]: (1, "", {"auto": True}), world["Lamp"]: (1, "", {"auto": True})}
    _cast(client, world, "SH010", [])
    assert set(links_of(app, world["E01"])) == {world["Hero"], world["Lamp"]}  # the episode keeps them
    assert _entity(client, world["E01"])["nb_entities_out"] == 2


def test_put_replaces_updates_in_place_and_drops_zero_occurences(app, client, world):
    _cast(client, world, "SH010", [_entry(world, "Hero"), _entry(world, "Lamp")])
    links = client.simulate_get(f"/data/projects/{world['project']}/entity-links").json
    hero_link = next(link["id"] for link in links if link["entity_in_id"] == world["SH010"]
                     and link["entity_out_id"] == world["Hero"])
    before = len(event_names(app))
    answer = _cast(client, world, "SH010", [_entry(world, "Hero", 4, "crowd"), _entry(world, "Lamp", 0),
                                            {"asset_id": world["Forest"]}])
    assert answer.status_code == 200, answer.text
    assert answer.json == [_entry(world, "Hero", 4, "crowd"), _entry(world, "Forest")]
    assert links_of(app, world["SH010"]) == {world["Hero"]: (4, "crowd", None), world["Forest"]: (1, "", None)}
    links = client.simulate_get(f"/data/projects/{world['project']}/entity-links").json
    assert hero_link in {link["id"] for link in links}  # the kept link is the same row
    new = event_names(app)[before:]
    assert new.count("entity-link:update") == 1 and new.count("entity-link:new") == 2  # Forest + its episode link
    assert _entity(client, world["SH010"])["nb_entities_out"] == 2


def test_episode_and_asset_castings_emit_their_own_events(app, client, world):
    assert _cast(client, world, "E01", [_entry(world, "Forest")]).status_code == 200
    assert event_names(app)[-1] == "episode:casting-update"
    answer = client.simulate_put(f"/data/assets/{world['Forest']}/casting", json=[_entry(world, "Lamp")])
    assert answer.status_code == 200, answer.text
    assert event_names(app)[-1] == "asset:casting-update"
    read = client.simulate_get(f"/data/assets/{world['Forest']}/casting")
    assert [c["asset_name"] for c in read.json] == ["Lamp"]
    assert shape_diffs(zou.ENTITY_CASTING, read.json) == []
    assert client.simulate_get(f"/data/assets/{world['Hero']}/casting").json == []
    assets = client.simulate_get(f"/data/assets/{world['Forest']}/assets")
    assert [a["name"] for a in assets.json] == ["Lamp"]
    assert shape_diffs(zou.SHOT_ASSETS, assets.json) == []


@pytest.mark.parametrize("body, where", [
    ({"asset_id": "x"}, "not a list"),
    ([{"nb_occurences": 1}], "asset_id missing"),
    ([{"asset_id": "not-an-id"}], "malformed id"),
    ([{"asset_id": "7b9944f0-3d34-4130-b3b5-8d064061fad8", "nb_occurences": -1}], "negative count"),
    ([{"asset_id": "7b9944f0-3d34-4130-b3b5-8d064061fad8", "nb_occurences": "2"}], "count as text"),
])
def test_malformed_castings_are_400(client, world, body, where):
    answer = _cast(client, world, "SH010", body)
    assert answer.status_code == 400, where


def test_cast_ids_must_be_assets_of_the_production(client, world):
    other = build_world(client)
    for asset_id in (str(uuid.uuid4()), world["SH020"], other["Hero"]):
        answer = _cast(client, world, "SH010", [{"asset_id": asset_id}])
        assert answer.status_code == 400, asset_id
    itself = client.simulate_put(f"/data/assets/{world['Hero']}/casting", json=[{"asset_id": world["Hero"]}])
    assert itself.status_code == 400
    assert client.simulate_get(f"/data/projects/{world['project']}/entities/{world['SH010']}/casting").json == []


def test_unknown_or_misplaced_entities(client, world):
    other = build_world(client)
    base = f"/data/projects/{world['project']}/entities"
    assert client.simulate_get(f"{base}/{uuid.uuid4()}/casting").status_code == 404
    assert client.simulate_get(f"{base}/{other['SH010']}/casting").status_code == 404
    assert client.simulate_get(f"{base}/not-an-id/casting").status_code == 400
    assert client.simulate_put(f"{base}/{other['SH010']}/casting", json=[]).status_code == 404
    assert client.simulate_get(f"/data/assets/{world['SH010']}/casting").status_code == 404


def test_cast_asset_adds_keeps_and_removes(app, client, world):
    path = f"/data/projects/{world['project']}/entities/casting/assets/{world['Forest']}"
    _cast(client, world, "SH030", [_entry(world, "Forest", 3, "far")])
    answer = client.simulate_put(path, json={"entity_ids": [world["SH030"], world["SH020"]]})
    assert answer.status_code == 200, answer.text
    assert set(answer.json) == {world["SH030"], world["SH020"]}
    assert shape_diffs(zou.CAST_ASSET, answer.json) == []
    assert links_of(app, world["SH030"])[world["Forest"]] == (3, "far", None)  # kept as it was
    assert links_of(app, world["SH020"])[world["Forest"]] == (1, "", None)  # new: 1, ""
    client.simulate_put(path, json={"entity_ids": [world["SH020"]], "label": "mist"})
    assert links_of(app, world["SH020"])[world["Forest"]] == (1, "mist", None)
    removed = client.simulate_put(path, json={"entity_ids": [world["SH030"]], "nb_occurences": 0})
    assert removed.json == {world["SH030"]: []}
    assert _entity(client, world["SH030"])["nb_entities_out"] == 0
    assert event_names(app)[-1] == "shot:casting-update"


def test_cast_asset_refuses_bad_bodies_and_foreign_entities(client, world):
    other = build_world(client)
    path = f"/data/projects/{world['project']}/entities/casting/assets/{world['Forest']}"
    for body in ({}, {"entity_ids": "x"}, {"entity_ids": []}, {"entity_ids": [world["SH010"]], "nb_occurences": -2},
                 {"entity_ids": [world["SH010"]], "extra": 1}, {"entity_ids": [other["SH010"]]},
                 {"entity_ids": [str(uuid.uuid4())]}, {"entity_ids": [world["Forest"]]}):
        assert client.simulate_put(path, json=body).status_code == 400, body
    foreign = f"/data/projects/{world['project']}/entities/casting/assets/{other['Forest']}"
    assert client.simulate_put(foreign, json={"entity_ids": [world["SH010"]]}).status_code == 404


def _cast_sample_production(client, world):
    _cast(client, world, "SH010", [_entry(world, "Hero"), _entry(world, "Lamp", 2, "fixed")])
    _cast(client, world, "SH020", [_entry(world, "Hero")])
    _cast(client, world, "SH030", [_entry(world, "Forest")])


def test_casting_tables_by_sequence_episode_and_production(client, world):
    _cast_sample_production(client, world)
    base = f"/data/projects/{world['project']}"
    sequence = client.simulate_get(f"{base}/sequences/{world['SQ01']}/casting").json
    assert set(sequence) == {world["SH010"], world["SH020"]}
    assert [e["name"] for e in sequence[world["SH010"]]] == ["Hero", "Lamp"]
    assert shape_diffs(zou.SEQUENCE_CASTING, sequence) == []
    everything = client.simulate_get(f"{base}/sequences/all/casting").json
    assert set(everything) == {world["SH010"], world["SH020"], world["SH030"]}
    assert everything[world["SH030"]][0]["sequence_name"] == "SQ02"
    assert shape_diffs(zou.PROJECT_SHOTS_CASTING, everything) == []
    episode = client.simulate_get(f"{base}/episodes/{world['E01']}/sequences/all/casting").json
    assert episode == everything
    assert shape_diffs(zou.EPISODE_SHOTS_CASTING, episode) == []
    episodes = client.simulate_get(f"{base}/episodes/casting").json
    assert list(episodes) == [world["E01"]]
    assert [e["name"] for e in episodes[world["E01"]]] == ["Hero", "Forest", "Lamp"]  # by type, then name
    assert shape_diffs(zou.EPISODES_CASTING, episodes) == []


def test_asset_type_casting_and_cast_in(client, world):
    _cast_sample_production(client, world)
    client.simulate_put(f"/data/assets/{world['Forest']}/casting", json=[_entry(world, "Hero")])
    base = f"/data/projects/{world['project']}"
    by_type = client.simulate_get(f"{base}/asset-types/{world['type_Environment']}/casting").json
    assert list(by_type) == [world["Forest"]] and by_type[world["Forest"]][0]["asset_name"] == "Hero"
    assert client.simulate_get(f"{base}/asset-types/{world['type_Prop']}/casting").json == {}
    cast_in = client.simulate_get(f"/data/assets/{world['Hero']}/cast-in").json
    assert [c.get("shot_name") or c.get("asset_name") for c in cast_in] == ["SH010", "SH020", "Forest"]
    assert cast_in[0]["episode_id"] == world["E01"] and cast_in[0]["sequence_name"] == "SQ01"
    assert shape_diffs(zou.CAST_IN, cast_in[:2]) == []
    assert client.simulate_get(f"/data/assets/{world['SH010']}/cast-in").status_code == 404


def test_cancelled_assets_leave_the_casting(client, world):
    _cast_sample_production(client, world)
    client.simulate_put(f"/data/entities/{world['Lamp']}", json={"canceled": True})
    read = client.simulate_get(f"/data/projects/{world['project']}/entities/{world['SH010']}/casting").json
    assert [c["asset_name"] for c in read] == ["Hero"]
    assert [a["name"] for a in client.simulate_get(f"/data/shots/{world['SH010']}/assets").json] == ["Hero"]
