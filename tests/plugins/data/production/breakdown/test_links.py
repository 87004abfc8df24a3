"""The breakdown as rows: a production's entity links, a shot's assets and asset types."""

from __future__ import annotations

import uuid

import pytest

from . import samples as zou
from .samples import shape_diffs
from .world import build_world, event_names, links_of


@pytest.fixture
def world(client):
    ids = build_world(client)
    cast = [{"asset_id": ids["Hero"], "nb_occurences": 1}, {"asset_id": ids["Lamp"], "nb_occurences": 2}]
    for shot in ("SH010", "SH020"):
        answer = client.simulate_put(f"/data/projects/{ids['project']}/entities/{ids[shot]}/casting", json=cast)
        assert answer.status_code == 200, answer.text
    return ids


def test_project_entity_links_list_and_pages(client, world):
    other = build_world(client)
    client.simulate_put(f"/data/projects/{other['project']}/entities/{other['SH010']}/casting",
                        json=[{"asset_id": other["Hero"]}])
    path = f"/data/projects/{world['project']}/entity-links"
    links = client.simulate_get(path).json
    assert len(links) == 6  # 2 shots x 2 assets, and the 2 automatic episode links
    assert shape_diffs(zou.ENTITY_LINKS, links) == []
    assert {link["entity_in_id"] for link in links} == {world["SH010"], world["SH020"], world["E01"]}
    page = client.simulate_get(path, params={"page": 2, "limit": 4}).json
    assert (page["total"], page["nb_pages"], page["page"], page["offset"], len(page["data"])) == (6, 2, 2, 4, 2)
    first = client.simulate_get(path, params={"page": 1, "limit": 4}).json["data"]
    assert [link["id"] for link in first + page["data"]] == [link["id"] for link in links]
    assert shape_diffs(zou.ENTITY_LINKS, page["data"]) == []
    for params in ({"page": "x"}, {"page": 0}, {"page": 1, "limit": "many"}):
        assert client.simulate_get(path, params=params).status_code == 400, params
    assert client.simulate_get(f"/data/projects/{uuid.uuid4()}/entity-links").status_code == 404


def test_deleting_a_link_recounts_the_casting(app, client, world):
    links = client.simulate_get(f"/data/projects/{world['project']}/entity-links").json
    link = next(link for link in links if link["entity_in_id"] == world["SH010"])
    other = build_world(client)
    assert client.simulate_delete(f"/data/projects/{other['project']}/entity-links/{link['id']}").status_code == 404
    answer = client.simulate_delete(f"/data/projects/{world['project']}/entity-links/{link['id']}")
    assert answer.status_code == 204
    assert len(links_of(app, world["SH010"])) == 1
    assert client.simulate_get(f"/data/entities/{world['SH010']}").json["nb_entities_out"] == 1
    assert event_names(app)[-1] == "entity-link:delete"
    assert client.simulate_delete(f"/data/projects/{world['project']}/entity-links/{link['id']}").status_code == 404


def test_generic_entity_link_delete_is_served(client, world):
    links = client.simulate_get(f"/data/projects/{world['project']}/entity-links").json
    assert client.simulate_delete(f"/data/entity-links/{links[0]['id']}").status_code == 204


def test_shot_assets_and_asset_types(client, world):
    assets = client.simulate_get(f"/data/shots/{world['SH010']}/assets")
    assert assets.status_code == 200
    assert [a["name"] for a in assets.json] == ["Hero", "Lamp"]
    assert shape_diffs(zou.SHOT_ASSETS, assets.json) == []
    types = client.simulate_get(f"/data/shots/{world['SH010']}/asset-types")
    assert [t["name"] for t in types.json] == ["Character", "Prop"]
    assert shape_diffs(zou.SHOT_ASSET_TYPES, types.json) == []
    assert client.simulate_get(f"/data/shots/{world['SH030']}/assets").json == []
    assert client.simulate_get(f"/data/shots/{world['SH030']}/asset-types").json == []
    assert client.simulate_get(f"/data/shots/{world['Hero']}/assets").status_code == 404
    assert client.simulate_get(f"/data/shots/{world['SQ01']}/asset-types").status_code == 404
    assert client.simulate_get(f"/data/assets/{world['SH010']}/assets").status_code == 404


def test_generic_delete_of_a_link_recounts_the_caster(app, client):
    from clapboard.plugins.data.models import Entity, EntityLink, Project
    from tests.plugins.data.factory import Factory

    factory = Factory(client)
    project = factory.create(Project)
    shot = factory.create(Entity, {"project_id": project["id"]})
    assets = [factory.create(Entity, {"project_id": project["id"]}) for _ in range(2)]
    links = [factory.create(EntityLink, {"entity_in_id": shot["id"], "entity_out_id": a["id"]}) for a in assets]
    with app.db.connection_context():
        Entity.update(nb_entities_out=2).where(Entity.id == shot["id"]).execute()
    assert client.simulate_delete(f"/data/entity-links/{links[0]['id']}").status_code == 204
    assert client.simulate_get(f"/data/entities/{shot['id']}").json["nb_entities_out"] == 1
    with app.db.connection_context():
        assert EntityLink.select().where(EntityLink.entity_in == shot["id"]).count() == 1
