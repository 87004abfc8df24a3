"""Kitsu's start-up call, ``GET /data/user/context``: Zou's keys, and what each role finds in it."""

from __future__ import annotations

import pytest

from clapboard.plugins.data import models as m

from ....contract.shapes import compare
from ..counting import QueryCounter
from .world import _strip, build_user_world, close, post, sample, shape_diffs

ZOU_KEYS = {"asset_types", "custom_actions", "status_automations", "departments", "studios", "notification_count",
            "persons", "project_status", "project_roles", "projects", "task_types", "task_status", "search_filters",
            "search_filter_groups", "preview_background_files", "plugins"}


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_user_world(tmp_path_factory, "user-context")
    ids, person = world.ids, world.person
    post(world, "/data/studios", {"name": "Main studio", "color": "#fedcba"})
    post(world, "/data/custom-actions", {"name": "Send to farm", "url": "https://farm.example/hook"})
    post(world, "/data/status-automations", {"in_task_type_id": world.types["Modeling"],
                                             "in_task_status_id": world.types["done"],
                                             "out_task_type_id": world.types["Shading"],
                                             "out_task_status_id": world.types["ready"]})
    base = f"/data/projects/{ids['P']}/metadata-descriptors"
    post(world, base, {"entity_type": "Shot", "name": "Camera", "for_client": True})
    post(world, base, {"entity_type": "Shot", "name": "Lens"})
    with world.db():
        modeling = str(m.Department.get(m.Department.name == "Modeling").id)
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    post(world, base, {"entity_type": "Shot", "name": "Rig notes", "departments": [modeling]})
    ids["modeling"], ids["animation"] = modeling, animation
    for n, read in enumerate((False, False, True)):
        post(world, "/data/notifications", {"person_id": person("user"), "author_id": person("manager"),
                                            "task_id": ids["LAY1"], "notification_type": "comment", "read": read,
                                            "change": n == 0})
    yield world
    close(world)


def _installed(w) -> list[str]:
    """The plugins installed as packages and enabled here, as the context orders them (by human name)."""

    from clapboard.plugins.data.instance.plugin_rows import listed, package_fields

    rows = [package_fields(i, w.app.plugins.pm.get_plugin(i.name), None) for i in listed(w.app)]
    return [row["plugin_id"] for row in sorted(rows, key=lambda row: row["name"])]


def _context(w, role):
    answer = (w.admin if role == "admin" else w.client(role)).simulate_get("/data/user/context")
    assert answer.status_code == 200, (role, answer.text)
    return answer.json


def test_the_admin_context_has_every_zou_key_and_every_open_production(w):
    found = _context(w, "admin")
    assert set(found) == ZOU_KEYS | {"user_limit"} and found["user_limit"] == 100
    with w.db():
        open_ids = {str(p.id) for p in m.Project.select().join(m.ProjectStatus).where(m.ProjectStatus.name == "Open")}
    assert {p["id"] for p in found["projects"]} == open_ids and w.ids["R"] not in open_ids
    assert {w.ids["P"], w.ids["Q"]} <= open_ids
    assert {t["name"] for t in found["asset_types"]} >= {"Character", "Prop"}
    assert all(t["type"] == "AssetType" and "task_types" in t for t in found["asset_types"])
    assert "Shot" not in {t["name"] for t in found["asset_types"]}
    assert [a["name"] for a in found["custom_actions"]] == ["Send to farm"] and len(found["status_automations"]) == 1
    assert {s["name"] for s in found["project_status"]} == {"Open", "Closed"}
    assert {s["short_name"] for s in found["task_status"]} >= {"todo", "wip", "wfa", "done"}
    assert [p["plugin_id"] for p in found["plugins"]] == _installed(w) and "data" in _installed(w)
    assert len(found["persons"]) == 7 and "phone" in found["persons"][0]


