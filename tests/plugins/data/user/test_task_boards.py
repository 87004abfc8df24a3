"""The user's task boards: to do, done, to check — their rows, and what each role never sees there."""

from __future__ import annotations

import re

import pytest

from ..counting import QueryCounter
from .world import add_task, build_user_world, close, row_diffs, shape_diffs


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_user_world(tmp_path_factory, "user-boards")
    yield world
    close(world)


def _ids(answer):
    assert answer.status_code == 200, answer.text
    return {row["id"] for row in answer.json}


def test_the_artist_todo_lists_their_open_tasks_of_open_productions_of_their_team(w):
    ids = w.ids
    todo = _ids(w.client("user").simulate_get("/data/user/tasks"))
    assert todo == {ids[k] for k in ("T", "LAY1", "ANI1", "MOD", "STORY", "SC_LAY")}
    # Not: done (DONE), another production's team (TQ2), a closed production (CLOSED_T), others' tasks.
    assert not todo & {ids[k] for k in ("DONE", "TQ2", "CLOSED_T", "ANI2", "LAMP_MOD", "OUT")}


def test_todo_rows_carry_what_the_board_shows(w):
    rows = {row["id"]: row for row in w.client("user").simulate_get("/data/user/tasks").json}
    lay = rows[w.ids["LAY1"]]
    assert (lay["project_name"], lay["entity_name"], lay["entity_type_name"]) == ("Project P", "SH010", "Shot")
    assert (lay["sequence_name"], lay["episode_id"], lay["episode_name"]) == ("SQ01", w.ids["EP"], "E01")
    assert (lay["task_type_name"], lay["task_status_name"], lay["task_status_short_name"]) == ("Layout", "Todo", "todo")
    assert lay["task_type_for_entity"] == "Shot" and lay["task_type_color"] == "#4DB6AC"
    assert lay["assignees"] == [w.person("user")] and lay["last_comment"] == {}
    assert lay["entity_data"] == {"frame_in": 1, "frame_out": 48} and lay["entity_source_id"] == ""
    assert lay["type"] == "Task" and "episode_ids" not in lay
    hero = rows[w.ids["MOD"]]
    # An asset made for an episode takes it from its source, and lists the episodes it is cast in.
    assert (hero["entity_type_name"], hero["episode_id"], hero["episode_name"]) == ("Character", w.ids["EP"], "E01")
    assert hero["entity_source_id"] == w.ids["EP"] and hero["sequence_name"] is None
    assert (hero["episode_ids"], hero["episode_names"]) == ([w.ids["EP"]], ["E01"])
    story = rows[w.ids["STORY"]]
    # A sequence's own task belongs to the sequence's episode.
    assert (story["entity_type_name"], story["episode_id"], story["episode_name"]) == ("Sequence", w.ids["EP"], "E01")
    shared = rows[w.ids["T"]]
    assert sorted(shared["assignees"]) == sorted([w.person("user"), w.person("vendor")])
    assert shared["episode_id"] == "" and shared["episode_name"] is None


def test_last_comment_is_the_latest_one_not_written_by_a_client(w):
    task = add_task(w, "COMMENTED", "SH2", "Compositing", ("user", "client"))
    for role, text in (("user", "first pass"), ("manager", "looks good"), ("client", "client says hi")):
        answer = w.client(role).simulate_post(f"/actions/tasks/{task}/comment",
                                              json={"task_status_id": w.types["wip"], "comment": text})
        assert answer.status_code == 201, (role, answer.text)
    row = next(r for r in w.client("user").simulate_get("/data/user/tasks").json if r["id"] == task)
    assert row["last_comment"]["text"] == "looks good" and row["last_comment"]["person_id"] == w.person("manager")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", row["last_comment"]["date"])
    assert row["task_status_short_name"] == "wip"


def test_done_tasks_are_the_assigned_ones_with_a_done_status(w):
    assert _ids(w.client("user").simulate_get("/data/user/done-tasks")) == {w.ids["DONE"]}
    assert _ids(w.client("vendor").simulate_get("/data/user/done-tasks")) == set()
    row = w.client("user").simulate_get("/data/user/done-tasks").json[0]
    assert row["task_status_name"] == "Done" and row["entity_name"] == "SH020"


