"""Per-project strict keys: ``GET|PUT /data/projects/{id}/metadata-settings`` and the checks that follow them.

A project's own value wins over the instance default (``[plugins.metadata]
strict_keys``); ``null`` gives the default back. Strict, a write of ``data``
refuses keys no descriptor of the project names (Zou's own keys excepted) while
another project keeps them free-form. The team reads the setting, the project's
managers change it; others get 403 (outsiders 404) and nothing changes.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.settings import MetadataProjectSetting
from clapboard.plugins.metadata.values import RESERVED_KEYS
from clapboard.testing import make_client

from ..auth.conftest import FAST
from ..auth.scenario import build
from ..data.factory import Factory


def _url(project_id) -> str:
    return f"/data/projects/{project_id}/metadata-settings"


@pytest.fixture
def two(app, client):
    f = Factory(client)
    projects = [f.create(m.Project)["id"] for _ in range(2)]
    with app.db.connection_context():
        kinds = {t.name: str(t.id) for t in m.EntityType.select()}
    for project_id in projects:
        answer = client.simulate_post(f"/data/projects/{project_id}/metadata-descriptors",
                                      json={"entity_type": "Asset", "name": "Frames", "data_type": "number"})
        assert answer.status_code == 201, answer.text
    assets = [f.create(m.Entity, {"project_id": p, "entity_type_id": kinds["Prop"]})["id"] for p in projects]
    return projects, assets


def test_the_project_value_wins_over_the_instance_default_and_null_gives_it_back(client, two):
    project = two[0][0]
    assert client.simulate_get(_url(project)).json == {
        "project_id": project, "strict_keys": False, "own": False, "instance_strict_keys": False}
    answer = client.simulate_put(_url(project), json={"strict_keys": True})
    assert answer.status_code == 200 and answer.json["strict_keys"] is True and answer.json["own"] is True
    assert client.simulate_get(_url(project)).json["strict_keys"] is True
    assert client.simulate_put(_url(project), json={"strict_keys": False}).json["own"] is True
    back = client.simulate_put(_url(project), json={"strict_keys": None})
    assert back.json == {"project_id": project, "strict_keys": False, "own": False, "instance_strict_keys": False}
    assert client.simulate_get(_url(two[0][1])).json["own"] is False


@pytest.mark.parametrize("body", [{}, {"strict_keys": "yes"}, {"strict_keys": 1}, [True]])
def test_malformed_bodies_are_refused(app, client, two, body):
    answer = client.simulate_put(_url(two[0][0]), json=body)
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text
    with app.db.connection_context():
        assert MetadataProjectSetting.select().count() == 0


def test_unknown_and_malformed_projects(client):
    assert client.simulate_get(_url(uuid.uuid4())).status_code == 404
    assert client.simulate_put(_url(uuid.uuid4()), json={"strict_keys": True}).status_code == 404
    assert client.simulate_get(_url("not-an-id")).status_code in (400, 404)


def test_strict_on_one_project_refuses_an_unknown_key_while_another_accepts_it(app, client, two):
    (strict, free), (asset, other) = two
    assert client.simulate_put(_url(strict), json={"strict_keys": True}).status_code == 200
    refused = client.simulate_put(f"/data/entities/{asset}", json={"data": {"frames": 12, "colour": "red"}})
    assert refused.status_code == 400, refused.text
    assert "data.colour" in refused.json["message"]
    assert [(e["path"], e["rule"]) for e in refused.json["errors"]] == [("data.colour", "unknown")]
    accepted = client.simulate_put(f"/data/entities/{other}", json={"data": {"frames": 12, "colour": "red"}})
    assert accepted.status_code == 200, accepted.text
    zou_keys = {key: 1 for key in sorted(RESERVED_KEYS)}
    kept = client.simulate_put(f"/data/entities/{asset}", json={"data": {"frames": 12, **zou_keys}})
    assert kept.status_code == 200, kept.text
    with app.db.connection_context():
        assert m.Entity.get_by_id(asset).data == {"frames": 12, **zou_keys}
    project_data = client.simulate_put(f"/data/projects/{strict}", json={"data": {"anything": 1}})
    assert project_data.status_code == 400 and project_data.json["errors"][0]["path"] == "data.anything"
    assert client.simulate_put(f"/data/projects/{free}", json={"data": {"anything": 1}}).status_code == 200
    # Back to the instance default (free-form): the key is accepted again.
    client.simulate_put(_url(strict), json={"strict_keys": None})
    again = client.simulate_put(f"/data/entities/{asset}", json={"data": {"colour": "red"}})
    assert again.status_code == 200, again.text


def test_a_project_may_be_free_on_a_strict_instance(make_app):
    app = make_app(config={"plugins": {"metadata": {"strict_keys": True}}})
    client = make_client(app)
    f = Factory(client)
    project = f.create(m.Project)["id"]
    with app.db.connection_context():
        prop = str(m.EntityType.get(m.EntityType.name == "Prop").id)
    asset = f.create(m.Entity, {"project_id": project, "entity_type_id": prop})["id"]
    assert client.simulate_get(_url(project)).json == {
        "project_id": project, "strict_keys": True, "own": False, "instance_strict_keys": True}
    assert client.simulate_put(f"/data/entities/{asset}", json={"data": {"colour": "red"}}).status_code == 400
    assert client.simulate_put(_url(project), json={"strict_keys": False}).json["strict_keys"] is False
    assert client.simulate_put(f"/data/entities/{asset}", json={"data": {"colour": "red"}}).status_code == 200


def test_a_forced_project_delete_takes_its_setting(app, client, two):
    project = two[0][0]
    client.simulate_put(_url(project), json={"strict_keys": True})
    with app.db.connection_context():
        closed = str(m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id)
    assert client.simulate_put(f"/data/projects/{project}", json={"project_status_id": closed}).status_code == 200
    assert client.simulate_delete(f"/data/projects/{project}", params={"force": "true"}).status_code == 204
    with app.db.connection_context():
        assert not MetadataProjectSetting.select().where(MetadataProjectSetting.project == project).exists()


# -- who may read and change it --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("metadata-settings"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    yield scenario
    app.close()


def _rows(app):
    with app.db.connection_context():
        return sorted((str(s.project_id), s.strict_keys) for s in MetadataProjectSetting.select())


@pytest.mark.parametrize("role", ["admin", "manager", "supervisor", "user", "client", "vendor"])
def test_the_team_reads_the_setting(world, role):
    answer = world.client(role).simulate_get(_url(world.ids["P"]))
    assert answer.status_code == 200 and answer.json["project_id"] == world.ids["P"], answer.text


def test_outsiders_reach_neither_the_setting_nor_another_project(world):
    before = _rows(world.app)
    assert world.client("outsider").simulate_get(_url(world.ids["P"])).status_code == 404
    assert world.client("outsider").simulate_put(_url(world.ids["P"]), json={"strict_keys": True}).status_code == 404
    assert world.client("manager").simulate_get(_url(world.ids["Q"])).status_code == 404  # Q has no team
    assert world.client("manager").simulate_put(_url(world.ids["Q"]), json={"strict_keys": True}).status_code == 404
    assert _rows(world.app) == before


@pytest.mark.parametrize("role", ["supervisor", "user", "client", "vendor"])
def test_only_managers_change_it(world, role):
    before = _rows(world.app)
    answer = world.client(role).simulate_put(_url(world.ids["P"]), json={"strict_keys": True})
    assert answer.status_code == 403 and answer.json["error"] is True, answer.text
    assert _rows(world.app) == before


def test_the_manager_changes_it(world):
    answer = world.client("manager").simulate_put(_url(world.ids["P"]), json={"strict_keys": True})
    assert answer.status_code == 200 and answer.json["own"] is True, answer.text
    assert _rows(world.app) == [(world.ids["P"], True)]
    assert world.client("manager").simulate_put(_url(world.ids["P"]), json={"strict_keys": None}).status_code == 200
    assert _rows(world.app) == []
