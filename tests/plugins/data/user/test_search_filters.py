"""The person's saved search filters (``/data/user/filters``): values, Zou's shapes and rules, the refused side."""

from __future__ import annotations

import uuid

import pytest

from clapboard.plugins.data import models as m

from ....contract.shapes import compare_bodies
from ..production.tasks.world import REFUSED, _strip, build_world, close, sample, shape_diffs
from .bot_tokens import bot_client

TEAM = ("manager", "supervisor", "user", "client", "vendor")


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "user-filters")
    yield world
    close(world)


def _new(client, w, name="Heroes", project="P", **extra):
    body = {"name": name, "query": "hero", "list_type": "asset", "entity_type": "Asset",
            "project_id": w.ids[project] if project else None, **extra}
    return client.simulate_post("/data/user/filters", json=body)


def _listed(client) -> dict:
    answer = client.simulate_get("/data/user/filters")
    assert answer.status_code == 200, answer.text
    return {row["id"]: row for lists in answer.json.values() for rows in lists.values() for row in rows}


def test_a_filter_round_trip_answers_as_zou(w):
    artist = w.client("user")
    created = _new(artist, w)
    assert created.status_code == 201, created.text
    row = created.json
    assert (row["name"], row["search_query"], row["list_type"], row["entity_type"]) == ("Heroes", "hero", "asset",
                                                                                          "Asset")
    assert row["person_id"] == w.person("user") and row["project_id"] == w.ids["P"] and row["is_shared"] is False
    assert shape_diffs("POST__data__user__filters.json", created) == []

    listed = artist.simulate_get("/api/data/user/filters").json
    assert listed["asset"][w.ids["P"]] == [row]
    recorded = _strip(sample("GET__data__user__filters.after.json")["response_body"])
    assert compare_bodies(next(iter(recorded["asset"].values()))[0], listed["asset"][w.ids["P"]][0]) == []

    renamed = artist.simulate_put(f"/data/user/filters/{row['id']}", json={"name": "Hero assets"})
    assert renamed.status_code == 200 and renamed.json["name"] == "Hero assets"
    assert renamed.json["search_query"] == "hero" and shape_diffs("PUT__data__user__filters__{id}.json", renamed) == []
    assert w.stored(m.SearchFilter, row["id"])["name"] == "Hero assets"

    removed = artist.simulate_delete(f"/data/user/filters/{row['id']}")
    assert removed.status_code == 204 and shape_diffs("DELETE__data__user__filters__{id}.json", removed) == []
    assert w.stored(m.SearchFilter, row["id"]) is None and row["id"] not in _listed(artist)
    # Zou emits no event for a person's own filters.
    with w.db():
        assert not m.ApiEvent.select().where(m.ApiEvent.name.startswith("search-filter")).exists()


def test_the_list_is_grouped_by_list_type_then_project_and_all(w):
    client = w.client("client")
    in_p = _new(client, w, "in P").json
    anywhere = _new(client, w, "anywhere", project=None, list_type="shot").json
    todo = client.simulate_post("/data/user/filters", json={"name": "mine", "query": "wip"}).json
    grouped = client.simulate_get("/data/user/filters").json
    assert grouped["asset"][w.ids["P"]] == [in_p]
    assert grouped["shot"]["all"] == [anywhere]
    assert todo["list_type"] == "todo" and grouped["todo"]["all"] == [todo]
    assert set(grouped) == {"asset", "shot", "todo"}


def test_only_a_manager_of_the_production_may_share(w):
    asked = {"is_shared": True}
    assert _new(w.client("user"), w, "artist share", **asked).json["is_shared"] is False
    assert _new(w.client("supervisor"), w, "supervisor share", **asked).json["is_shared"] is False
    assert _new(w.client("manager"), w, "manager share", **asked).json["is_shared"] is True
    # Not a manager of Q (not even in its team), nor of "no production": turned down silently.
    assert _new(w.client("manager"), w, "elsewhere", project="Q", **asked).json["is_shared"] is False
    assert _new(w.client("manager"), w, "everywhere", project=None, **asked).json["is_shared"] is False
    assert _new(w.admin, w, "admin share", project="Q", **asked).json["is_shared"] is True
    # Turning sharing on later follows the same rule.
    private = _new(w.client("user"), w, "later").json
    again = w.client("user").simulate_put(f"/data/user/filters/{private['id']}", json={"is_shared": True})
    assert again.status_code == 200 and again.json["is_shared"] is False


