"""Task lists around entities and projects, the full task, open tasks: content and who sees what."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from .world import REFUSED, build_world, close


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "tasks-lists")
    ids = world.ids
    world.ids.update({
        "LAY1": world.new_task("SH1", "Layout", assignees=("user",)),
        "ANI1": world.new_task("SH1", "Animation"),
        "LAY2": world.new_task("SH2", "Layout"),
        "MOD": world.new_task("HERO", "Modeling"),
        "LAMPMOD": world.new_task("LAMP", "Modeling"),
        "STORY": world.new_task("SQ", "Storyboard"),
    })
    answer = world.admin.simulate_post("/data/entity-links", json={"entity_in_id": ids["EP"], "entity_out_id": ids["LAMP"]})
    assert answer.status_code == 201, answer.text
    yield world
    close(world)


def _names(answer):
    assert answer.status_code == 200, answer.text
    return sorted((t.get("entity_name"), t.get("task_type_name")) for t in answer.json)


def test_shot_tasks_carry_zou_names_sorted_by_task_type(w):
    answer = w.admin.simulate_get(f"/data/shots/{w.ids['SH1']}/tasks")
    assert [t["task_type_name"] for t in answer.json] == ["Animation", "Layout"]
    first = answer.json[0]
    assert first["project_name"] == "Project P" and first["entity_type_name"] == "Shot"
    assert first["entity_name"] == "SH010" and first["task_status_name"] == "Todo" and "assignees" not in first
    with_relations = w.admin.simulate_get(f"/data/shots/{w.ids['SH1']}/tasks", params={"relations": "true"})
    assert {tuple(t["assignees"]) for t in with_relations.json} == {(w.person("user"),), ()}


def test_asset_tasks_are_named_by_asset_type(w):
    answer = w.admin.simulate_get(f"/data/assets/{w.ids['HERO']}/tasks")
    assert [t["entity_type_name"] for t in answer.json] == ["Character"]


def test_a_list_of_the_wrong_kind_is_a_404(w):
    assert w.admin.simulate_get(f"/data/shots/{w.ids['HERO']}/tasks").status_code == 404
    assert w.admin.simulate_get(f"/data/assets/{w.ids['SH1']}/task-types").status_code == 404
    assert w.admin.simulate_get("/data/shots/not-an-id/tasks").status_code == 400


def test_shot_and_asset_tasks_of_sequences_and_episodes(w):
    shots = {("SH010", "Animation"), ("SH010", "Layout"), ("SH020", "Layout")}
    assert set(_names(w.admin.simulate_get(f"/data/sequences/{w.ids['SQ']}/shot-tasks"))) == shots
    assert set(_names(w.admin.simulate_get(f"/data/episodes/{w.ids['EP']}/shot-tasks"))) == shots
    assets = _names(w.admin.simulate_get(f"/data/episodes/{w.ids['EP']}/asset-tasks"))
    assert assets == [("Hero", "Modeling"), ("Lamp", "Modeling")]  # made for the episode, cast in it
    assert _names(w.admin.simulate_get(f"/data/sequences/{w.ids['SQ']}/tasks")) == [("SQ01", "Storyboard")]


def test_task_types_of_an_entity_include_those_of_its_shots(w):
    def names(path):
        return [t["name"] for t in w.admin.simulate_get(path).json]

    assert names(f"/data/sequences/{w.ids['SQ']}/task-types") == ["Animation", "Layout", "Storyboard"]
    assert names(f"/data/episodes/{w.ids['EP']}/task-types") == ["Animation", "Layout"]
    assert names(f"/data/shots/{w.ids['SH2']}/task-types") == ["Layout"]
    assert names(f"/data/edits/{w.ids['EDIT']}/task-types") == []


def test_tasks_of_an_entity_for_a_task_type_and_linked_entities(w):
    answer = w.admin.simulate_get(f"/data/entities/{w.ids['SH1']}/task-types/{w.types['Layout']}/tasks")
    assert [t["id"] for t in answer.json] == [w.ids["LAY1"]]
    linked = w.admin.simulate_get(f"/data/entities/{w.ids['EP']}/entities-linked/with-tasks").json
    assert [(e["name"], [t["id"] for t in e["tasks"]]) for e in linked] == [("Lamp", [w.ids["LAMPMOD"]])]


def test_project_tasks_and_their_filters(w):
    base = f"/data/projects/{w.ids['P']}/tasks"
    every = w.admin.simulate_get(base).json
    assert {w.ids["LAY1"], w.ids["MOD"], w.ids["T"]} <= {t["id"] for t in every}
    assert all("assignees" in t for t in every)
    layouts = w.admin.simulate_get(base, params={"task_type_id": w.types["Layout"]}).json
    assert {t["id"] for t in layouts} == {w.ids["LAY1"], w.ids["LAY2"]}
    episode = {t["id"] for t in w.admin.simulate_get(base, params={"episode_id": w.ids["EP"]}).json}
    assert {w.ids["LAY1"], w.ids["STORY"], w.ids["MOD"]} <= episode and w.ids["T"] not in episode
    assert w.admin.simulate_get(base, params={"task_type_id": "nope"}).status_code == 400


def test_full_task(w):
    full = w.admin.simulate_get(f"/data/tasks/{w.ids['LAY1']}/full").json
    assert full["entity"]["type"] == "Entity" and full["entity"]["name"] == "SH010"
    assert full["sequence"]["name"] == "SQ01" and full["episode"]["name"] == "E01"
    assert [p["id"] for p in full["persons"]] == [w.person("user")]
    assert full["task_type"]["name"] == "Layout" and full["task_status"]["short_name"] == "todo"
    assert full["is_subscribed"] is False and full["entity_type"]["name"] == "Shot"
    seen_by_artist = w.client("user").simulate_get(f"/data/tasks/{w.ids['LAY1']}/full").json
    assert "daily_salary" not in seen_by_artist["persons"][0]  # non-admins get person cards
    assert "daily_salary" in full["persons"][0]


def test_vendors_only_see_their_tasks_and_outsiders_nothing(w):
    vendor = w.client("vendor")
    assert [t["id"] for t in vendor.simulate_get(f"/data/shots/{w.ids['E']}/tasks").json] == [w.ids["T"]]
    assert vendor.simulate_get(f"/data/shots/{w.ids['SH1']}/tasks").status_code == 404
    assert vendor.simulate_get(f"/data/tasks/{w.ids['LAY1']}/full").status_code == 404
    assert [t["id"] for t in vendor.simulate_get(f"/data/projects/{w.ids['P']}/tasks").json] == [w.ids["T"]]
    outsider = w.client("outsider")
    for path in (f"/data/shots/{w.ids['SH1']}/tasks", f"/data/projects/{w.ids['P']}/tasks",
                 f"/data/tasks/{w.ids['LAY1']}/full", f"/data/sequences/{w.ids['SQ']}/task-types",
                 f"/data/episodes/{w.ids['EP']}/asset-tasks"):
        assert outsider.simulate_get(path).status_code in REFUSED, path
    for role in ("manager", "supervisor", "user", "client"):
        assert _names(w.client(role).simulate_get(f"/data/shots/{w.ids['SH1']}/tasks")), role


def test_open_tasks_leave_done_tasks_and_closed_productions_out(w):
    with w.db():
        closed = m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id
    w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": str(closed)})
    w.admin.simulate_put(f"/data/tasks/{w.ids['LAY2']}", json={"task_status_id": w.types["done"]})
    page = w.admin.simulate_get("/data/tasks/open-tasks").json
    ids = {t["id"] for t in page["data"]}
    assert w.ids["LAY1"] in ids and w.ids["LAY2"] not in ids and w.ids["TQ"] not in ids
    assert page["stats"]["total"] == len(ids) and page["is_more"] is False and page["limit"] == 100
    lay1 = next(t for t in page["data"] if t["id"] == w.ids["LAY1"])
    assert (lay1["sequence_name"], lay1["episode_name"], lay1["type_name"]) == ("SQ01", "E01", "Layout")
    assert lay1["assignees"] == [w.person("user")]
    small = w.admin.simulate_get("/data/tasks/open-tasks", params={"limit": 2, "page": 1}).json
    assert len(small["data"]) == 2 and small["is_more"] is True
    mine = w.admin.simulate_get("/data/tasks/open-tasks", params={"person_id": w.person("user")}).json
    assert {t["id"] for t in mine["data"]} == {w.ids["LAY1"], w.ids["T"]}
    assert w.admin.simulate_get("/data/tasks/open-tasks", params={"limit": "x"}).status_code == 400
    stats = w.admin.simulate_get("/data/tasks/open-tasks/stats").json
    assert set(stats) == {w.ids["P"]}
    assert stats[w.ids["P"]]["amount_done"] == 1 and stats[w.ids["P"]]["amount"] == len(ids) + 1
    vendor = w.client("vendor").simulate_get("/data/tasks/open-tasks").json
    assert [t["id"] for t in vendor["data"]] == [w.ids["T"]]
    assert w.client("outsider").simulate_get("/data/tasks/open-tasks").json["data"] == []
    assert w.client("outsider").simulate_get("/data/tasks/open-tasks/stats").json == {}
