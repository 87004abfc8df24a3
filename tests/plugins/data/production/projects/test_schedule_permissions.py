"""Who reads Kitsu's schedule: items per entity of a task type, and a schedule version's task links.

Zou's rules: the items per asset type / episode / sequence / edit are for the
production's team but vendors (clients included); the task links of a
schedule version for its team but clients and vendors. Outsiders get 404 (the
project is out of reach), refused team members 403, and a refused read
creates no schedule item.
"""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ....auth.conftest import FAST
from ....auth.scenario import build
from ...counting import queries
from ...factory import Factory

TEAM = ("manager", "supervisor", "user", "client", "vendor")
ROLES = ("admin", *TEAM, "outsider")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("schedule-permissions"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    admin, ids, people = scenario.admin, scenario.ids, scenario.people
    f = Factory(admin)
    with app.db.connection_context():
        types = {t.name: str(t.id) for t in m.EntityType.select()}
        ids["animation"] = str(m.TaskType.get(m.TaskType.name == "Animation").id)
        ids["layout"] = str(m.TaskType.get(m.TaskType.name == "Layout").id)
    for kind, name in (("Episode", "E01"), ("Sequence", "SQ01"), ("Edit", "Cut"), ("Prop", "Cup")):
        ids[name] = f.create(m.Entity, {"project_id": ids["P"], "entity_type_id": types[kind], "name": name})["id"]
    layout_task = f.create(m.Task, {"project_id": ids["P"], "entity_id": ids["E"], "task_type_id": ids["layout"],
                                    "name": "layout"})["id"]
    for name, project in (("V", "P"), ("VQ", "Q")):
        ids[name] = f.create(m.ProductionScheduleVersion, {"project_id": ids[project], "name": "v1"})["id"]
    ids["link"] = f.create(m.ProductionScheduleVersionTaskLink, {
        "production_schedule_version_id": ids["V"], "task_id": ids["T"], "start_date": "2026-12-01T00:00:00",
        "due_date": "2026-12-11T00:00:00", "estimation": 3.5, "assignees": [people["user"]]})["id"]
    ids["layout_link"] = f.create(m.ProductionScheduleVersionTaskLink, {
        "production_schedule_version_id": ids["V"], "task_id": layout_task})["id"]
    f.create(m.ProductionScheduleVersionTaskLink, {"production_schedule_version_id": ids["VQ"], "task_id": ids["TQ"]})
    yield scenario
    app.close()


def _items(app) -> int:
    with app.db.connection_context():
        return m.ScheduleItem.select().count()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("planned", ["asset-types", "episodes", "sequences", "edits"])
def test_schedule_items_per_entity_for_the_team_but_vendors(world, role, planned):
    ids = world.ids
    path = f"/data/projects/{ids['P']}/schedule-items/{ids['animation']}/{planned}"
    before = _items(world.app)
    answer = world.client(role).simulate_get(path)
    if role in ("vendor", "outsider"):
        assert answer.status_code == (403 if role == "vendor" else 404), answer.text
        assert answer.json["error"] is True
        assert _items(world.app) == before  # a refused read plans nothing
    else:
        assert answer.status_code == 200, answer.text
        name = {"asset-types": "Prop", "episodes": "E01", "sequences": "SQ01", "edits": "Cut"}[planned]
        assert [item["name"] for item in answer.json] == [name]
    # Project Q is nobody's here but the admin's.
    other = world.client(role).simulate_get(f"/data/projects/{ids['Q']}/schedule-items/{ids['animation']}/{planned}")
    assert other.status_code == (200 if role == "admin" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_task_links_for_the_team_but_clients_and_vendors(world, role):
    ids = world.ids
    path = f"/data/production-schedule-versions/{ids['V']}/task-links"
    answer = world.client(role).simulate_get(path, params={"relations": "true"})
    if role in ("client", "vendor"):
        assert answer.status_code == 403, answer.text
    elif role == "outsider":
        assert answer.status_code == 404, answer.text
    else:
        assert answer.status_code == 200, answer.text
        by_id = {link["id"]: link for link in answer.json}
        assert set(by_id) == {ids["link"], ids["layout_link"]}
        link = by_id[ids["link"]]
        assert (link["task_id"], link["start_date"], link["due_date"], link["estimation"], link["assignees"]) == (
            ids["T"], "2026-12-01T00:00:00", "2026-12-11T00:00:00", 3.5, [world.people["user"]])
        assert link["type"] == "ProductionScheduleVersionTaskLink"
        assert link["production_schedule_version_id"] == ids["V"]
    other = world.client(role).simulate_get(f"/data/production-schedule-versions/{ids['VQ']}/task-links")
    assert other.status_code == (200 if role == "admin" else 404)


def test_task_links_of_one_task_type_and_without_relations(world):
    ids = world.ids
    path = f"/data/production-schedule-versions/{ids['V']}/task-links"
    manager = world.client("manager")
    layout = manager.simulate_get(path, params={"task_type_id": ids["layout"]}).json
    assert [link["id"] for link in layout] == [ids["layout_link"]]
    assert "assignees" not in layout[0]  # Zou adds relations only when asked
    assert manager.simulate_get(path, params={"task_type_id": str(uuid.uuid4())}).json == []


def test_task_links_bad_input(world):
    admin = world.admin
    base = "/data/production-schedule-versions"
    for path, params, status in ((f"{base}/nope/task-links", None, 400),
                                 (f"{base}/{uuid.uuid4()}/task-links", None, 404),
                                 (f"{base}/{world.ids['V']}/task-links", {"task_type_id": "nope"}, 400),
                                 (f"{base}/{world.ids['V']}/task-links", {"relations": "maybe"}, 400)):
        answer = admin.simulate_get(path, params=params)
        assert answer.status_code == status, (path, answer.text)
        assert answer.json["error"] is True


def test_task_links_statements_do_not_grow_with_the_links(world):
    ids, f = world.ids, Factory(world.admin)
    version = f.create(m.ProductionScheduleVersion, {"project_id": ids["P"], "name": "counted"})["id"]
    path = f"/data/production-schedule-versions/{version}/task-links?relations=true"
    manager = world.client("manager")

    def link():
        task = f.create(m.Task, {"project_id": ids["P"], "entity_id": ids["E"]})["id"]
        f.create(m.ProductionScheduleVersionTaskLink, {"production_schedule_version_id": version, "task_id": task,
                                                       "assignees": [world.people["user"]]})

    link()
    few = queries(manager, path)
    for _ in range(4):
        link()
    assert len(manager.simulate_get(path).json) == 5
    assert queries(manager, path) == few
