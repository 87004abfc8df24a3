"""POST /import/shotgun/remove/<kind>: the row a ShotGrid entity was imported as goes (or is canceled, or is
kept with success false while something refers to it), in Zou's answer shape."""

from __future__ import annotations

import pytest

from clapboard.plugins.data.models import ApiEvent

from .test_shotgun_chain import BUNNY, CHAIN, EMA, JOHN, PROJECT, import_chain


@pytest.fixture
def imported(client):
    return import_chain(client)


def _remove(client, kind, body, status=200):
    answer = client.simulate_post(f"/import/shotgun/remove/{kind}", json=body)
    assert answer.status_code == status, answer.text
    return answer.json


def _events(app):
    with app.db.connection_context():
        return [event.name for event in ApiEvent.select().order_by(ApiEvent.created_at)]


def test_task_note_and_version_go_with_what_hangs_from_them(app, client, imported):
    task = imported["tasks"][0]
    assert _remove(client, "note", {"id": 600, "type": "Note"}) == {
        "removed_instance_id": imported["notes"][0]["id"], "success": True}
    assert client.simulate_get(f"/data/tasks/{task['id']}/comments").json == []
    assert _remove(client, "version", {"id": 801})["success"] is True
    assert client.simulate_get(f"/data/preview-files/{imported['versions'][1]['id']}").status_code == 404
    assert _remove(client, "task", {"id": 20}) == {"removed_instance_id": task["id"], "success": True}
    assert client.simulate_get(f"/data/tasks/{task['id']}").status_code == 404
    assert client.simulate_get(f"/data/preview-files/{imported['versions'][0]['id']}").status_code == 404
    assert {"comment:delete", "preview-file:delete", "task:delete"} <= set(_events(app))


def test_unknown_ids_answer_success_without_a_row(client, imported):
    for kind in ("project", "person", "shot", "scene", "episode", "sequence", "asset", "step", "status", "task",
                 "note", "version"):
        assert _remove(client, kind, {"id": 123456}) == {"success": True}, kind
    # A ShotGrid id of another kind finds nothing either: 401 is a shot, not a sequence.
    assert _remove(client, "sequence", {"id": 401}) == {"success": True}


def test_shots_and_assets_go_with_their_tasks_or_are_canceled_when_work_was_saved(client, imported):
    sh020, sh010 = imported["shots"][1], imported["shots"][0]
    assert _remove(client, "shot", {"id": 402}) == {"removed_instance_id": sh020["id"], "success": True}
    assert client.simulate_get(f"/data/shots/{sh020['id']}").status_code == 404
    assert _remove(client, "shot", {"id": 401})["success"] is True  # with its task, comments and versions
    assert client.simulate_get(f"/data/shots/{sh010['id']}").status_code == 404
    assert client.simulate_get(f"/data/tasks/{imported['tasks'][0]['id']}").status_code == 404

    sheep = imported["assets"][0]
    model_task = imported["tasks"][1]
    saved = client.simulate_post("/data/working-files", json={"task_id": model_task["id"], "name": "sheep.blend",
                                                              "revision": 1})
    assert saved.status_code == 201, saved.text
    assert _remove(client, "asset", {"id": 501}) == {"removed_instance_id": sheep["id"], "success": True}
    assert client.simulate_get(f"/data/assets/{sheep['id']}").json["canceled"] is True

    wool, farm = imported["assets"][1], imported["assets"][2]
    assert _remove(client, "asset", {"id": 503})["success"] is True
    assert client.simulate_get(f"/data/assets/{wool['id']}").status_code == 404
    assert client.simulate_get(f"/data/assets/{farm['id']}/casting").json == []
    assert client.simulate_get(f"/data/assets/{farm['id']}").json["nb_entities_out"] == 0


def test_rows_still_referred_to_are_kept(client, imported):
    project, sequence = imported["projects"][0], imported["sequences"][0]
    kept = _remove(client, "project", {"id": 70})
    assert kept["success"] is False and kept["removed_instance_id"] == project["id"]
    assert "closed" in kept["message"]
    assert client.simulate_get(f"/data/projects/{project['id']}").status_code == 200
    kept = _remove(client, "sequence", {"id": 301})
    assert kept["success"] is False and kept["removed_instance_id"] == sequence["id"]
    assert client.simulate_get(f"/data/sequences/{sequence['id']}").status_code == 200
    assert _remove(client, "scene", {"id": 351})["success"] is False  # SH010 comes from it
    assert _remove(client, "step", {"id": 15})["success"] is False  # the Model task uses it
    assert _remove(client, "person", {"id": 1})["success"] is False  # John wrote a note
    assert _remove(client, "status", {"id": 8})["success"] is True  # "fin" is used by nothing
    assert _remove(client, "person", {"id": 3})["success"] is True  # Chloé was only assigned
    task = client.simulate_get(f"/data/tasks/{imported['tasks'][1]['id']}").json
    assert task["assignees"] == []


def test_episodes_are_removed(client, imported):
    episode = {"type": "Episode", "id": 250, "code": "E01", "project": BUNNY, "description": None}
    created = client.simulate_post("/import/shotgun/episodes", json=[episode]).json[0]
    assert _remove(client, "episode", {"id": 250}) == {"removed_instance_id": created["id"], "success": True}
    assert client.simulate_get(f"/data/episodes/{created['id']}").status_code == 404


@pytest.mark.parametrize("kind", ["project-connection", "projectconnection"])
def test_project_connections_are_found_by_project_and_user(client, imported, kind):
    project_id = imported["projects"][0]["id"]
    refused = client.simulate_post(f"/import/shotgun/remove/{kind}", json={"id": 900})
    assert refused.status_code == 400 and "project and user" in refused.json["message"]
    answer = _remove(client, kind, {"id": 901, "project": PROJECT, "user": EMA})
    assert answer == {"removed_instance_id": project_id, "success": True}
    team = client.simulate_get(f"/data/projects/{project_id}").json["team"]
    john = client.simulate_get("/data/persons?shotgun_id=1").json[0]["id"]
    assert team == [john]
    assert _remove(client, kind, {"id": 901, "project": PROJECT, "user": EMA}) == {"success": True}
    assert _remove(client, kind, {"id": 5, "project": {"type": "Project", "id": 5}, "user": JOHN}) == {
        "success": True}
    again = client.simulate_post("/import/shotgun/projectconnections", json=CHAIN["project-connections"][1:2])
    assert again.status_code == 200
    assert sorted(client.simulate_get(f"/data/projects/{project_id}").json["team"]) == sorted(
        [john, client.simulate_get("/data/persons?shotgun_id=2").json[0]["id"]])


def test_bodies_that_name_no_entity_are_refused(client):
    for body in ([{"id": 1}], {"type": "Shot"}, {"id": "1"}, {"id": 0}, None):
        answer = client.simulate_post("/import/shotgun/remove/shot", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
