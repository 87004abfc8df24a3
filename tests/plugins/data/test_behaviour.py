"""CRUD behaviour beyond the per-model sweep: permissions, events, query counts, streaming, seed routes."""

import uuid

import pytest

import clapboard
from clapboard import hookimpl
from clapboard.plugins.data.models import ApiEvent, Project, Task
from clapboard.testing import make_client

from .counting import QueryCounter
from .factory import Factory


class Recorder:
    __clapboard_name__ = "recorder"

    def __init__(self):
        self.events = []

    @hookimpl
    def on_event(self, app, event):
        self.events.append(event)


def test_anonymous_requests_are_refused(app):
    client = make_client(app, role=None)
    assert client.simulate_get("/data/projects").status_code == 401
    assert client.simulate_post("/data/departments", json={"name": "x", "color": "#000000"}).status_code == 401
    admin = make_client(app)
    assert admin.simulate_get("/data/departments", params={"name": "x"}).json == []


def test_actor_without_policy_is_refused(app):
    result = make_client(app, role="user").simulate_get("/data/projects")
    assert result.status_code == 403


def test_writes_record_events_in_the_events_table_and_deliver_after_commit(make_app):
    recorder = Recorder()
    app = make_app(extra=[recorder])
    client = make_client(app)
    department = client.simulate_post("/data/departments", json={"name": "Matte", "color": "#123456"}).json
    client.simulate_put(f"/data/departments/{department['id']}", json={"name": "Matte painting"})
    client.simulate_delete(f"/data/departments/{department['id']}")
    names = [e.name for e in recorder.events]
    assert names == ["department:new", "department:update", "department:delete"]
    assert all(e.data["department_id"] == department["id"] for e in recorder.events)
    with app.db.connection_context():
        stored = list(ApiEvent.select().where(ApiEvent.name.startswith("department:")).order_by(ApiEvent.created_at))
    assert sorted(e.name for e in stored) == sorted(names)
    assert {str(e.id) for e in stored} == {e.data["id"] for e in recorder.events}
    listed = client.simulate_get("/data/events/", params={"name": "department:new"}).json
    assert [e["data"]["department_id"] for e in listed] == [department["id"]]


def test_failed_write_records_no_event(make_app):
    recorder = Recorder()
    app = make_app(extra=[recorder])
    result = make_client(app).simulate_post("/data/departments", json={"name": "No colour"})
    assert result.status_code == 400
    assert recorder.events == []
    with app.db.connection_context():
        assert ApiEvent.select().where(ApiEvent.name == "department:new").count() == 0




def _seed_tasks(client, n):
    factory = Factory(client)
    project = factory.create(Project)
    first = factory.create(Task, {"project_id": project["id"]})
    base = {k: first[k] for k in ("project_id", "task_type_id", "task_status_id")}
    for i in range(n - 1):
        entity = factory.create(clapboard.plugins.data.models.Entity, {"project_id": project["id"]})
        client.simulate_post("/data/tasks", json={**base, "entity_id": entity["id"], "name": f"t{i}",
                                                  "assignees": []})
    return first


def test_query_count_does_not_grow_with_rows(app):
    client = make_client(app)
    counts = []
    for size in (3, 12):
        first = _seed_tasks(client, size if not counts else size - 3)
        with QueryCounter(app) as page:
            assert client.simulate_get("/data/tasks", params={"page": "1", "limit": "50", "relations": "true"}).status_code == 200
        with QueryCounter(app) as full:
            assert len(client.simulate_get("/data/tasks", params={"relations": "true"}).json) == size
        with QueryCounter(app) as item:
            assert client.simulate_get(f"/data/tasks/{first['id']}").status_code == 200
        counts.append((page.count, full.count, item.count))
    assert counts[0] == counts[1], counts
    page, full, item = counts[0]
    # Each GET first reads the change counters (response cache), then: count + page + assignees;
    # rows + assignees; the row + assignees.
    assert page <= 4 and full <= 3 and item <= 3, counts


def test_full_list_is_streamed_as_one_json_array(app):
    client = make_client(app)
    _seed_tasks(client, 5)
    result = client.simulate_get("/data/tasks")
    assert result.headers.get("content-length") is None  # streamed, not buffered
    assert isinstance(result.json, list) and len(result.json) == 5


def test_many_to_many_write_read_and_filter(app):
    client = make_client(app)
    factory = Factory(client)
    people = [factory.create(clapboard.plugins.data.models.Person) for _ in range(2)]
    task = factory.create(Task, {"assignees": [people[0]["id"]]})
    assert task["assignees"] == [people[0]["id"]]
    updated = client.simulate_put(f"/data/tasks/{task['id']}", json={"assignees": [p["id"] for p in people]})
    assert updated.status_code == 200 and "assignees" not in updated.json  # as Zou answers an update
    assert sorted(client.simulate_get(f"/data/tasks/{task['id']}").json["assignees"]) == \
        sorted(p["id"] for p in people)
    found = client.simulate_get("/data/tasks", params={"assignees": people[1]["id"]}).json
    assert [t["id"] for t in found] == [task["id"]]
    dangling = client.simulate_put(f"/data/tasks/{task['id']}", json={"assignees": [str(uuid.uuid4())]})
    assert dangling.status_code == 400
    assert sorted(client.simulate_get(f"/data/tasks/{task['id']}").json["assignees"]) == \
        sorted(p["id"] for p in people)


