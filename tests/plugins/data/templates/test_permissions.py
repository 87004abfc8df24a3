"""Who may use the project template routes, with real persons logged in through the auth plugin.

As in Zou: admins and studio managers read templates and their lists; only
admins change, take or apply them. A refused write is a 403 that leaves the
template and the project as they were, whether or not the template exists.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ...auth.conftest import FAST
from ...auth.scenario import build

READERS_REFUSED = ("supervisor", "user", "client", "vendor", "outsider")
WRITERS_REFUSED = ("manager",) + READERS_REFUSED


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("templates-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids = scenario.admin, scenario.ids
    with app.db.connection_context():
        ids["layout"] = str(m.TaskType.get(m.TaskType.name == "Layout").id)
        ids["todo"] = str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)
        ids["prop"] = str(m.EntityType.get(m.EntityType.name == "Prop").id)
    ids["template"] = admin.simulate_post("/data/project-templates", json={"name": "Studio"}).json["id"]
    base = f"/data/project-templates/{ids['template']}"
    assert admin.simulate_post(f"{base}/task-types", json={"task_type_id": ids["layout"]}).status_code == 201
    yield scenario
    app.close()


def _reads(ids):
    base = f"/data/project-templates/{ids['template']}"
    return [f"{base}/{segment}" for segment in (
        "task-types", "task-statuses", "asset-types", "status-automations", "preview-background-files")]


def _writes(ids, template_id=None):
    template_id = template_id or ids["template"]
    base = f"/data/project-templates/{template_id}"
    return [
        ("POST", f"{base}/task-types", {"task_type_id": ids["layout"], "priority": 5}),
        ("DELETE", f"{base}/task-types/{ids['layout']}", None),
        ("POST", f"/actions/project-templates/{template_id}/task-types/reorder", {"task_type_ids": [ids["layout"]]}),
        ("POST", f"{base}/task-statuses", {"task_status_id": ids["todo"]}),
        ("DELETE", f"{base}/task-statuses/{ids['todo']}", None),
        ("POST", f"/actions/project-templates/{template_id}/task-statuses/reorder",
         {"task_status_ids": [ids["todo"]]}),
        ("POST", f"{base}/asset-types", {"asset_type_id": ids["prop"]}),
        ("DELETE", f"{base}/asset-types/{ids['prop']}", None),
        ("POST", f"{base}/status-automations", {"status_automation_id": str(uuid.uuid4())}),
        ("DELETE", f"{base}/status-automations/{uuid.uuid4()}", None),
        ("POST", f"{base}/preview-background-files", {"preview_background_file_id": str(uuid.uuid4())}),
        ("DELETE", f"{base}/preview-background-files/{uuid.uuid4()}", None),
        ("PUT", f"{base}/default-preview-background-file", {"default_preview_background_file_id": None}),
        ("PUT", f"{base}/metadata-descriptors", {"metadata_descriptors": [{"name": "X", "entity_type": "Shot"}]}),
        ("POST", f"/data/project-templates/from-project/{ids['P']}", {"name": "Stolen"}),
        ("POST", f"/data/projects/{ids['P']}/apply-template/{template_id}", None),
    ]


def _state(world):
    with world.app.db.connection_context():
        template = m.ProjectTemplate.get_by_id(world.ids["template"])
        links = [(link.task_type_id, link.priority) for link in m.ProjectTemplateTaskTypeLink.select()]
        project = m.Project.get_by_id(world.ids["P"])
        return (template.metadata_descriptors, links, m.ProjectTemplate.select().count(),
                m.ProjectTaskTypeLink.select().where(m.ProjectTaskTypeLink.project == project.id).count(),
                m.ApiEvent.select().where(m.ApiEvent.name.startswith("project-template")).count())


@pytest.mark.parametrize("role", ("admin", "manager"))
def test_admins_and_managers_read(world, role):
    client = world.client(role)
    for url in _reads(world.ids):
        answer = client.simulate_get(url)
        assert answer.status_code == 200, (url, answer.text)
    assert [row["id"] for row in client.simulate_get(_reads(world.ids)[0]).json] == [world.ids["layout"]]


@pytest.mark.parametrize("role", READERS_REFUSED)
def test_others_may_not_read(world, role):
    client = world.client(role)
    for url in _reads(world.ids) + [_reads({"template": uuid.uuid4()})[0]]:
        answer = client.simulate_get(url)
        assert answer.status_code == 403 and answer.json["error"] is True, (url, answer.status_code)


@pytest.mark.parametrize("role", WRITERS_REFUSED)
def test_only_admins_write(world, role):
    client = world.client(role)
    before = _state(world)
    for method, url, body in _writes(world.ids) + _writes(world.ids, str(uuid.uuid4())):
        answer = client.simulate_request(method, url, json=body)
        assert answer.status_code == 403 and answer.json["error"] is True, (method, url, answer.status_code)
    assert _state(world) == before


def test_anonymous_callers_are_refused(world):
    from falcon.testing import TestClient

    for url in _reads(world.ids):
        assert TestClient(world.app).simulate_get(url).status_code == 401
