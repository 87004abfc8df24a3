"""Filling a production schedule version from the tasks or from another version, and applying it."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..factory import Factory


@pytest.fixture
def plan(app, client):
    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        shot_type = str(m.EntityType.get(m.EntityType.name == "Shot").id)
        anim = str(m.TaskType.get(m.TaskType.name == "Animation").id)
        todo = str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)
    person = f.create(m.Person)
    tasks = []
    for n in range(3):
        shot = f.create(m.Entity, {"project_id": project["id"], "entity_type_id": shot_type, "name": f"SH{n}"})
        tasks.append(f.create(m.Task, {
            "project_id": project["id"], "entity_id": shot["id"], "task_type_id": anim, "task_status_id": todo,
            "start_date": f"2026-0{n + 1}-01T00:00:00", "due_date": f"2026-0{n + 1}-20T00:00:00",
            "estimation": 2.0 + n, "assignees": [person["id"]] if n == 0 else []}))
    versions = [f.create(m.ProductionScheduleVersion, {"project_id": project["id"], "name": name})
                for name in ("v1", "v2")]
    return {"factory": f, "project": project, "tasks": tasks, "versions": versions, "person": person}


def _links(app, version_id):
    with app.db.connection_context():
        link = m.ProductionScheduleVersionTaskLink
        found = {}
        for row in link.select().where(link.production_schedule_version == version_id):
            people = [str(p.person_id) for p in m.ProductionScheduleVersionTaskLinkPersonLink.select().where(
                m.ProductionScheduleVersionTaskLinkPersonLink.production_schedule_version_task_link == row.id)]
            found[str(row.task_id)] = (row.start_date.isoformat() if row.start_date else None, row.estimation, people)
        return found


def test_a_version_filled_from_the_tasks_then_refreshed(app, client, plan):
    v1 = plan["versions"][0]["id"]
    url = f"/actions/production-schedule-versions/{v1}/set-task-links-from-production"
    answer = client.simulate_post(url)
    assert answer.status_code == 200 and answer.json == {"success": True, "task_link_count": 3}
    links = _links(app, v1)
    first = plan["tasks"][0]["id"]
    assert links[first] == ("2026-01-01T00:00:00", 2.0, [plan["person"]["id"]])
    client.simulate_put(f"/data/tasks/{first}", json={"estimation": 9.0})
    client.simulate_put(f"/data/tasks/{first}", json={"assignees": []})
    assert client.simulate_post(url).json["task_link_count"] == 3
    links = _links(app, v1)
    assert len(links) == 3 and links[first] == ("2026-01-01T00:00:00", 9.0, [])


def test_a_version_copied_from_another_and_applied(app, client, plan):
    v1, v2 = (v["id"] for v in plan["versions"])
    client.simulate_post(f"/actions/production-schedule-versions/{v1}/set-task-links-from-production")
    with app.db.connection_context():
        link = m.ProductionScheduleVersionTaskLink
        link.update(estimation=7.5).where(link.production_schedule_version == v1).execute()
    copied = client.simulate_post(
        f"/actions/production-schedule-versions/{v2}/set-task-links-from-production-schedule-version",
        json={"production_schedule_version_id": v1})
    assert copied.status_code == 200 and copied.json == {"success": True, "task_link_count": 3}
    assert {value[1] for value in _links(app, v2).values()} == {7.5}
    assert _links(app, v2)[plan["tasks"][0]["id"]][2] == [plan["person"]["id"]]
    assert client.simulate_get(f"/data/production-schedule-versions/{v2}").json["production_schedule_from"] == v1

    applied = client.simulate_post(f"/actions/production-schedule-versions/{v2}/apply-to-production")
    assert applied.status_code == 200 and applied.json == {"success": True, "task_count": 3}
    for task in plan["tasks"]:
        assert client.simulate_get(f"/data/tasks/{task['id']}").json["estimation"] == 7.5
    assert client.simulate_get(f"/data/production-schedule-versions/{v2}").json["locked"] is True
    project = client.simulate_get(f"/data/projects/{plan['project']['id']}").json
    assert project["from_schedule_version_id"] == v2
    with app.db.connection_context():
        names = [e.name for e in m.ApiEvent.select()]
    assert names.count("task:update") >= 3 and "production_schedule_version:update" in names


def test_copies_stay_within_one_production(client, plan):
    v1 = plan["versions"][0]["id"]
    other = plan["factory"].create(m.ProductionScheduleVersion, {
        "project_id": plan["factory"].create(m.Project)["id"], "name": "elsewhere"})
    url = f"/actions/production-schedule-versions/{v1}/set-task-links-from-production-schedule-version"
    assert client.simulate_post(url, json={"production_schedule_version_id": other["id"]}).status_code == 400
    assert client.simulate_post(url, json={"production_schedule_version_id": v1}).status_code == 400
    assert client.simulate_post(url, json={"production_schedule_version_id": str(uuid.uuid4())}).status_code == 404
    assert client.simulate_post(url, json={}).status_code == 400
    for action in ("set-task-links-from-production", "apply-to-production"):
        assert client.simulate_post(f"/actions/production-schedule-versions/{uuid.uuid4()}/{action}").status_code \
            == 404
