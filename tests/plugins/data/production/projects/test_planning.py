"""Planning and production records of a project: milestones, schedule items, time spent, builds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clapboard.plugins.data import models as m

from ...factory import Factory


@pytest.fixture
def production(app, client):
    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    return {"factory": f, "project": project, "base": f"/data/projects/{project['id']}", "task_types": task_types}


def test_milestones_of_the_project_only(client, production):
    f, project_id = production["factory"], production["project"]["id"]
    f.create(m.Milestone, {"project_id": project_id, "name": "Delivery", "date": "2027-01-10"})
    f.create(m.Milestone, {"project_id": project_id, "name": "Animatic", "date": "2026-12-01"})
    f.create(m.Milestone, {"name": "Elsewhere"})
    listed = client.simulate_get(f"{production['base']}/milestones").json
    assert [row["name"] for row in listed] == ["Animatic", "Delivery"]
    assert set(listed[0]) == {"id", "date", "name", "project_id", "task_type_id"}


def test_task_type_schedule_items_are_created_once_for_the_task_types_in_use(app, client, production):
    f, base, types = production["factory"], production["base"], production["task_types"]
    project_id = production["project"]["id"]
    for name in ("Modeling", "Layout", "Concept Art"):  # concepts are not planned at project level
        f.create(m.Task, {"project_id": project_id, "task_type_id": types[name]})
    first = client.simulate_get(f"{base}/schedule-items/task-types").json
    assert sorted(item["task_type_id"] for item in first) == sorted([types["Modeling"], types["Layout"]])
    today = date.today()
    assert {(item["start_date"], item["end_date"]) for item in first} == {
        (today.isoformat(), (today + timedelta(days=1)).isoformat())}
    again = client.simulate_get(f"{base}/schedule-items/task-types").json
    assert sorted(i["id"] for i in again) == sorted(i["id"] for i in first)
    with app.db.connection_context():
        assert m.ApiEvent.select().where(m.ApiEvent.name == "schedule-item:new").count() == 2

    # Once the project lists its task types, only those are planned.
    client.simulate_post(f"{base}/settings/task-types", json={"task_type_id": types["Layout"]})
    narrowed = client.simulate_get(f"{base}/schedule-items/task-types").json
    assert [item["task_type_id"] for item in narrowed] == [types["Layout"]]
    everything = client.simulate_get(f"{base}/schedule-items").json
    assert len(everything) == 2 and everything[0]["type"] == "ScheduleItem"


def test_time_spent_on_the_project_tasks(client, production):
    f, project_id = production["factory"], production["project"]["id"]
    task = f.create(m.Task, {"project_id": project_id})
    other_task = f.create(m.Task)
    person = f.create(m.Person)
    f.create(m.TimeSpent, {"task_id": task["id"], "person_id": person["id"], "date": "2026-11-02"})
    f.create(m.TimeSpent, {"task_id": other_task["id"], "person_id": person["id"], "date": "2026-11-02"})
    listed = client.simulate_get(f"{production['base']}/time-spents").json
    assert [row["task_id"] for row in listed] == [task["id"]]


def test_build_jobs_of_the_project_playlists(app, client, production):
    f, project_id = production["factory"], production["project"]["id"]
    playlist = f.create(m.Playlist, {"project_id": project_id})
    other = f.create(m.Playlist)
    with app.db.connection_context():
        job = m.BuildJob.create(playlist=playlist["id"])
        m.BuildJob.create(playlist=other["id"])
    listed = client.simulate_get(f"{production['base']}/build-jobs").json
    assert [row["id"] for row in listed] == [str(job.id)]
    assert listed[0]["type"] == "BuildJob" and listed[0]["playlist_id"] == playlist["id"]