def test_a_status_change_to_done_moves_the_task_between_boards(w):
    task = add_task(w, "FINISHING", "SH2", "Lighting", ("user",))
    client = w.client("user")
    assert task in _ids(client.simulate_get("/data/user/tasks"))
    answer = w.client("manager").simulate_post(f"/actions/tasks/{task}/comment",
                                               json={"task_status_id": w.types["done"], "comment": "final"})
    assert answer.status_code == 201, answer.text
    assert task not in _ids(client.simulate_get("/data/user/tasks"))
    assert task in _ids(client.simulate_get("/data/user/done-tasks"))


def test_vendor_client_and_outsider_boards(w):
    assert _ids(w.client("vendor").simulate_get("/data/user/tasks")) == {w.ids["T"], w.ids["ANI2"]}
    assert _ids(w.client("client").simulate_get("/data/user/tasks")) >= set()
    # The outsider is assigned a task of P but is not in P's team: Zou lists nothing.
    assert _ids(w.client("outsider").simulate_get("/data/user/tasks")) == set()
    # The admin lists only what is assigned to them (nothing here).
    assert _ids(w.admin.simulate_get("/data/user/tasks")) == set()


def test_tasks_to_check_follow_the_reviewer_role(w):
    waiting = {w.ids["ANI1"], w.ids["MOD"]}
    assert _ids(w.admin.simulate_get("/data/user/tasks-to-check")) >= waiting
    assert _ids(w.client("manager").simulate_get("/data/user/tasks-to-check")) == waiting
    # The supervisor of Animation checks the Animation task only.
    assert _ids(w.client("supervisor").simulate_get("/data/user/tasks-to-check")) == {w.ids["ANI1"]}
    for role in ("user", "client", "vendor", "outsider"):
        assert _ids(w.client(role).simulate_get("/data/user/tasks-to-check")) == set(), role
    row = next(r for r in w.client("manager").simulate_get("/data/user/tasks-to-check").json if r["id"] == w.ids["MOD"])
    assert row["task_status_short_name"] == "wfa" and "episode_ids" not in row and row["assignees"] == [w.person("user")]


def test_a_per_project_manager_role_checks_that_production(w):
    project = w.ids["P"]
    assert w.admin.simulate_put(f"/data/projects/{project}/team/{w.person('user')}",
                                json={"role": "manager"}).status_code == 200
    try:
        assert _ids(w.client("user").simulate_get("/data/user/tasks-to-check")) == {w.ids["ANI1"], w.ids["MOD"]}
    finally:
        w.admin.simulate_put(f"/data/projects/{project}/team/{w.person('user')}", json={"role": None})
    assert _ids(w.client("user").simulate_get("/data/user/tasks-to-check")) == set()


def test_boards_match_the_recorded_zou_shapes(w):
    rows = {row["id"]: row for row in w.client("user").simulate_get("/data/user/tasks").json}
    # The recorded artist's first row is an asset cast in an episode, the admin's a shot.
    assert row_diffs("GET__data__user__tasks.as-user.json", rows[w.ids["MOD"]]) == []
    assert row_diffs("GET__data__user__tasks.json", rows[w.ids["LAY1"]]) == []
    assert shape_diffs("GET__data__user__tasks-to-check.json", w.admin.simulate_get("/data/user/tasks-to-check")) == []
    assert shape_diffs("GET__data__user__done-tasks.json", w.client("vendor").simulate_get("/data/user/done-tasks")) == []


def test_board_queries_do_not_grow_with_the_rows(w):
    client = w.client("user")
    counts = []
    for extra in range(2):
        with QueryCounter(w.app) as counted:
            assert client.simulate_get("/data/user/tasks").status_code == 200
            assert client.simulate_get("/data/user/done-tasks").status_code == 200
            assert w.client("manager").simulate_get("/data/user/tasks-to-check").status_code == 200
        counts.append(counted.count)
        for n in range(3):
            add_task(w, f"MORE{extra}{n}", "SH2", "Layout", ("user",), status="wfa")
    assert counts[0] == counts[1], counts