def test_name_filter_is_case_insensitive_and_limit_is_capped(make_app):
    app = make_app(config={"plugins": {"data": {"max_limit": 2}}})
    client = make_client(app)
    Factory(client).create(Project, {"name": "Big Buck"})
    assert [p["name"] for p in client.simulate_get("/data/projects", params={"name": "big buck"}).json] == ["Big Buck"]
    assert [p["name"] for p in client.simulate_get("/data/projects", params={"name": "big%"}).json] == ["Big Buck"]
    page = client.simulate_get("/data/task-status", params={"page": "1", "limit": "500"}).json
    assert page["limit"] == 2 and len(page["data"]) == 2 and page["total"] == 6 and page["nb_pages"] == 3


def test_default_data_is_idempotent(app):
    from clapboard.plugins.data.defaults import create_default_data
    from clapboard.plugins.data.models import EntityType, TaskStatus, TaskType

    with app.db.connection_context():
        before = (EntityType.select().count(), TaskType.select().count(), TaskStatus.select().count())
        with app.transaction():
            create_default_data()
        after = (EntityType.select().count(), TaskType.select().count(), TaskStatus.select().count())
        assert before == after == (10, 13, 6)
        todo = TaskStatus.get(TaskStatus.short_name == "todo")
        assert todo.is_default and TaskStatus.get(TaskStatus.short_name == "wip").is_wip
        assert TaskStatus.get(TaskStatus.short_name == "wfa").is_feedback_request
        assert TaskStatus.get(TaskStatus.short_name == "done").is_done


@pytest.mark.parametrize("method, path", [
    ("GET", "/data/events/"), ("GET", "/data/search-filters/"), ("GET", "/data/salary-scales"),
    ("POST", "/data/chats/"), ("POST", "/data/departments"), ("POST", "/data/softwares"),
])
def test_seed_collection_routes(client, method, path):
    bodies = {
        "/data/chats/": {"object_id": str(uuid.uuid4()), "object_type": "Asset"},
        "/data/departments": {"name": "Seed dept", "color": "#aa0000"},
        "/data/softwares": {"name": "Blender", "short_name": "bl", "file_extension": ".blend"},
    }
    if method == "GET":
        result = client.simulate_get(path)
        assert result.status_code == 200 and isinstance(result.json, list)
    else:
        result = client.simulate_post(path, json=bodies[path])
        assert result.status_code == 201, result.text
        assert {k: result.json[k] for k in bodies[path]} == bodies[path]


def test_project_delete_needs_closed_status_and_force_removes_everything(app):
    from clapboard.plugins.data.models import Comment, Entity, Playlist, PreviewFile, TimeSpent

    client = make_client(app)
    factory = Factory(client)
    project = factory.create(Project, {"production_type": "tvshow"})
    assert project["first_episode_id"]  # a TV show starts with its first episode
    episode = client.simulate_get(f"/data/entities/{project['first_episode_id']}").json
    assert (episode["name"], episode["type"]) == ("E01", "Episode")
    task = factory.create(Task, {"project_id": project["id"], "entity_id": episode["id"]})
    comment = factory.create(Comment, {"object_id": task["id"], "object_type": "Task"})
    preview = factory.create(PreviewFile, {"task_id": task["id"]})
    client.simulate_put(f"/data/comments/{comment['id']}", json={"previews": [preview["id"]]})
    factory.create(TimeSpent, {"task_id": task["id"]})
    factory.create(Playlist, {"project_id": project["id"]})
    shot = factory.create(Entity, {"project_id": project["id"], "parent_id": episode["id"]})

    assert client.simulate_delete(f"/data/projects/{project['id']}").json["message"] == \
        "Only closed projects can be deleted."
    closed = client.simulate_get("/data/project-status", params={"name": "Closed"}).json[0]["id"]
    client.simulate_put(f"/data/projects/{project['id']}", json={"project_status_id": closed})
    refused = client.simulate_delete(f"/data/projects/{project['id']}")
    assert refused.status_code == 400 and "referenced" in refused.json["message"]
    assert client.simulate_get(f"/data/tasks/{task['id']}").status_code == 200  # nothing half-deleted

    forced = client.simulate_delete(f"/data/projects/{project['id']}", params={"force": "true"})
    assert forced.status_code == 204, forced.text
    for path, row in (("projects", project), ("tasks", task), ("comments", comment), ("preview-files", preview),
                      ("entities", shot), ("entities", episode)):
        assert client.simulate_get(f"/data/{path}/{row['id']}").status_code == 404, path
    with app.db.connection_context():
        assert Playlist.select().where(Playlist.project == project["id"]).count() == 0


def test_numbers_beyond_a_column_are_400_not_500(client):
    huge = client.simulate_post("/data/departments", json={"name": "Big", "color": "#000000"})
    assert huge.status_code == 201
    for body in ({"priority": 10 ** 30}, {"priority": 2 ** 40}):
        result = client.simulate_post("/data/task-types", json={"name": "Huge", **body})
        assert result.status_code == 400 and result.json["errors"][0]["path"] == "priority"
