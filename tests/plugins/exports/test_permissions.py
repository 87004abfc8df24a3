"""Who may export what, with real logins (the auth scenario): Zou's rules, the refused side first.

Studio-wide exports are for admins and managers (global role); a
production's exports for its team but vendors (outsiders get a 403 as in
Zou, a missing or malformed project a 404); a playlist for the production's
managers and supervisors, and for its clients when shared with them. A client
reading a production's export sees only the descriptors published to clients
and no assignees nor time, as Zou blanks them.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data.models import Task

from ..auth.conftest import FAST
from ..auth.scenario import build
from .conftest import rows

STUDIO = ("persons.csv", "projects.csv", "tasks.csv", "time-spents.csv", "task-types.csv")
PROJECT = ("assets.csv", "shots.csv", "edits.csv", "casting.csv")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("exports-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    found = build(app)
    admin, ids = found.admin, found.ids
    base = f"/data/projects/{ids['P']}/metadata-descriptors"
    for name, extra in (("Public", {"for_client": True}), ("Internal", {})):
        assert admin.simulate_post(base, json={"entity_type": "Shot", "name": name, **extra}).status_code == 201
    sequence = admin.simulate_post(f"/data/projects/{ids['P']}/sequences", json={"name": "SQ01"})
    assert sequence.status_code == 201, sequence.text
    assert admin.simulate_put(f"/data/entities/{ids['E']}", json={
        "parent_id": sequence.json["id"], "data": {"public": "MARK-public", "internal": "MARK-internal"}}
    ).status_code == 200
    with app.db.connection_context():
        Task.update(duration=120.0).where(Task.id == ids["T"]).execute()
    for name, for_client in (("internal", False), ("shared", True)):
        answer = admin.simulate_post("/data/playlists", json={"name": name, "project_id": ids["P"],
                                                              "for_client": for_client, "shots": []})
        assert answer.status_code == 201, answer.text
        ids[f"playlist:{name}"] = answer.json["id"]
    yield found
    app.close()


@pytest.mark.parametrize("name", STUDIO)
def test_studio_exports_are_for_admins_and_managers(scenario, name):
    for role in ("admin", "manager"):
        assert scenario.client(role).simulate_get(f"/export/csv/{name}").status_code == 200, role
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        answer = scenario.client(role).simulate_get(f"/export/csv/{name}")
        assert answer.status_code == 403, (role, answer.text)
        assert answer.json["error"] is True
    assert scenario.client(None).simulate_get(f"/export/csv/{name}").status_code == 401


@pytest.mark.parametrize("name", PROJECT)
def test_project_exports_are_for_the_team_but_vendors(scenario, name):
    path = f"/export/csv/projects/{scenario.ids['P']}/{name}"
    for role in ("admin", "manager", "supervisor", "user", "client"):
        assert scenario.client(role).simulate_get(path).status_code == 200, role
    for role in ("vendor", "outsider"):
        answer = scenario.client(role).simulate_get(path)
        assert answer.status_code == 403, (role, answer.text)
        assert answer.headers["content-type"].startswith("application/json")
    assert scenario.client(None).simulate_get(path).status_code == 401
    for missing in ("0" * 32, "not-an-id"):
        answer = scenario.client("manager").simulate_get(f"/export/csv/projects/{missing}/{name}")
        assert answer.status_code == 404 and answer.json["error"] is True


def test_a_malformed_filter_is_a_json_400_before_any_byte(scenario):
    answer = scenario.client("manager").simulate_get(
        f"/export/csv/projects/{scenario.ids['P']}/shots.csv?episode_id=nope")
    assert answer.status_code == 400 and answer.json["error"] is True


def test_playlists_follow_zou(scenario):
    internal = f"/export/csv/playlists/{scenario.ids['playlist:internal']}"
    shared = f"/export/csv/playlists/{scenario.ids['playlist:shared']}"
    for role in ("admin", "manager", "supervisor"):
        assert scenario.client(role).simulate_get(internal).status_code == 200, role
    for role in ("user", "client", "vendor", "outsider"):
        assert scenario.client(role).simulate_get(internal).status_code == 403, role
    assert scenario.client("client").simulate_get(shared).status_code == 200
    for role in ("user", "vendor", "outsider"):
        assert scenario.client(role).simulate_get(shared).status_code == 403, role
    assert scenario.client("manager").simulate_get("/export/csv/playlists/" + "1" * 32).status_code == 404


def test_a_client_sees_only_client_fields_and_no_studio_details(scenario):
    path = f"/export/csv/projects/{scenario.ids['P']}/shots.csv"
    manager = rows(scenario.client("manager").simulate_get(path))
    assert manager[0].split(";")[10:] == ["Internal", "Public", "Animation", "Assignations"]
    assert manager[1].split(";")[10:] == ["MARK-internal", "MARK-public", "todo", "User Matrix,Vendor Matrix"]
    assert manager[1].split(";")[5] == "0.25"
    client = rows(scenario.client("client").simulate_get(path))
    assert client[0].split(";")[10:] == ["Public", "Animation", "Assignations"]
    assert client[1].split(";")[10:] == ["MARK-public", "todo", ""]
    assert client[1].split(";")[5] == "0.00"
    assert "MARK-internal" not in "\n".join(client)
