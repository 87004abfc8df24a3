"""Who may use the projects routes, with real persons logged in through the auth plugin.

Project P has a team (manager, supervisor, artist ``user``, client, vendor);
``outsider`` is an artist outside it; Q has no team. Reading needs a seat in
the team (outsiders get 404: the project is out of reach); changing the team,
the settings, the descriptors or the budgets needs to manage the project
(others get 403) and leaves the database as it was.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.metadata.models import MetadataDescriptor

from ....auth.conftest import FAST
from ....auth.scenario import build
from ...factory import Factory

TEAM = ("manager", "supervisor", "user", "client", "vendor")
REFUSED_WRITERS = ("supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("projects-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids = scenario.admin, scenario.ids
    p = f"/data/projects/{ids['P']}"
    with app.db.connection_context():
        ids["animation"] = str(m.Department.get(m.Department.name == "Animation").id)
        ids["layout"] = str(m.TaskType.get(m.TaskType.name == "Layout").id)
        ids["todo"] = str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)
        ids["prop"] = str(m.EntityType.get(m.EntityType.name == "Prop").id)
    factory = Factory(admin)
    ids["automation"] = factory.create(m.StatusAutomation)["id"]
    ids["background"] = factory.create(m.PreviewBackgroundFile)["id"]
    for segment, key, value in (("task-types", "task_type_id", ids["layout"]),
                                ("task-status", "task_status_id", ids["todo"]),
                                ("asset-types", "asset_type_id", ids["prop"]),
                                ("status-automations", "status_automation_id", ids["automation"]),
                                ("preview-background-files", "preview_background_file_id", ids["background"])):
        assert admin.simulate_post(f"{p}/settings/{segment}", json={key: value}).status_code == 201
    for name, extra in (("Public", {"for_client": True}), ("Internal", {}),
                        ("Animation notes", {"departments": [ids["animation"]]})):
        answer = admin.simulate_post(f"{p}/metadata-descriptors", json={"entity_type": "Shot", "name": name, **extra})
        ids[name] = answer.json["id"]
    ids["budget"] = admin.simulate_post(f"{p}/budgets", json={"name": "B"}).json["id"]
    ids["entry"] = admin.simulate_post(f"{p}/budgets/{ids['budget']}/entries", json={
        "department_id": ids["animation"], "start_date": "2026-12-01", "months_duration": 2,
        "daily_salary": 100}).json["id"]
    factory.create(m.Milestone, {"project_id": ids["P"], "name": "Delivery"})
    playlist = factory.create(m.Playlist, {"project_id": ids["P"]})
    with app.db.connection_context():
        m.BuildJob.create(playlist=playlist["id"])
    yield scenario
    app.close()


def _reads(ids) -> dict:
    """Read routes of project P -> roles answered 200 (team members not listed get 403)."""

    p = f"/data/projects/{ids['P']}"
    team = {"admin", *TEAM}
    not_vendor = team - {"vendor"}
    return {
        f"{p}/team": team,
        f"{p}/task-types": team,
        f"{p}/settings/task-types": team,
        f"{p}/settings/task-status": team,
        f"{p}/settings/preview-background-files": team,
        f"{p}/settings/status-automations": {"admin", "manager"},
        f"{p}/metadata-descriptors": team,
        f"{p}/metadata-descriptors/{ids['Public']}": team,
        f"{p}/budgets": {"admin", "manager"},
        f"{p}/budgets/{ids['budget']}": {"admin", "manager"},
        f"{p}/budgets/{ids['budget']}/entries": {"admin", "manager"},
        f"{p}/budgets/{ids['budget']}/entries/{ids['entry']}": {"admin", "manager"},
        f"{p}/milestones": not_vendor,
        f"{p}/schedule-items": not_vendor,
        f"{p}/schedule-items/task-types": not_vendor,
        f"{p}/time-spents": team,
        f"{p}/build-jobs": {"admin"},
    }


def _writes(scenario) -> list:
    """(name, method, path, body) of every change to project P, each valid for a manager."""

    ids, people = scenario.ids, scenario.people
    p = f"/data/projects/{ids['P']}"
    budget, entry = f"{p}/budgets/{ids['budget']}", f"{p}/budgets/{ids['budget']}/entries/{ids['entry']}"
    writes = [
        ("add member", "POST", f"{p}/team", {"person_id": people["outsider"]}),
        ("set role", "PUT", f"{p}/team/{people['user']}", {"role": "manager"}),
        ("remove member", "DELETE", f"{p}/team/{people['user']}", None),
        ("batch", "POST", f"{p}/settings/batch", {"task_status_ids": [ids["todo"]], "replace_task_types": True}),
        ("add descriptor", "POST", f"{p}/metadata-descriptors", {"entity_type": "Asset", "name": "Size"}),
        ("rename descriptor", "PUT", f"{p}/metadata-descriptors/{ids['Internal']}", {"name": "Secret"}),
        ("delete descriptor", "DELETE", f"{p}/metadata-descriptors/{ids['Internal']}", None),
        ("reorder descriptors", "POST", f"{p}/metadata-descriptors/reorder",
         {"entity_type": "Shot", "descriptor_ids": [ids["Internal"]]}),
        ("add budget", "POST", f"{p}/budgets", {"name": "B2"}),
        ("rename budget", "PUT", budget, {"name": "B3"}),
        ("delete budget", "DELETE", budget, None),
        ("add entry", "POST", f"{budget}/entries", {"department_id": ids["animation"], "start_date": "2026-12-01",
                                                    "months_duration": 1, "daily_salary": 1}),
        ("change entry", "PUT", entry, {"daily_salary": 999}),
        ("delete entry", "DELETE", entry, None),
    ]
    for segment, key, value in (("task-types", "task_type_id", ids["layout"]),
                                ("task-status", "task_status_id", ids["todo"]),
                                ("asset-types", "asset_type_id", ids["prop"]),
                                ("status-automations", "status_automation_id", ids["automation"]),
                                ("preview-background-files", "preview_background_file_id", ids["background"])):
        writes.append((f"add {segment}", "POST", f"{p}/settings/{segment}", {key: value}))
        writes.append((f"remove {segment}", "DELETE", f"{p}/settings/{segment}/{value}", None))
    return writes


def _snapshot(app, project_id) -> tuple:
    """Everything the writes above may touch, as comparable values."""

    def rows(query):
        return sorted(tuple(str(v) for v in row) for row in query.tuples())

    with app.db.connection_context():
        links = [rows(link.select().where(link.project == project_id)) for link in (
            m.ProjectPersonLink, m.ProjectTaskTypeLink, m.ProjectTaskStatusLink, m.ProjectAssetTypeLink,
            m.ProjectStatusAutomationLink, m.ProjectPreviewBackgroundFileLink)]
        descriptors = rows(MetadataDescriptor.select().where(MetadataDescriptor.project == project_id))
        budgets = rows(m.Budget.select().where(m.Budget.project == project_id))
        entries = rows(m.BudgetEntry.select())
        events = m.ApiEvent.select().count()
    return links, descriptors, budgets, entries, events


@pytest.mark.parametrize("role", ("admin", *TEAM, "outsider"))
def test_reads_need_a_seat_in_the_team(world, role):
    client = world.client(role)
    problems = []
    for path, allowed in _reads(world.ids).items():
        status = client.simulate_get(path).status_code
        expected = 200 if role in allowed else (404 if role == "outsider" else 403)
        if status != expected:
            problems.append(f"GET {path}: {status}, expected {expected}")
    assert not problems, problems


@pytest.mark.parametrize("role", REFUSED_WRITERS)
def test_writes_are_refused_and_change_nothing(world, role):
    client = world.client(role)
    expected = 404 if role == "outsider" else 403
    problems = []
    for name, method, path, body in _writes(world):
        before = _snapshot(world.app, world.ids["P"])
        status = client.simulate_request(method, path, json=body).status_code
        if status != expected:
            problems.append(f"{name}: {status}, expected {expected}")
        if _snapshot(world.app, world.ids["P"]) != before:
            problems.append(f"{name}: changed the database although refused")
    assert not problems, problems


def test_outsiders_do_not_see_the_project_in_listings(world):
    ids = world.ids
    for role, expected in (("outsider", set()), ("user", {ids["P"]}), ("admin", {ids["P"], ids["Q"]})):
        client = world.client(role)
        for listing in ("/data/projects/open", "/data/projects/all"):
            listed = {p["id"] for p in client.simulate_get(listing).json}
            assert listed & {ids["P"], ids["Q"]} == expected, (role, listing)


def test_clients_and_vendors_see_only_their_descriptors(world):
    ids = world.ids
    p = f"/data/projects/{ids['P']}/metadata-descriptors"
    seen = {}
    for role in ("manager", "client", "vendor"):
        client = world.client(role)
        seen[role] = {d["name"] for d in client.simulate_get(p).json}
        opened = next(x for x in client.simulate_get("/data/projects/open").json if x["id"] == ids["P"])
        assert {d["name"] for d in opened["descriptors"]} == seen[role], role
    assert seen == {"manager": {"Public", "Internal", "Animation notes"}, "client": {"Public"},
                    "vendor": {"Public", "Internal"}}
    assert world.client("client").simulate_get(f"{p}/{ids['Internal']}").status_code == 403
    assert world.client("vendor").simulate_get(f"{p}/{ids['Animation notes']}").status_code == 403


def test_team_cards_for_non_admins_hide_salaries(world):
    p = f"/data/projects/{world.ids['P']}/team"
    artist_view = world.client("user").simulate_get(p).json
    admin_view = world.admin.simulate_get(p).json
    assert "daily_salary" in admin_view[0] and "daily_salary" not in artist_view[0]
    assert {person["project_role"] for person in artist_view} == {None}


def test_managers_change_their_project_and_a_project_role_makes_a_manager(world):
    ids, people = world.ids, world.people
    p = f"/data/projects/{ids['P']}"
    manager = world.client("manager")
    assert manager.simulate_post(f"{p}/team", json={"person_id": people["outsider"]}).status_code == 201
    assert manager.simulate_post(f"{p}/metadata-descriptors", json={"entity_type": "Asset",
                                                                    "name": "Size"}).status_code == 201
    budget = manager.simulate_post(f"{p}/budgets", json={"name": "Manager's"})
    assert budget.status_code == 200

    # The outsider, an artist, manages P once given that role there, and nothing else.
    assert manager.simulate_put(f"{p}/team/{people['outsider']}", json={"role": "manager"}).status_code == 200
    promoted = world.client("outsider")
    assert promoted.simulate_get(f"{p}/budgets").status_code == 200
    assert promoted.simulate_delete(f"{p}/budgets/{budget.json['id']}").status_code == 204
    assert promoted.simulate_get(f"/data/projects/{ids['Q']}/budgets").status_code == 404
    assert manager.simulate_delete(f"{p}/team/{people['outsider']}").status_code == 204
    assert promoted.simulate_get(f"{p}/team").status_code == 404


def test_anonymous_callers_are_refused(world):
    anonymous = world.client(None)
    assert anonymous.simulate_get("/data/projects/open").status_code == 401
    assert anonymous.simulate_get(f"/data/projects/{world.ids['P']}/team").status_code == 401
