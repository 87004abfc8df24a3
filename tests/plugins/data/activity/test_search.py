"""POST /data/search: matching names without a search server, Zou's answer, and what each role finds."""

from __future__ import annotations

import pytest
from falcon.testing import TestClient

from clapboard.plugins.data import models as m

from ..counting import QueryCounter
from ..factory import Factory
from ..production.tasks.world import build_world, close


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "activity-search")
    factory = Factory(world.admin)

    def asset(key, name, project="P", kind="Prop"):
        world.ids[key] = factory.create(m.Entity, {"project_id": world.ids[project], "name": name,
                                                   "entity_type_id": world.types[f"kind:{kind}"]})["id"]

    asset("SIDEKICK", "hero_sidekick", kind="Character")
    asset("SIDE", "Hero Side", kind="Character")
    asset("HEROINE", "Heroine", project="Q", kind="Character")
    asset("PERCENT", "Lamp 100%")
    asset("THOUSAND", "Lamp 1000x")
    tvshow = world.admin.simulate_put(f"/data/projects/{world.ids['P']}", json={"production_type": "tvshow"})
    assert tvshow.status_code == 200, tvshow.text
    world.ids["SH1-task"] = world.new_task("SH1", "Layout")
    yield world
    close(world)


def _search(w, role="admin", status=200, **body):
    client = w.admin if role == "admin" else w.client(role)
    answer = client.simulate_post("/data/search", json=body)
    assert answer.status_code == status, answer.text
    return answer.json


def _names(rows) -> list[str]:
    return [row.get("name") or row.get("full_name") for row in rows]


def test_assets_shots_and_persons_by_name_as_zou_answers(w):
    found = _search(w, query="hero", limit=10)
    assert list(found) == ["persons", "assets", "shots"]
    names = _names(found["assets"])  # by type, then name (how names sort past that is the database's collation)
    assert names[0] == "Hero" and sorted(names) == ["Hero", "Hero Side", "Heroine", "hero_sidekick"]
    assert found["persons"] == [] and found["shots"] == []
    hero = found["assets"][0]
    assert (hero["id"], hero["type"], hero["project_id"]) == (w.ids["HERO"], "Asset", w.ids["P"])
    assert (hero["project_name"], hero["asset_type_name"], hero["matched_terms"]) == ("Project P", "Character",
                                                                                         ["name"])
    assert hero["preview_file_extension"] is None and hero["source_id"] == w.ids["EP"]
    shots = _search(w, query="sh0", index_names=["shots"])
    assert list(shots) == ["shots"] and _names(shots["shots"]) == ["SH010", "SH020"]
    shot = shots["shots"][0]
    assert (shot["type"], shot["sequence_name"], shot["project_name"]) == ("Shot", "SQ01", "Project P")
    assert (shot["episode"], shot["episode_id"]) == ("E01", w.ids["EP"])  # a TV show's shots name their episode
    people = _search(w, query="MATRIX")["persons"]
    assert _names(people) == ["Admin Matrix", "Client Matrix", "Manager Matrix"]  # three by default
    assert people[0]["type"] == "Person" and people[0]["matched_terms"] == ["name"]
    assert _names(_search(w, query="matrix", limit=2, offset=3)["persons"]) == ["Supervisor Matrix",
                                                                                 "User Matrix"]


def test_short_queries_and_index_names(w):
    assert _search(w, query="he") == {} and _search(w, query="") == {}
    assert _search(w, query="hero", index_names=[]) == {}
    assert list(_search(w, query="hero", index_names=["assets", "unknown"])) == ["assets"]
    # gazu sends entity_types; Zou ignores it.
    assert _names(_search(w, query="heroine", entity_types=[w.types["kind:Character"]])["assets"]) == ["Heroine"]


def test_names_match_literally_and_without_case(w):
    assert _names(_search(w, query="O_S", index_names=["assets"])["assets"]) == ["hero_sidekick"]
    assert _names(_search(w, query="100%", index_names=["assets"])["assets"]) == ["Lamp 100%"]
    assert _names(_search(w, query="LAMP 1", index_names=["assets"])["assets"]) == ["Lamp 100%", "Lamp 1000x"]


def test_project_id_narrows_assets_and_shots(w):
    in_q = _search(w, query="hero", project_id=w.ids["Q"], limit=10)
    assert _names(in_q["assets"]) == ["Heroine"]
    mine = _search(w, "manager", query="hero", project_id=w.ids["Q"], limit=10)
    assert mine["assets"] == [] and mine["shots"] == []  # not theirs: nothing, as in Zou
    assert _names(_search(w, "manager", query="matrix", project_id=w.ids["Q"])["persons"])  # people stay


