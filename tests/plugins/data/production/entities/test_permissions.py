"""Who may read and change entities, with real people logged in (``tests/plugins/auth/scenario.py``).

Reads: the team of a production reads its entities, a vendor only those
holding one of their tasks (and only their tasks on boards), anybody else
gets 404. Writes (create, update, cancel/delete, share, batch delete) are the
project's managers' (and admins'): every other role is refused with 403 or
404 and nothing changes.
"""

from __future__ import annotations

import pytest

from ....auth.conftest import FAST
from ....auth.scenario import ROLES, build
from .test_production import Production

REFUSED = (403, 404)
TEAM = ("manager", "supervisor", "user", "client", "vendor")
NOT_MANAGERS = ("supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("entities-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin = Production(scenario.admin)
    ids = scenario.ids
    project = ids["P"]
    ids["EP"] = admin.post(f"/data/projects/{project}/episodes", {"name": "EP1"})["id"]
    ids["SQ"] = admin.post(f"/data/projects/{project}/sequences", {"name": "SQ1", "episode_id": ids["EP"]})["id"]
    ids["SH"] = admin.post(f"/data/projects/{project}/shots", {"name": "SH1", "sequence_id": ids["SQ"]})["id"]
    character = admin.one_of("/data/entity-types", name="Character")["id"]
    ids["character"] = character
    ids["A"] = admin.post(f"/data/projects/{project}/asset-types/{character}/assets/new", {"name": "Prop A"})["id"]
    ids["AQ"] = admin.post(f"/data/projects/{ids['Q']}/asset-types/{character}/assets/new", {"name": "Prop Q"})["id"]
    yield scenario
    app.close()


def _admin_view(scenario, path):
    answer = scenario.admin.simulate_get(path)
    return answer.status_code, answer.json


def _ids(answer):
    return {row["id"] for row in answer.json} if answer.status_code == 200 else set()


@pytest.mark.parametrize("role", ROLES)
def test_reads_follow_the_team_and_vendor_scopes(scenario, role):
    ids, client = scenario.ids, scenario.client(role)
    project = ids["P"]
    shots = client.simulate_get(f"/data/projects/{project}/shots")
    item = client.simulate_get(f"/data/shots/{ids['E']}")
    asset = client.simulate_get(f"/data/assets/{ids['A']}")
    listed = client.simulate_get("/data/assets/all", params={"project_id": project})
    board = client.simulate_get("/data/shots/with-tasks", params={"project_id": project})
    if role == "outsider":
        assert shots.status_code in REFUSED and item.status_code in REFUSED and asset.status_code in REFUSED
        assert _ids(listed) == set() and _ids(board) == set()
    elif role == "vendor":  # only the shot holding the vendor's task
        assert _ids(shots) == {ids["E"]} and item.status_code == 200 and asset.status_code == 404
        assert _ids(listed) == set() and _ids(board) == {ids["E"]}
        assert [task["id"] for task in board.json[0]["tasks"]] == [ids["T"]]
    else:
        assert _ids(shots) == {ids["E"], ids["SH"]} and item.status_code == 200 and asset.status_code == 200
        assert _ids(listed) == {ids["A"]} and _ids(board) == {ids["E"], ids["SH"]}
    other = client.simulate_get(f"/data/projects/{ids['Q']}/assets")
    assert other.status_code == (200 if role == "admin" else 404)
    assert (client.simulate_get(f"/data/assets/{ids['AQ']}").status_code == 200) == (role == "admin")


def _attempts(ids):
    project = ids["P"]
    return [
        ("POST", f"/data/projects/{project}/shots", {"name": "New shot", "sequence_id": ids["SQ"]},
         ("GET", "/data/shots/all", {"project_id": project, "name": "New shot"})),
        ("POST", f"/data/projects/{project}/sequences", {"name": "New seq"},
         ("GET", "/data/sequences", {"project_id": project, "name": "New seq"})),
        ("POST", f"/data/projects/{project}/episodes", {"name": "New ep"},
         ("GET", "/data/episodes", {"project_id": project, "name": "New ep"})),
        ("POST", f"/data/projects/{project}/scenes", {"name": "New scene", "sequence_id": ids["SQ"]},
         ("GET", "/data/scenes/all", {"project_id": project, "name": "New scene"})),
        ("POST", f"/data/projects/{project}/edits", {"name": "New edit"},
         ("GET", "/data/edits/all", {"project_id": project, "name": "New edit"})),
        ("POST", f"/data/projects/{project}/asset-types/{ids['character']}/assets/new", {"name": "New asset"},
         ("GET", "/data/assets/all", {"project_id": project, "name": "New asset"})),
        ("PUT", f"/data/shots/{ids['E']}", {"description": "changed", "data": {"frame_in": 3}},
         ("GET", f"/data/shots/{ids['E']}", None)),
        ("DELETE", f"/data/shots/{ids['E']}", None, ("GET", f"/data/shots/{ids['E']}", None)),
        ("DELETE", f"/data/assets/{ids['A']}", None, ("GET", f"/data/assets/{ids['A']}", None)),
        ("DELETE", f"/data/sequences/{ids['SQ']}?force=true", None, ("GET", f"/data/sequences/{ids['SQ']}", None)),
        ("DELETE", f"/data/episodes/{ids['EP']}?force=true", None, ("GET", f"/data/episodes/{ids['EP']}", None)),
        ("POST", f"/actions/projects/{project}/delete-entities", [ids["E"], ids["A"]],
         ("GET", f"/data/projects/{project}/assets", None)),
        ("POST", f"/actions/projects/{project}/assets/share", {"is_shared": True},
         ("GET", f"/data/assets/{ids['A']}", None)),
        ("POST", "/actions/assets/share", {"asset_ids": [ids["A"]]}, ("GET", f"/data/assets/{ids['A']}", None)),
    ]


def _send(client, method, path, body):
    return client.simulate_request(method, path, json=body)


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_only_managers_change_entities(scenario, role):
    client = scenario.client(role)
    problems = []
    for method, path, body, (check_method, check_path, params) in _attempts(scenario.ids):
        before = scenario.admin.simulate_request(check_method, check_path, params=params).json
        answer = _send(client, method, path, body)
        if answer.status_code not in REFUSED:
            problems.append(f"{method} {path}: {answer.status_code}")
        after = scenario.admin.simulate_request(check_method, check_path, params=params).json
        if after != before:
            problems.append(f"{method} {path} changed data although refused")
    assert not problems, problems


def test_concepts_are_created_by_managers(scenario):
    project = scenario.ids["P"]
    for role in ("client", "vendor", "outsider", "user"):
        answer = scenario.client(role).simulate_post(f"/data/projects/{project}/concepts", json={"name": role})
        assert answer.status_code in REFUSED, role
    assert scenario.admin.simulate_get("/data/concepts", params={"project_id": project}).json == []
    created = scenario.client("manager").simulate_post(f"/data/projects/{project}/concepts", json={"name": "ok"})
    assert created.status_code == 201


def test_a_manager_works_in_their_projects_only(scenario):
    ids, manager = scenario.ids, scenario.client("manager")
    assert manager.simulate_post(f"/data/projects/{ids['Q']}/shots", json={"name": "Intruder"}).status_code in REFUSED
    assert manager.simulate_delete(f"/data/assets/{ids['AQ']}").status_code in REFUSED
    assert _admin_view(scenario, f"/data/assets/{ids['AQ']}")[0] == 200
    shared = manager.simulate_post("/actions/assets/share", json={"asset_ids": [ids["AQ"]]})
    assert shared.status_code in REFUSED or shared.json == []
    assert _admin_view(scenario, f"/data/assets/{ids['AQ']}")[1]["is_shared"] is False
    shot = manager.simulate_post(f"/data/projects/{ids['P']}/shots", json={"name": "Mine", "sequence_id": ids["SQ"]})
    assert shot.status_code == 201 and shot.json["created_by"] == scenario.people["manager"]
    assert manager.simulate_put(f"/data/shots/{shot.json['id']}", json={"nb_frames": 12}).status_code == 200
    assert manager.simulate_delete(f"/data/shots/{shot.json['id']}").status_code == 204
    for role in TEAM:
        assert scenario.client(role).simulate_get(f"/data/shots/{shot.json['id']}").status_code == 404