def test_a_shared_filter_reaches_the_team_of_an_open_production_only(w):
    shared = _new(w.client("manager"), w, "team view", is_shared=True).json
    assert shared["is_shared"] is True
    for role in TEAM:
        assert shared["id"] in _listed(w.client(role)), role
    assert shared["id"] in _listed(w.admin)
    assert shared["id"] not in _listed(w.client("outsider"))
    private = _new(w.client("manager"), w, "mine only").json
    for role in ("user", "client", "vendor", "outsider"):
        assert private["id"] not in _listed(w.client(role)), role
    assert private["id"] not in _listed(w.admin)  # the user's lists hold the user's filters, admins too

    closed = w.admin.simulate_post("/data/projects", json={"name": "Closing"}).json
    w.admin.simulate_put(f"/data/projects/{closed['id']}", json={"team": [w.person("manager")]})
    w.ids["CLOSING"] = closed["id"]
    mine = _new(w.client("manager"), w, "on a closed one", project="CLOSING").json
    assert mine["id"] in _listed(w.client("manager"))
    with w.db():
        status = m.ProjectStatus.get(m.ProjectStatus.name == "Closed").id
    w.admin.simulate_put(f"/data/projects/{closed['id']}", json={"project_status_id": str(status)})
    assert mine["id"] not in _listed(w.client("manager"))


def test_a_department_filter_shows_to_its_members_and_managers(w):
    with w.db():
        animation = str(m.Department.get(m.Department.name == "Animation").id)
    scoped = _new(w.client("manager"), w, "animators", is_shared=True, department_id=animation).json
    assert scoped["department_id"] == animation
    assert scoped["id"] in _listed(w.client("supervisor"))  # in Animation
    assert scoped["id"] in _listed(w.client("manager")) and scoped["id"] in _listed(w.admin)
    for role in ("user", "client", "vendor"):
        assert scoped["id"] not in _listed(w.client(role)), role


def test_a_filter_is_shared_exactly_as_its_group(w):
    manager = w.client("manager")
    group = manager.simulate_post("/data/user/filter-groups", json={
        "name": "Team group", "color": "#00ff00", "list_type": "asset", "project_id": w.ids["P"],
        "is_shared": True}).json
    assert group["is_shared"] is True
    filed = _new(manager, w, "filed", is_shared=True, search_filter_group_id=group["id"])
    assert filed.status_code == 201 and filed.json["search_filter_group_id"] == group["id"]
    mismatch = _new(manager, w, "private in shared", search_filter_group_id=group["id"])
    assert mismatch.status_code == 400 and "same value for is_shared" in mismatch.json["message"]
    ungrouped = manager.simulate_put(f"/data/user/filters/{filed.json['id']}", json={"search_filter_group_id": None})
    assert ungrouped.status_code == 200 and ungrouped.json["search_filter_group_id"] is None
    # gazu sends the whole filter back: unknown keys are ignored, nulls leave values alone.
    whole = {**ungrouped.json, "name": "renamed by gazu", "project_id": None, "department_id": None}
    again = manager.simulate_put(f"/data/user/filters/{filed.json['id']}", json=whole)
    assert again.status_code == 200 and again.json["name"] == "renamed by gazu"
    assert again.json["project_id"] == w.ids["P"] and again.json["list_type"] == "asset"


def test_another_persons_filter_is_out_of_reach(w):
    artist, manager = w.client("user"), w.client("manager")
    private = _new(artist, w, "artist private").json
    shared = _new(manager, w, "manager shared", is_shared=True).json
    for client, row in ((manager, private), (w.client("client"), private), (artist, shared),
                        (w.client("outsider"), shared)):
        before = w.stored(m.SearchFilter, row["id"])
        assert client.simulate_put(f"/data/user/filters/{row['id']}", json={"name": "stolen"}).status_code == 404
        assert client.simulate_delete(f"/data/user/filters/{row['id']}").status_code == 404
        assert w.stored(m.SearchFilter, row["id"]) == before
    assert private["id"] not in _listed(manager)
    # An admin reaches anybody's filter, as in Zou.
    assert w.admin.simulate_put(f"/data/user/filters/{private['id']}", json={"name": "tidied"}).json["name"] == "tidied"
    assert w.admin.simulate_delete(f"/data/user/filters/{private['id']}").status_code == 204
    assert w.stored(m.SearchFilter, private["id"]) is None


