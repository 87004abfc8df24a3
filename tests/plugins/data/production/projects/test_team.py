"""Project listings and the team routes: what they list, what they change, what they refuse."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ...counting import QueryCounter
from ...factory import Factory


def _status(app, name):
    with app.db.connection_context():
        return str(m.ProjectStatus.get(m.ProjectStatus.name == name).id)


def _events(app, name):
    with app.db.connection_context():
        return [e.data for e in m.ApiEvent.select().where(m.ApiEvent.name == name).order_by(m.ApiEvent.created_at)]


@pytest.fixture
def production(app, client):
    f = Factory(client)
    project = f.create(m.Project, {"name": "Bravo", "project_status_id": _status(app, "Open")})
    return {"factory": f, "project": project, "base": f"/data/projects/{project['id']}"}


def test_open_projects_are_sorted_by_name_and_leave_closed_ones_out(app, client, production):
    f = production["factory"]
    f.create(m.Project, {"name": "Alpha", "project_status_id": _status(app, "Open")})
    f.create(m.Project, {"name": "Closed one", "project_status_id": _status(app, "Closed")})
    listed = client.simulate_get("/data/projects/open").json
    assert [p["name"] for p in listed] == ["Alpha", "Bravo"]
    assert {"team", "task_types", "descriptors", "task_type_links", "task_statuses_link"} <= set(listed[0])
    assert "project_status_name" not in listed[0]
    everything = client.simulate_get("/data/projects/all").json
    assert [p["name"] for p in everything] == ["Alpha", "Bravo", "Closed one"]
    assert {p["project_status_name"] for p in everything} == {"Open", "Closed"}
    assert "team" not in everything[0] and "task_type_links" not in everything[0]


def test_all_projects_carry_only_project_level_descriptors(client, production):
    base = production["base"]
    for kind, name in (("Project", "Budget code"), ("Shot", "Camera")):
        assert client.simulate_post(f"{base}/metadata-descriptors",
                                    json={"entity_type": kind, "name": name}).status_code == 201
    project = client.simulate_get("/data/projects/all").json[0]
    assert [d["name"] for d in project["descriptors"]] == ["Budget code"]
    opened = client.simulate_get("/data/projects/open").json[0]
    assert sorted(d["name"] for d in opened["descriptors"]) == ["Budget code", "Camera"]


def test_tv_show_lists_its_first_episode(app, client, production):
    show = production["factory"].create(m.Project, {"name": "Show", "production_type": "tvshow",
                                                    "project_status_id": _status(app, "Open")})
    listed = {p["name"]: p for p in client.simulate_get("/data/projects/open").json}
    assert listed["Show"]["first_episode_id"] is not None
    assert "first_episode_id" not in listed["Bravo"]
    assert show["id"] == listed["Show"]["id"]


def test_open_projects_query_count_does_not_grow_with_projects(app, client, production):
    f = production["factory"]
    counts = []
    for batch in (1, 4):
        for _ in range(batch):
            project = f.create(m.Project, {"project_status_id": _status(app, "Open")})
            client.simulate_post(f"/data/projects/{project['id']}/metadata-descriptors",
                                 json={"entity_type": "Shot", "name": "Camera"})
        with QueryCounter(app) as counter:
            assert client.simulate_get("/data/projects/open").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_team_members_join_with_a_project_role_and_leave(app, client, production):
    base, f = production["base"], production["factory"]
    person = f.create(m.Person)
    added = client.simulate_post(f"{base}/team", json={"person_id": person["id"], "role": "supervisor"})
    assert added.status_code == 201 and added.json["id"] == production["project"]["id"]
    again = client.simulate_post(f"{base}/team", json={"person_id": person["id"]})
    assert again.status_code == 201
    team = client.simulate_get(f"{base}/team").json
    assert [(p["id"], p["project_role"]) for p in team] == [(person["id"], "supervisor")]

    changed = client.simulate_put(f"{base}/team/{person['id']}", json={"role": "manager"})
    assert changed.json == {"project_id": production["project"]["id"], "person_id": person["id"], "role": "manager"}
    reset = client.simulate_put(f"{base}/team/{person['id']}", json={})
    assert reset.status_code == 200 and reset.json["role"] is None
    assert client.simulate_get(f"{base}/team").json[0]["project_role"] is None

    assert client.simulate_delete(f"{base}/team/{person['id']}").status_code == 204
    assert client.simulate_get(f"{base}/team").json == []
    assert client.simulate_delete(f"{base}/team/{person['id']}").status_code == 204  # absent: nothing to do
    assert len(_events(app, "project:update")) == 6  # add, add again, two roles, two removals
    assert _events(app, "project:update")[0] == {"project_id": production["project"]["id"]}


@pytest.mark.parametrize("body, message", [
    ({"role": "user"}, "person_id"),
    ({"person_id": "not-an-id"}, "person_id"),
    ({"person_id": str(uuid.uuid4())}, "not found"),
])
def test_adding_a_member_needs_an_existing_person(client, production, body, message):
    refused = client.simulate_post(f"{production['base']}/team", json=body)
    assert refused.status_code == 400 and message in refused.text


def test_admin_is_never_a_project_role(app, client, production):
    person = production["factory"].create(m.Person)
    refused = client.simulate_post(f"{production['base']}/team", json={"person_id": person["id"], "role": "admin"})
    assert refused.status_code == 400
    assert client.simulate_get(f"{production['base']}/team").json == []
    base = production["base"]
    client.simulate_post(f"{base}/team", json={"person_id": person["id"]})
    assert client.simulate_put(f"{base}/team/{person['id']}", json={"role": "admin"}).status_code == 400
    assert client.simulate_put(f"{base}/team/{person['id']}", json={"role": "director"}).status_code == 400


def test_a_role_needs_a_membership(client, production):
    outsider = production["factory"].create(m.Person)
    refused = client.simulate_put(f"{production['base']}/team/{outsider['id']}", json={"role": "user"})
    assert refused.status_code == 400 and "not a member" in refused.text


def test_preview_accounts_stay_in_their_own_project(app, client, production):
    f = production["factory"]
    other = f.create(m.Project)
    preview = f.create(m.Person, {"preview_project_id": other["id"]})
    refused = client.simulate_post(f"{production['base']}/team", json={"person_id": preview["id"]})
    assert refused.status_code == 400
    own = client.simulate_post(f"/data/projects/{other['id']}/team", json={"person_id": preview["id"]})
    assert own.status_code == 201
    kept = client.simulate_put(f"/data/projects/{other['id']}/team/{preview['id']}", json={"role": "user"})
    assert kept.status_code == 400


def test_unknown_or_malformed_project_ids(client):
    assert client.simulate_get(f"/data/projects/{uuid.uuid4()}/team").status_code == 404
    assert client.simulate_get("/data/projects/nope/team").status_code == 400
