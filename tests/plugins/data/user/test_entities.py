"""The parts of a production the user works on, and their tasks there: values, shapes, refusals."""

from __future__ import annotations

import uuid

import pytest

from ..counting import QueryCounter
from .world import add_task, build_user_world, close, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_user_world(tmp_path_factory, "user-entities")
    yield world
    close(world)


def _names(answer):
    assert answer.status_code == 200, answer.text
    return [row["name"] for row in answer.json]


def test_asset_types_and_assets_of_the_artist(w):
    user, project = w.client("user"), w.ids["P"]
    types = user.simulate_get(f"/data/user/projects/{project}/asset-types")
    assert _names(types) == ["Character"] and types.json[0]["type"] == "AssetType"
    character, prop = w.types["kind:Character"], w.types["kind:Prop"]
    assets = user.simulate_get(f"/data/user/projects/{project}/asset-types/{character}/assets")
    assert _names(assets) == ["Hero"] and assets.json[0]["type"] == "Asset"
    # Lamp has a task, but not the artist's.
    assert _names(user.simulate_get(f"/data/user/projects/{project}/asset-types/{prop}/assets")) == []


def test_sequences_episodes_shots_and_scenes_of_the_artist(w):
    user, ids = w.client("user"), w.ids
    assert _names(user.simulate_get(f"/data/user/projects/{ids['P']}/sequences")) == ["SQ01"]
    assert _names(user.simulate_get(f"/data/user/projects/{ids['P']}/episodes")) == ["E01"]
    # SH020 holds a done task of the artist: Zou lists shots whatever the task status.
    assert _names(user.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots")) == ["SH010", "SH020"]
    assert _names(user.simulate_get(f"/data/user/sequences/{ids['SQ']}/scenes")) == ["SC01"]


def test_the_vendor_sees_only_what_it_is_assigned(w):
    vendor, ids = w.client("vendor"), w.ids
    assert _names(vendor.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots")) == ["SH020"]
    assert _names(vendor.simulate_get(f"/data/user/projects/{ids['P']}/sequences")) == ["SQ01"]
    assert _names(vendor.simulate_get(f"/data/user/projects/{ids['P']}/asset-types")) == []
    assert vendor.simulate_get(f"/data/user/shots/{ids['SH1']}/tasks").status_code == 404  # not its shot
    assert [t["id"] for t in vendor.simulate_get(f"/data/user/shots/{ids['SH2']}/tasks").json] == [ids["ANI2"]]


def test_tasks_and_task_types_of_one_entity(w):
    user, ids = w.client("user"), w.ids
    shot_tasks = user.simulate_get(f"/data/user/shots/{ids['SH1']}/tasks")
    assert {t["id"] for t in shot_tasks.json} == {ids["LAY1"], ids["ANI1"]}
    assert all(t["type"] == "Task" and "assignees" not in t for t in shot_tasks.json)
    assert _names(user.simulate_get(f"/data/user/shots/{ids['SH1']}/task-types")) == ["Layout", "Animation"]
    assert [t["id"] for t in user.simulate_get(f"/data/user/assets/{ids['HERO']}/tasks").json] == [ids["MOD"]]
    assert _names(user.simulate_get(f"/data/user/assets/{ids['HERO']}/task-types")) == ["Modeling"]
    assert [t["id"] for t in user.simulate_get(f"/data/user/sequences/{ids['SQ']}/tasks").json] == [ids["STORY"]]
    assert _names(user.simulate_get(f"/data/user/sequences/{ids['SQ']}/task-types")) == ["Storyboard"]
    assert [t["id"] for t in user.simulate_get(f"/data/user/scenes/{ids['SC1']}/tasks").json] == [ids["SC_LAY"]]
    assert _names(user.simulate_get(f"/data/user/scenes/{ids['SC1']}/task-types")) == ["Layout"]
    # The manager has no task there.
    assert w.client("manager").simulate_get(f"/data/user/shots/{ids['SH1']}/tasks").json == []


def test_a_new_assignment_shows_in_the_entity_views(w):
    ids, client = w.ids, w.client("client")
    assert _names(client.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots")) == []
    task = add_task(w, "CLIENT_T", "SH2", "Compositing", ("client",))
    assert _names(client.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots")) == ["SH020"]
    assert [t["id"] for t in client.simulate_get(f"/data/user/shots/{ids['SH2']}/tasks").json] == [task]


def test_productions_and_entities_out_of_reach(w):
    ids = w.ids
    user, outsider = w.client("user"), w.client("outsider")
    # The artist is assigned TQ2 in Q but is not in Q's team: Q's views refuse them.
    assert user.simulate_get(f"/data/user/projects/{ids['Q']}/sequences").status_code == 404
    # Being assigned there makes the shot reachable (the policy's rule), but none of its tasks show.
    assert user.simulate_get(f"/data/user/shots/{ids['EQ']}/tasks").json == []
    # The outsider is assigned OUT on SH020 without being in P's team: nothing of P shows.
    assert outsider.simulate_get(f"/data/user/projects/{ids['P']}/sequences").status_code == 404
    assert outsider.simulate_get(f"/data/user/shots/{ids['SH2']}/tasks").json == []
    assert outsider.simulate_get(f"/data/user/shots/{ids['SH2']}/task-types").json == []
    assert outsider.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots").json == []
    # A closed production lists nothing, even to its team.
    assert _names(user.simulate_get(f"/data/user/projects/{ids['R']}/sequences")) == []
    assert user.simulate_get(f"/data/user/shots/{ids['ER']}/tasks").json == []


def test_bad_ids_and_kinds(w):
    user, ids = w.client("user"), w.ids
    unknown = str(uuid.uuid4())
    for path in (f"/data/user/shots/{ids['HERO']}/tasks", f"/data/user/assets/{ids['SH1']}/task-types",
                 f"/data/user/scenes/{ids['SQ']}/tasks", f"/data/user/sequences/{ids['SH1']}/shots",
                 f"/data/user/projects/{unknown}/episodes", f"/data/user/shots/{unknown}/tasks",
                 f"/data/user/projects/{ids['P']}/asset-types/{w.types['kind:Shot']}/assets",
                 f"/data/user/projects/{ids['P']}/asset-types/{unknown}/assets"):
        answer = user.simulate_get(path)
        assert answer.status_code == 404 and answer.json["error"] is True, path
    for path in ("/data/user/shots/nope/tasks", "/data/user/projects/nope/sequences",
                 f"/data/user/projects/{ids['P']}/asset-types/nope/assets"):
        assert user.simulate_get(path).status_code == 400, path


def test_entity_views_match_the_recorded_shapes(w):
    user, ids = w.client("user"), w.ids
    project = f"/data/user/projects/{ids['P']}"
    walk = {
        "GET__data__user__projects__{id}__asset-types.json": f"{project}/asset-types",
        "GET__data__user__projects__{id}__asset-types__{id}__assets.json":
            f"{project}/asset-types/{w.types['kind:Character']}/assets",
        "GET__data__user__projects__{id}__sequences.json": f"{project}/sequences",
        "GET__data__user__projects__{id}__episodes.json": f"{project}/episodes",
        "GET__data__user__sequences__{id}__shots.json": f"/data/user/sequences/{ids['SQ']}/shots",
        "GET__data__user__sequences__{id}__scenes.json": f"/data/user/sequences/{ids['SQ']}/scenes",
        "GET__data__user__shots__{id}__tasks.json": f"/data/user/shots/{ids['SH1']}/tasks",
        "GET__data__user__shots__{id}__task-types.json": f"/data/user/shots/{ids['SH1']}/task-types",
        "GET__data__user__assets__{id}__tasks.json": f"/data/user/assets/{ids['HERO']}/tasks",
        "GET__data__user__assets__{id}__task-types.json": f"/data/user/assets/{ids['HERO']}/task-types",
        "GET__data__user__sequences__{id}__tasks.json": f"/data/user/sequences/{ids['SQ']}/tasks",
        "GET__data__user__sequences__{id}__task-types.json": f"/data/user/sequences/{ids['SQ']}/task-types",
        "GET__data__user__scenes__{id}__tasks.json": f"/data/user/scenes/{ids['SC1']}/tasks",
        "GET__data__user__scenes__{id}__task-types.json": f"/data/user/scenes/{ids['SC1']}/task-types",
    }
    for name, path in walk.items():
        answer = user.simulate_get(path)
        assert answer.json, path  # a shape is only compared on rows
        assert shape_diffs(name, answer) == [], name
        assert user.simulate_get("/api" + path).json == answer.json, path


def test_entity_view_queries_do_not_grow_with_the_rows(w):
    user, ids = w.client("user"), w.ids
    counts = []
    for round_ in range(2):
        with QueryCounter(w.app) as counted:
            user.simulate_get(f"/data/user/sequences/{ids['SQ']}/shots")
            user.simulate_get(f"/data/user/shots/{ids['SH1']}/tasks")
            user.simulate_get(f"/data/user/projects/{ids['P']}/asset-types")
        counts.append(counted.count)
        for n in range(3):
            answer = w.admin.simulate_post("/data/entities", json={
                "project_id": ids["P"], "entity_type_id": w.types["kind:Shot"], "name": f"SHX{round_}{n}",
                "parent_id": ids["SQ"]})
            ids[f"SHX{round_}{n}"] = answer.json["id"]
            add_task(w, f"X{round_}{n}", f"SHX{round_}{n}", "Layout", ("user",))
            add_task(w, f"Y{round_}{n}", "SH1", "FX", ("user",))
    assert counts[0] == counts[1], counts


def test_open_projects_of_the_user(w):
    ids = w.ids
    listed = w.client("user").simulate_get("/data/user/projects/open")
    assert [p["id"] for p in listed.json] == [ids["P"]]  # not Q (not in its team), not R (closed)
    assert listed.json == w.client("user").simulate_get("/data/projects/open").json
    assert shape_diffs("GET__data__user__projects__open.json", listed,
                       allowed=("missing: *.first_episode_id",)) == []  # recorded on a TV show
    by_name = w.admin.simulate_get("/data/user/projects/open", params={"name": "Project Q"})
    assert [p["id"] for p in by_name.json] == [ids["Q"]]
    assert w.client("user").simulate_get("/data/user/projects/open", params={"name": "Project Q"}).json == []
    assert w.client("outsider").simulate_get("/data/user/projects/open").json == []
    assert w.client("user").simulate_get("/data/user/projects/open?name=a&name=b").status_code == 400
