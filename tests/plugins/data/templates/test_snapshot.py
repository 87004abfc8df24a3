"""A template taken from a project and applied to another: settings, links, default background, descriptors;
applying twice duplicates nothing, and a failure leaves the project as it was."""

from __future__ import annotations

import uuid

import pytest

from clapboard import hookimpl
from clapboard.errors import BadRequest
from clapboard.plugins.data import models as m

from ..factory import Factory


def _id(app, model, **where):
    with app.db.connection_context():
        query = model.select(model.id)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return str(query.scalar())


@pytest.fixture
def source(app, client):
    f = Factory(client)
    project = f.create(m.Project, {"name": "Source", "fps": "24", "ratio": "2.39:1", "max_retakes": 3,
                                   "file_tree": {"working": {"root": "work"}}, "data": {"studio": "north"}})
    base = f"/data/projects/{project['id']}"
    ids = {"layout": _id(app, m.TaskType, name="Layout"), "wip": _id(app, m.TaskStatus, short_name="wip"),
           "prop": _id(app, m.EntityType, name="Prop"), "automation": f.create(m.StatusAutomation)["id"],
           "background": f.create(m.PreviewBackgroundFile, {"name": "Grey"})["id"]}
    client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": ids["layout"], "priority": 4})
    client.simulate_post(f"{base}/settings/task-status", json={"task_status_id": ids["wip"]})
    client.simulate_post(f"{base}/settings/asset-types", json={"asset_type_id": ids["prop"]})
    client.simulate_post(f"{base}/settings/status-automations", json={"status_automation_id": ids["automation"]})
    client.simulate_post(f"{base}/settings/preview-background-files",
                         json={"preview_background_file_id": ids["background"]})
    client.simulate_put(base, json={"default_preview_background_file_id": ids["background"]})
    made = client.simulate_post(f"{base}/metadata-descriptors", json={
        "entity_type": "Shot", "name": "Difficulty", "data_type": "list", "choices": ["easy", "hard"]})
    assert made.status_code == 201, made.text
    return {"factory": f, "project": project, "ids": ids}


def test_a_template_from_a_project_holds_its_settings(app, client, source):
    ids = source["ids"]
    made = client.simulate_post(f"/data/project-templates/from-project/{source['project']['id']}",
                                json={"name": "From source", "description": "d"})
    assert made.status_code == 201, made.text
    template = made.json
    assert template["type"] == "ProjectTemplate" and "task_types" not in template
    assert (template["fps"], template["ratio"], template["max_retakes"]) == ("24", "2.39:1", 3)
    assert template["file_tree"] == {"working": {"root": "work"}} and template["data"] == {"studio": "north"}
    assert template["default_preview_background_file_id"] == ids["background"]
    assert [(d["name"], d["field_name"], d["choices"]) for d in template["metadata_descriptors"]] == [
        ("Difficulty", "difficulty", ["easy", "hard"])]
    full = client.simulate_get(f"/data/project-templates/{template['id']}").json
    assert full["task_types"] == [ids["layout"]] and full["task_statuses"] == [ids["wip"]]
    assert full["asset_types"] == [ids["prop"]] and full["status_automations"] == [ids["automation"]]
    assert full["preview_background_files"] == [ids["background"]]
    listed = client.simulate_get(f"/data/project-templates/{template['id']}/task-types").json
    assert [row["priority"] for row in listed] == [4]
    with app.db.connection_context():
        assert m.ApiEvent.select().where(m.ApiEvent.name == "project-template:new").count() == 1
    again = client.simulate_post(f"/data/project-templates/from-project/{source['project']['id']}",
                                 json={"name": "From source"})
    assert again.status_code == 400 and again.json["error"] is True


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 3}, []])
def test_from_project_needs_a_name(client, source, body):
    answer = client.simulate_post(f"/data/project-templates/from-project/{source['project']['id']}", json=body)
    assert answer.status_code == 400


def test_from_an_unknown_project_is_a_404(client):
    answer = client.simulate_post(f"/data/project-templates/from-project/{uuid.uuid4()}", json={"name": "X"})
    assert answer.status_code == 404


def test_applying_adds_the_settings_once(app, client, source):
    ids = source["ids"]
    template = client.simulate_post(f"/data/project-templates/from-project/{source['project']['id']}",
                                    json={"name": "T"}).json
    target = source["factory"].create(m.Project, {"name": "Target"})
    base = f"/data/projects/{target['id']}"
    other_status = _id(app, m.TaskStatus, short_name="todo")
    client.simulate_post(f"{base}/settings/task-status", json={"task_status_id": other_status})
    client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": ids["layout"], "priority": 9})
    url = f"{base}/apply-template/{template['id']}"
    for _ in range(2):
        applied = client.simulate_post(url)
        assert applied.status_code == 200, applied.text
        assert applied.json["type"] == "Project" and applied.json["id"] == target["id"]
        assert "metadata_descriptors_skipped" not in applied.json
    assert (applied.json["fps"], applied.json["max_retakes"]) == ("24", 3)
    assert applied.json["file_tree"] == {"working": {"root": "work"}}
    assert applied.json["default_preview_background_file_id"] == ids["background"]
    project = client.simulate_get(base).json
    assert project["task_types"] == [ids["layout"]]
    assert sorted(project["task_statuses"]) == sorted([ids["wip"], other_status])
    assert project["asset_types"] == [ids["prop"]] and project["status_automations"] == [ids["automation"]]
    assert project["preview_background_files"] == [ids["background"]]
    assert project["task_types_priority"][ids["layout"]] == 9  # the project's own link is kept
    assert [d["name"] for d in project["descriptors"]] == ["Difficulty"]
    with app.db.connection_context():
        assert m.ApiEvent.select().where(m.ApiEvent.name == "project:update",
                                         m.ApiEvent.project_id == target["id"]).count() >= 2


