"""Groups of saved search filters (``/data/user/filter-groups``): values, shapes, cascades, the refused side."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ..production.tasks.world import build_world, close, sample, shape_diffs
from .bot_tokens import bot_client


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "user-filter-groups")
    yield world
    close(world)


def _group(client, w, name="My group", project="P", **extra):
    body = {"name": name, "color": "#ff0000", "list_type": "asset",
            "project_id": w.ids[project] if project else None, **extra}
    return client.simulate_post("/data/user/filter-groups", json=body)


def _listed(client) -> list:
    answer = client.simulate_get("/data/user/filter-groups")
    assert answer.status_code == 200, answer.text
    return [row for lists in answer.json.values() for rows in lists.values() for row in rows]


def test_a_group_round_trip_answers_as_zou(w):
    artist = w.client("user")
    created = _group(artist, w)
    assert created.status_code == 201, created.text
    group = created.json
    assert (group["name"], group["color"], group["list_type"], group["person_id"]) == (
        "My group", "#ff0000", "asset", w.person("user"))
    assert shape_diffs("POST__data__user__filter-groups.json", created) == []
    one = artist.simulate_get(f"/api/data/user/filter-groups/{group['id']}")
    assert one.json == group and shape_diffs("GET__data__user__filter-groups__{id}.json", one) == []
    assert artist.simulate_get("/data/user/filter-groups").json == {"asset": {w.ids["P"]: [group]}}
    recolored = artist.simulate_put(f"/data/user/filter-groups/{group['id']}", json={"color": "#00ff00"})
    assert recolored.json["color"] == "#00ff00" and recolored.json["name"] == "My group"
    assert shape_diffs("PUT__data__user__filter-groups__{id}.json", recolored) == []
    removed = artist.simulate_delete(f"/data/user/filter-groups/{group['id']}")
    assert removed.status_code == 204 and shape_diffs("DELETE__data__user__filter-groups__{id}.json", removed) == []
    assert w.stored(m.SearchFilterGroup, group["id"]) is None
    assert sample("GET__data__user__filter-groups.json")["response_body"] == {}
    assert artist.simulate_get("/data/user/filter-groups").json == {}


def test_gazu_sends_only_a_name_and_a_project(w):
    made = w.client("client").simulate_post("/data/user/filter-groups", json={"name": "gazu", "project_id": None})
    assert made.status_code == 201, made.text
    assert made.json["color"] == "" and made.json["list_type"] == "todo" and made.json["project_id"] is None
    assert w.client("client").simulate_get("/data/user/filter-groups").json["todo"]["all"] == [made.json]


def test_the_list_is_newest_first(w):
    client = w.client("supervisor")
    first = _group(client, w, "first").json
    second = _group(client, w, "second").json
    assert [g["id"] for g in _listed(client)] == [second["id"], first["id"]]


def test_sharing_a_group_takes_its_filters_along(w):
    manager = w.client("manager")
    group = _group(manager, w, "team", is_shared=True).json
    assert group["is_shared"] is True
    filed = manager.simulate_post("/data/user/filters", json={
        "name": "in team group", "query": "x", "list_type": "asset", "project_id": w.ids["P"], "is_shared": True,
        "search_filter_group_id": group["id"]}).json
    assert filed["id"] in {r["id"] for lists in w.client("user").simulate_get("/data/user/filters").json.values()
                           for rows in lists.values() for r in rows}
    private = manager.simulate_put(f"/data/user/filter-groups/{group['id']}", json={"is_shared": False})
    assert private.status_code == 200 and private.json["is_shared"] is False
    with w.db():
        assert m.SearchFilter.get_by_id(filed["id"]).is_shared is False
    # An artist asking to share is turned down: the group and its filters stay private.
    own = _group(w.client("user"), w, "artist's").json
    asked = w.client("user").simulate_put(f"/data/user/filter-groups/{own['id']}", json={"is_shared": True})
    assert asked.status_code == 200 and asked.json["is_shared"] is False


def test_removing_a_group_removes_its_filters(w):
    manager = w.client("manager")
    group = _group(manager, w, "doomed").json
    filed = manager.simulate_post("/data/user/filters", json={
        "name": "doomed filter", "query": "x", "search_filter_group_id": group["id"]}).json
    kept = manager.simulate_post("/data/user/filters", json={"name": "kept", "query": "x"}).json
    assert manager.simulate_delete(f"/data/user/filter-groups/{group['id']}").status_code == 204
    assert w.count(m.SearchFilter, m.SearchFilter.id == filed["id"]) == 0
    assert w.count(m.SearchFilter, m.SearchFilter.id == kept["id"]) == 1


def test_shared_groups_reach_the_team_and_only_owners_change_them(w):
    manager, artist = w.client("manager"), w.client("user")
    shared = _group(manager, w, "shared with P", is_shared=True).json
    assert shared["id"] in {g["id"] for g in _listed(artist)}
    assert shared["id"] not in {g["id"] for g in _listed(w.client("outsider"))}
    before = w.stored(m.SearchFilterGroup, shared["id"])
    for client in (artist, w.client("outsider"), w.client("client")):
        assert client.simulate_get(f"/data/user/filter-groups/{shared['id']}").status_code == 404
        assert client.simulate_put(f"/data/user/filter-groups/{shared['id']}", json={"name": "x"}).status_code == 404
        assert client.simulate_delete(f"/data/user/filter-groups/{shared['id']}").status_code == 404
    assert w.stored(m.SearchFilterGroup, shared["id"]) == before
    private = _group(artist, w, "artist only").json
    assert private["id"] not in {g["id"] for g in _listed(manager)}
    assert manager.simulate_get(f"/data/user/filter-groups/{private['id']}").status_code == 404
    # Admins reach any group, as in Zou.
    assert w.admin.simulate_get(f"/data/user/filter-groups/{private['id']}").json["name"] == "artist only"
    assert w.admin.simulate_delete(f"/data/user/filter-groups/{private['id']}").status_code == 204


@pytest.mark.parametrize("body, status", [
    ({}, 400),
    ({"name": ""}, 400),
    ({"name": "x", "color": "#1234567890"}, 400),
    ({"name": "x", "project_id": "nope"}, 400),
    ({"name": "x", "project_id": str(uuid.uuid4())}, 404),
    ({"name": "x", "department_id": str(uuid.uuid4())}, 404),
])
def test_bad_bodies_are_refused_and_write_nothing(w, body, status):
    count = w.count(m.SearchFilterGroup)
    answer = w.client("user").simulate_post("/data/user/filter-groups", json=body)
    assert answer.status_code == status, answer.text
    assert answer.json["error"] is True and w.count(m.SearchFilterGroup) == count


def test_bad_ids(w):
    artist = w.client("user")
    assert artist.simulate_get("/data/user/filter-groups/nope").status_code == 400
    assert artist.simulate_get(f"/data/user/filter-groups/{uuid.uuid4()}").status_code == 404
    mine = _group(artist, w, "to break").json
    assert artist.simulate_put(f"/data/user/filter-groups/{mine['id']}", json={"name": 3}).status_code == 400
    assert w.stored(m.SearchFilterGroup, mine["id"])["name"] == "to break"


def test_bots_are_refused(w):
    bot = bot_client(w)
    mine = _group(w.client("user"), w, "bot target").json
    count = w.count(m.SearchFilterGroup)
    assert bot.simulate_get("/data/user/filter-groups").status_code == 403
    assert _group(bot, w, "bot group").status_code == 403
    assert bot.simulate_get(f"/data/user/filter-groups/{mine['id']}").status_code == 403
    assert bot.simulate_put(f"/data/user/filter-groups/{mine['id']}", json={"name": "b"}).status_code == 403
    assert bot.simulate_delete(f"/data/user/filter-groups/{mine['id']}").status_code == 403
    assert w.count(m.SearchFilterGroup) == count


def test_the_list_costs_the_same_statements_whatever_its_length(w):
    from ..counting import QueryCounter

    client = w.client("vendor")
    counts = []
    for size in (1, 10):
        while len(_listed(client)) < size:
            _group(client, w, f"g{uuid.uuid4().hex[:6]}")
        with QueryCounter(w.app) as counter:
            client.simulate_get("/data/user/filter-groups")
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
