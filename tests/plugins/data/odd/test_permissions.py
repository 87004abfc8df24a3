"""Who may use the odd routes, with real persons logged in (``tests/plugins/auth/scenario.py``).

Project P has a team (manager, supervisor, artist ``user``, client, vendor;
the vendor and the artist are assigned to task T); ``outsider`` is an artist
outside it. Reads need a seat in the team (outsiders: 404); the episode's
edit tasks are refused to vendors; stats count only a vendor's own tasks;
frames, castings and schedule versions are for managers; a comment is deleted
by its author or a manager; priorities are changed where the actor may update
the task, the rest skipped. Every refused write leaves the database as it was.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ...auth.conftest import FAST
from ...auth.scenario import build
from ..factory import Factory

TEAM = ("manager", "supervisor", "user", "client", "vendor")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("odd-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids = scenario.admin, scenario.ids
    f = Factory(admin)
    with app.db.connection_context():
        types = {t.name: str(t.id) for t in m.EntityType.select()}
        ids["anim"] = str(m.TaskType.get(m.TaskType.name == "Animation").id)
        ids["edit_type"] = str(m.TaskType.get(m.TaskType.name == "Edit").id)
        ids["wip"] = str(m.TaskStatus.get(m.TaskStatus.short_name == "wip").id)
        ids["todo"] = str(m.TaskStatus.get(m.TaskStatus.short_name == "todo").id)
    ids["E01"] = f.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["Episode"], "name": "E01"})["id"]
    ids["SQ"] = f.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["Sequence"], "name": "SQ",
                                    "parent_id": ids["E01"]})["id"]
    admin.simulate_put(f"/data/entities/{ids['E']}", json={"parent_id": ids["SQ"]})
    ids["cut"] = f.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["Edit"], "name": "Cut",
                                     "parent_id": ids["E01"]})["id"]
    ids["TE"] = f.create(m.Task, {"project_id": ids["P"], "entity_id": ids["cut"], "task_type_id": ids["edit_type"],
                                  "task_status_id": ids["todo"]})["id"]
    ids["hero"] = f.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types["Character"],
                                      "name": "Hero"})["id"]
    ids["version"] = f.create(m.ProductionScheduleVersion, {"project_id": ids["P"], "name": "v1"})["id"]
    ids["version2"] = f.create(m.ProductionScheduleVersion, {"project_id": ids["P"], "name": "v2"})["id"]
    comment = scenario.client("user").simulate_post(f"/actions/tasks/{ids['T']}/comment", json={
        "task_status_id": ids["wip"], "comment": "mine"})
    assert comment.status_code == 201, comment.text
    ids["comment"] = comment.json["id"]
    yield scenario
    app.close()


def _state(world):
    with world.app.db.connection_context():
        return (m.Comment.select().count(), m.ProductionScheduleVersionTaskLink.select().count(),
                [(t.priority, str(t.task_status_id)) for t in m.Task.select().order_by(m.Task.id)],
                m.EntityLink.select().count(), [e.nb_frames for e in m.Entity.select().order_by(m.Entity.id)],
                m.ProductionScheduleVersion.select().where(m.ProductionScheduleVersion.locked == True).count())  # noqa: E712


def _fmt(template: str, ids: dict) -> str:
    return template.format(**ids)


READS = ("/data/projects/{P}/episodes/stats", "/data/projects/{P}/episodes/retake-stats",
         "/data/tasks/{T}/comments/{comment}")


@pytest.mark.parametrize("template", READS)
def test_the_team_reads_outsiders_do_not(world, template):
    path = _fmt(template, world.ids)
    for role in ("admin",) + TEAM:
        if role == "client" and "comments" in template:
            continue  # a client reads only the comments published to clients
        assert world.client(role).simulate_get(path).status_code == 200, role
    assert world.client("outsider").simulate_get(path).status_code == 404


def test_a_vendor_counts_only_their_tasks_and_never_reads_edit_tasks(world):
    ids = world.ids
    vendor = world.client("vendor")
    stats = vendor.simulate_get(f"/data/projects/{ids['P']}/episodes/stats").json
    assert sum(entry["count"] for entry in stats["all"]["all"].values()) == 1  # T only
    path = f"/data/episodes/{ids['E01']}/edit-tasks"
    assert vendor.simulate_get(path).status_code == 403
    assert world.client("outsider").simulate_get(path).status_code == 404
    assert [t["id"] for t in world.client("user").simulate_get(path).json] == [ids["TE"]]


WRITES = (
    ("POST", "/actions/projects/{P}/task-types/{anim}/set-shot-nb-frames", None),
    ("PUT", "/data/projects/{P}/entities/casting", "casting"),
    ("POST", "/actions/production-schedule-versions/{version}/set-task-links-from-production", None),
    ("POST", "/actions/production-schedule-versions/{version2}/set-task-links-from-production-schedule-version",
     "copy"),
    ("POST", "/actions/production-schedule-versions/{version}/apply-to-production", None),
)


def _body(kind, ids):
    if kind == "casting":
        return {ids["E"]: [{"asset_id": ids["hero"]}]}
    if kind == "copy":
        return {"production_schedule_version_id": ids["version"]}
    return None


@pytest.mark.parametrize("method, template, kind", WRITES, ids=[w[1].rsplit("/", 1)[-1] for w in WRITES])
def test_only_managers_write(world, method, template, kind):
    path, body = _fmt(template, world.ids), _body(kind, world.ids)
    before = _state(world)
    for role in ("supervisor", "user", "client", "vendor", "outsider"):
        answer = world.client(role).simulate_request(method, path, json=body)
        assert answer.status_code in (403, 404) and answer.json["error"] is True, (role, answer.status_code)
        assert answer.status_code == (404 if role == "outsider" else 403), role
    assert _state(world) == before
    assert world.client("manager").simulate_request(method, path, json=body).status_code == 200


def test_set_priority_skips_what_the_actor_may_not_change(world):
    ids = world.ids
    before = _state(world)
    for role in ("user", "client", "vendor", "outsider"):
        answer = world.client(role).simulate_put("/actions/tasks/set-priority",
                                                 json={"task_ids": [ids["T"], ids["TQ"]], "priority": 4})
        assert answer.status_code == 200 and answer.json == [], role
    assert _state(world) == before
    changed = world.client("manager").simulate_put("/actions/tasks/set-priority",
                                                   json={"task_ids": [ids["T"], ids["TQ"]], "priority": 4})
    assert [t["id"] for t in changed.json] == [ids["T"]]  # TQ is another production's


def test_to_review_needs_the_right_to_set_the_status(world):
    ids = world.ids
    before = _state(world)
    assert world.client("outsider").simulate_put(f"/actions/tasks/{ids['T']}/to-review", json={}).status_code == 404
    assert world.client("client").simulate_put(f"/actions/tasks/{ids['TQ']}/to-review", json={}).status_code == 404
    assert _state(world) == before
    answer = world.client("user").simulate_put(f"/actions/tasks/{ids['T']}/to-review", json={"comment": "ready"})
    assert answer.status_code == 200 and answer.json["person"]["id"] == world.people["user"]


def test_a_comment_is_deleted_by_its_author_or_a_manager(world):
    ids = world.ids
    path = f"/data/tasks/{ids['T']}/comments/{ids['comment']}"
    before = _state(world)
    for role in ("supervisor", "client", "vendor"):
        answer = world.client(role).simulate_delete(path)
        assert answer.status_code in (403, 404), (role, answer.status_code)
    assert world.client("outsider").simulate_delete(path).status_code == 404
    assert _state(world) == before
    assert world.client("user").simulate_delete(path).status_code == 204