@pytest.mark.parametrize("body, status", [
    ({"query": "hero"}, 400),  # no name
    ({"name": "x", "query": ""}, 400),
    ({"name": "", "query": "x"}, 400),
    ({"name": "x" * 201, "query": "x"}, 400),
    ({"name": "x", "query": "x", "list_type": None}, 400),
    ({"name": "x", "query": "x", "project_id": "not-an-id"}, 400),
    ({"name": "x", "query": "x", "is_shared": "often"}, 400),
    ({"name": "x", "query": "x", "project_id": str(uuid.uuid4())}, 404),
    ({"name": "x", "query": "x", "department_id": str(uuid.uuid4())}, 404),
    ({"name": "x", "query": "x", "search_filter_group_id": str(uuid.uuid4())}, 404),
])
def test_bad_bodies_are_refused_and_write_nothing(w, body, status):
    count = w.count(m.SearchFilter)
    answer = w.client("user").simulate_post("/data/user/filters", json=body)
    assert answer.status_code == status, answer.text
    assert answer.json["error"] is True and w.count(m.SearchFilter) == count


def test_bad_ids_and_bodies_on_one_filter(w):
    artist = w.client("user")
    mine = _new(artist, w, "to break").json
    assert artist.simulate_put("/data/user/filters/not-an-id", json={"name": "x"}).status_code == 400
    assert artist.simulate_delete(f"/data/user/filters/{uuid.uuid4()}").status_code == 404
    assert artist.simulate_put(f"/data/user/filters/{mine['id']}", json=["name"]).status_code == 400
    assert artist.simulate_put(f"/data/user/filters/{mine['id']}", json={"department_id": str(uuid.uuid4())}
                               ).status_code == 404
    assert artist.simulate_put(f"/data/user/filters/{mine['id']}", json={"search_query": "q" * 501}).status_code == 400
    assert w.stored(m.SearchFilter, mine["id"])["search_query"] == "hero"


def test_a_group_filed_under_must_be_one_the_person_sees(w):
    hidden = w.client("outsider").simulate_post("/data/user/filter-groups", json={"name": "outsider's"}).json
    answer = _new(w.client("user"), w, "sneaky", search_filter_group_id=hidden["id"])
    assert answer.status_code == 404


def test_bots_are_refused_even_with_an_admin_role(w):
    bot = bot_client(w)
    count = w.count(m.SearchFilter)
    assert bot.simulate_get("/data/user/filters").status_code == 403
    assert _new(bot, w, "bot filter").status_code == 403
    mine = _new(w.client("user"), w, "bot target").json
    assert bot.simulate_put(f"/data/user/filters/{mine['id']}", json={"name": "bot"}).status_code == 403
    assert bot.simulate_delete(f"/data/user/filters/{mine['id']}").status_code == 403
    assert w.count(m.SearchFilter) == count + 1 and w.stored(m.SearchFilter, mine["id"])["name"] == "bot target"


def test_nobody_logged_in_is_refused(w):
    from falcon.testing import TestClient

    assert TestClient(w.app).simulate_get("/data/user/filters").status_code == 401


def test_the_list_costs_the_same_statements_whatever_its_length(w):
    from ..counting import QueryCounter

    client = w.client("vendor")
    counts = []
    for size in (1, 12):
        while sum(len(rows) for lists in client.simulate_get("/data/user/filters").json.values()
                  for rows in lists.values()) < size:
            _new(client, w, f"v{uuid.uuid4().hex[:6]}")
        with QueryCounter(w.app) as counter:
            assert client.simulate_get("/data/user/filters").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_refused_answers_are_json_errors(w):
    answer = w.client("user").simulate_put(f"/data/user/filters/{uuid.uuid4()}", json={"name": "x"})
    assert answer.status_code in REFUSED and answer.json["error"] is True