def test_tasks_are_found_through_their_name_or_their_entity(w):
    found = _search(w, query="sh010", index_names=["tasks"], limit=10)
    assert list(found) == ["tasks"]
    [task] = found["tasks"]
    assert (task["id"], task["type"], task["entity_name"], task["task_type_name"]) == (
        w.ids["SH1-task"], "Task", "SH010", "Layout")
    assert (task["project_name"], task["entity_type_name"], task["matched_terms"]) == ("Project P", "Shot",
                                                                                         ["name"])
    named = w.admin.simulate_get(f"/data/tasks/{w.ids['T']}").json["name"]
    assert [t["id"] for t in _search(w, query=named, index_names=["tasks"], limit=50)["tasks"]] == [
        w.ids["T"], w.ids["TQ"]]


def test_what_each_role_finds(w):
    everything = {"index_names": ["assets", "shots", "persons", "tasks"], "limit": 50}
    # Artists and clients: their production's entities, nothing of Q.
    for role in ("user", "client", "supervisor"):
        found = _search(w, role, query="hero", **everything)
        assert sorted(_names(found["assets"])) == ["Hero", "Hero Side", "hero_sidekick"], role
        assert {t["project_id"] for t in _search(w, role, query="main", **everything)["tasks"]} == {w.ids["P"]}
    # Outsiders: nothing of P (people, studio-wide in Zou, excepted).
    outsider = _search(w, "outsider", query="hero", **everything)
    assert outsider["assets"] == [] and outsider["shots"] == [] and outsider["tasks"] == []
    assert _search(w, "outsider", query="sh0", **everything)["shots"] == []
    assert _names(_search(w, "outsider", query="matrix", **everything)["persons"])
    # Vendors: only what they are assigned (task T on shot E), even asking for their production.
    vendor = _search(w, "vendor", query="she", project_id=w.ids["P"], **everything)
    assert _names(vendor["shots"]) == ["SHE"]
    assert [t["id"] for t in vendor["tasks"]] == [w.ids["T"]]
    assert _search(w, "vendor", query="hero", **everything)["assets"] == []
    # Non-admins get a person card, admins the whole safe row.
    card = _search(w, "user", query="client matrix")["persons"][0]
    assert "email" in card and "phone" not in card and "password" not in card
    assert "phone" in _search(w, query="client matrix")["persons"][0]


def test_bad_bodies_are_400s(w):
    for body in ({}, {"query": 3}, {"query": "hero", "limit": 0}, {"query": "hero", "offset": -1},
                 {"query": "hero", "project_id": "P"}, {"query": "hero", "index_names": "assets"},
                 {"query": "hero", "limit": "3"}, ["hero"]):
        answer = w.admin.simulate_post("/data/search", json=body)
        assert answer.status_code == 400 and answer.json["error"] is True, body
    assert w.admin.simulate_post("/data/search", body=b"query=hero",
                                 headers={"Content-Type": "application/json"}).status_code == 400
    assert TestClient(w.app).simulate_post("/data/search", json={"query": "hero"}).status_code == 401


def test_also_served_under_api(w):
    assert w.admin.simulate_post("/api/data/search", json={"query": "lamp"}).json["assets"]


def test_a_search_costs_the_same_statements_whatever_it_finds(w):
    body = {"query": "zz", "index_names": ["assets", "shots", "persons", "tasks"], "limit": 100}
    factory = Factory(w.admin)
    counts = []
    for size in (2, 6):
        while w.count(m.Entity, m.Entity.name.startswith("zz")) < size:
            n = w.count(m.Entity, m.Entity.name.startswith("zz"))
            shot = factory.create(m.Entity, {"project_id": w.ids["P"], "name": f"zz shot {n}",
                                             "entity_type_id": w.types["kind:Shot"], "parent_id": w.ids["SQ"]})
            w.admin.simulate_post("/data/tasks", json={"project_id": w.ids["P"], "entity_id": shot["id"],
                                                       "task_type_id": w.types["FX"], "name": "zz task"})
        for role in ("admin", "user"):
            with QueryCounter(w.app) as counter:
                found = _search(w, role, **{**body, "query": "zz "})
            counts.append((role, counter.count))
        assert len(found["shots"]) == size and len(found["tasks"]) == size
    assert counts[:2] == counts[2:], counts