def test_applying_to_or_from_nothing_is_a_404(client, source):
    template = client.simulate_post("/data/project-templates", json={"name": "Empty"}).json
    assert client.simulate_post(f"/data/projects/{uuid.uuid4()}/apply-template/{template['id']}").status_code == 404
    missing = f"/data/projects/{source['project']['id']}/apply-template/{uuid.uuid4()}"
    assert client.simulate_post(missing).status_code == 404
    assert client.simulate_post(f"/data/projects/{source['project']['id']}/apply-template/nope").status_code == 400


def test_without_the_metadata_plugin_descriptors_are_not_served_and_skipped(make_app):
    from clapboard.testing import make_client

    app = make_app(config={"plugins": {"disabled": ["metadata"]}})
    client = make_client(app)
    template = client.simulate_post("/data/project-templates", json={"name": "With fields"}).json
    route = f"/data/project-templates/{template['id']}/metadata-descriptors"
    assert client.simulate_put(route, json=[{"entity_type": "Shot", "name": "Lens"}]).status_code == 404
    assert "/data/project-templates/{template_id}/metadata-descriptors" not in client.simulate_get(
        "/openapi.json").json["paths"]
    kept = client.simulate_put(f"/data/project-templates/{template['id']}", json={  # e.g. copied from a Zou
        "metadata_descriptors": [{"entity_type": "Shot", "name": "Lens"}]})
    assert kept.status_code == 200
    target = Factory(client).create(m.Project)
    applied = client.simulate_post(f"/data/projects/{target['id']}/apply-template/{template['id']}")
    assert applied.status_code == 200
    assert "metadata" in applied.json["metadata_descriptors_skipped"]


class RefusingDescriptors:
    """A plugin whose descriptor creation fails: the whole application must roll back."""

    __clapboard_name__ = "refusing-descriptors"
    requires = ("data",)

    @staticmethod
    @hookimpl
    def data_add_descriptors(app, actor, project_id, descriptors):
        raise BadRequest("refused by the test plugin")


def test_a_failing_apply_leaves_the_project_as_it_was(make_app):
    from clapboard.testing import make_client

    app = make_app(extra=[RefusingDescriptors()])
    client = make_client(app)
    template = client.simulate_post("/data/project-templates", json={"name": "Refused", "fps": "50"}).json
    base = f"/data/project-templates/{template['id']}"
    client.simulate_post(f"{base}/task-types", json={"task_type_id": _id(app, m.TaskType, name="Layout")})
    client.simulate_put(f"{base}/metadata-descriptors", json=[{"entity_type": "Shot", "name": "Lens"}])
    target = Factory(client).create(m.Project)
    applied = client.simulate_post(f"/data/projects/{target['id']}/apply-template/{template['id']}")
    assert applied.status_code == 400 and applied.json["message"] == "refused by the test plugin"
    after = client.simulate_get(f"/data/projects/{target['id']}").json
    assert after["fps"] == target["fps"] != "50" and after["task_types"] == []


def test_descriptors_the_project_has_or_cannot_take_are_skipped(app, client, source):
    template = client.simulate_post("/data/project-templates", json={"name": "Mixed"}).json
    client.simulate_put(f"/data/project-templates/{template['id']}/metadata-descriptors", json=[
        {"entity_type": "Shot", "name": "Difficulty", "data_type": "string"},  # the project has one already
        {"entity_type": "Shot", "name": "Lens", "data_type": "not a type"},
        {"entity_type": "Task", "name": "Rig notes", "task_type_id": str(uuid.uuid4())},
        {"entity_type": "Asset", "name": "Budget", "data_type": "number", "departments": [str(uuid.uuid4())]},
    ])
    project_id = source["project"]["id"]
    assert client.simulate_post(f"/data/projects/{project_id}/apply-template/{template['id']}").status_code == 200
    descriptors = client.simulate_get(f"/data/projects/{project_id}/metadata-descriptors").json
    assert sorted((d["name"], d["data_type"], d["departments"]) for d in descriptors) == [
        ("Budget", "number", []), ("Difficulty", "list", [])]


def test_a_template_with_links_is_deleted_with_them(app, client, source):
    template = client.simulate_post(f"/data/project-templates/from-project/{source['project']['id']}",
                                    json={"name": "Doomed"}).json
    assert client.simulate_delete(f"/data/project-templates/{template['id']}").status_code == 204
    assert client.simulate_get(f"/data/project-templates/{template['id']}").status_code == 404
    with app.db.connection_context():
        assert not m.ProjectTemplateTaskTypeLink.select().exists()
        assert m.TaskType.select().where(m.TaskType.id == source["ids"]["layout"]).exists()