def test_the_admin_context_matches_the_recorded_shape(w):
    answer = w.admin.simulate_get("/data/user/context")
    assert shape_diffs("GET__data__user__context.json", answer) == []
    recorded = _strip(sample("GET__data__user__context.json")["response_body"])
    ours = answer.json
    project = next(p for p in ours["projects"] if p["id"] == w.ids["P"])
    # The recorded production is a TV show: only those carry first_episode_id (P is a feature).
    assert compare(200, recorded["projects"][0], 200, project) == ["missing: first_episode_id"]
    for key in ("asset_types", "persons", "departments", "studios", "project_status", "task_types", "task_status"):
        assert ours[key], key
        assert compare(200, recorded[key][0], 200, ours[key][0]) == [], key


def test_an_artist_context(w):
    found = _context(w, "user")
    assert set(found) == ZOU_KEYS  # no user_limit for non-admins
    assert [p["name"] for p in found["projects"]] == ["Project P"]
    project = found["projects"][0]
    assert {"team", "task_types", "task_statuses", "descriptors", "task_type_links", "task_statuses_link"} <= set(project)
    assert sorted(d["name"] for d in project["descriptors"]) == ["Camera", "Lens", "Rig notes"]
    assert found["notification_count"] == 2 and found["project_roles"] == {}
    assert [a["name"] for a in found["custom_actions"]] == ["Send to farm"] and len(found["status_automations"]) == 1
    assert [p["plugin_id"] for p in found["plugins"]] == _installed(w) and "data" in _installed(w)
    cards = {p["id"]: p for p in found["persons"]}
    assert len(cards) == 7 and "phone" not in cards[w.person("manager")] and "password" not in cards[w.person("user")]
    assert cards[w.person("supervisor")]["departments"] == [w.ids["animation"]]


def test_a_client_sees_only_the_descriptors_published_to_clients(w):
    project = _context(w, "client")["projects"][0]
    assert [d["name"] for d in project["descriptors"]] == ["Camera"]


def test_a_vendor_context_lists_only_its_productions_and_no_automations(w):
    found = _context(w, "vendor")
    assert [p["id"] for p in found["projects"]] == [w.ids["P"]]
    assert found["custom_actions"] == [] and found["status_automations"] == []
    # A vendor of no department loses the descriptors restricted to departments.
    assert sorted(d["name"] for d in found["projects"][0]["descriptors"]) == ["Camera", "Lens"]
    assert found["notification_count"] == 0


def test_an_outsider_context_has_no_production(w):
    found = _context(w, "outsider")
    assert found["projects"] == [] and found["project_roles"] == {}
    assert found["search_filters"] == {} and found["search_filter_groups"] == {}


def test_per_project_roles_are_listed(w):
    project, user = w.ids["P"], w.person("user")
    assert w.admin.simulate_put(f"/data/projects/{project}/team/{user}", json={"role": "supervisor"}).status_code == 200
    try:
        assert _context(w, "user")["project_roles"] == {project: "supervisor"}
    finally:
        w.admin.simulate_put(f"/data/projects/{project}/team/{user}", json={"role": None})
    assert _context(w, "user")["project_roles"] == {}


def test_saved_filters_are_grouped_by_list_type_then_production(w):
    ids = w.ids
    user, manager = w.client("user"), w.client("manager")

    def add(client, path, **body):
        answer = client.simulate_post(path, json=body)
        assert answer.status_code == 201, answer.text
        return answer.json["id"]

    filters, groups = "/data/search-filters", "/data/search-filter-groups"
    mine = add(user, filters, list_type="asset", name="Heroes", search_query="hero", project_id=ids["P"],
               person_id=w.person("user"))
    everywhere = add(user, filters, list_type="todo", name="Urgent", search_query="priority=1",
                     person_id=w.person("user"))
    add(user, filters, list_type="asset", name="Closed show", search_query="x", project_id=ids["R"],
        person_id=w.person("user"))
    shared = add(manager, filters, list_type="asset", name="Team filter", search_query="t", project_id=ids["P"],
                 person_id=w.person("manager"), is_shared=True)
    add(manager, filters, list_type="asset", name="Private", search_query="p", project_id=ids["P"],
        person_id=w.person("manager"))
    add(manager, filters, list_type="shot", name="Modeling only", search_query="m", project_id=ids["P"],
        person_id=w.person("manager"), is_shared=True, department_id=ids["modeling"])
    group = add(user, groups, list_type="asset", name="Mine", color="#ff0000", project_id=ids["P"],
                person_id=w.person("user"))
    found = _context(w, "user")
    assert {k: {p: sorted(r["id"] for r in rows) for p, rows in v.items()} for k, v in found["search_filters"].items()} \
        == {"asset": {ids["P"]: sorted([mine, shared])}, "todo": {"all": [everywhere]}}
    assert found["search_filters"]["asset"][ids["P"]][0]["type"] == "SearchFilter"
    assert [r["id"] for r in found["search_filter_groups"]["asset"][ids["P"]]] == [group]
    # The manager sees the department-restricted shared filter; the other user's private one never shows.
    managed = _context(w, "manager")["search_filters"]
    assert [r["name"] for r in managed["shot"][ids["P"]]] == ["Modeling only"]
    assert "Heroes" not in {r["name"] for rows in managed.get("asset", {}).values() for r in rows}


def test_saved_filters_are_the_lists_of_the_filter_routes_for_every_role(w):
    """One routine, as in Zou: an admin too finds their own and the shared rows, never another's private one."""

    for name, shared in (("Manager's own", False), ("Manager's shared", True)):
        answer = w.client("manager").simulate_post("/data/search-filters", json={
            "list_type": "edit", "name": name, "search_query": "q", "project_id": w.ids["P"],
            "person_id": w.person("manager"), "is_shared": shared})
        assert answer.status_code == 201, answer.text
    for role in ("admin", "manager", "supervisor", "user", "client", "vendor", "outsider"):
        client = w.admin if role == "admin" else w.client(role)
        found = _context(w, role)
        assert found["search_filters"] == client.simulate_get("/data/user/filters").json, role
        assert found["search_filter_groups"] == client.simulate_get("/data/user/filter-groups").json, role
    edits = [r["name"] for r in _context(w, "admin")["search_filters"]["edit"][w.ids["P"]]]
    assert edits == ["Manager's shared"]


def test_a_bot_is_refused_whatever_its_role(w):
    for role in ("user", "admin"):
        bot = post(w, "/data/persons", {"first_name": "Farm", "last_name": role, "is_bot": True, "role": role})
        client = w.client(None)
        answer = client.simulate_get("/data/user/context", headers={"Authorization": f"Bearer {bot['access_token']}"})
        assert answer.status_code == 403 and answer.json["error"] is True, (role, answer.text)
        assert client.simulate_get("/data/user/tasks", headers={
            "Authorization": f"Bearer {bot['access_token']}"}).status_code == 403
    assert w.client(None).simulate_get("/data/user/context").status_code == 401


def test_the_context_is_also_served_under_api(w):
    assert w.client("user").simulate_get("/api/data/user/context").json == _context(w, "user")


def test_context_queries_do_not_grow_with_productions_and_people(w):
    counts = []
    for round_ in range(2):
        with QueryCounter(w.app) as counted:
            _context(w, "manager")
        counts.append(counted.count)
        for n in range(3):
            project = post(w, "/data/projects", {"name": f"More {round_}{n}"})["id"]
            w.admin.simulate_put(f"/data/projects/{project}", json={"team": [w.person("manager")]})
            post(w, "/data/persons", {"first_name": "Extra", "last_name": f"{round_}{n}", "email": f"x{round_}{n}@e.x"})
            post(w, f"/data/projects/{project}/metadata-descriptors", {"entity_type": "Asset", "name": f"D{n}"})
    assert len(_context(w, "manager")["projects"]) == 7
    assert counts[0] == counts[1], counts
