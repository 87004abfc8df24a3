"""A person's open, done and related tasks: values, Zou's shape, and who sees what."""

from __future__ import annotations

import pytest

from ....contract.shapes import compare_bodies
from ..counting import queries
from ..production.tasks.world import build_world, close, sample, shape_diffs

TASKS = "GET__data__persons__{id}__tasks.json"


def item_diffs(name: str, index: int, ours: dict) -> list[str]:
    """Shape differences between one recorded item of a list answer and one of ours."""

    return compare_bodies(sample(name)["response_body"][index], ours)


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "people-tasks")
    ids, admin = world.ids, world.admin
    # The artist's work in P: a shot task (commented by the studio, then by a client), a done
    # sequence task, an asset cast in the episode; the vendor shares the shot task (T).
    ids["SHOT_TASK"] = world.new_task("SH1", "Layout", assignees=("user", "manager"))
    ids["SEQ_TASK"] = world.new_task("SQ", "Storyboard", assignees=("user",))
    ids["HERO_TASK"] = world.new_task("HERO", "Modeling", assignees=("user",))
    ids["SHOT_FX"] = world.new_task("SH1", "FX")
    ids["HERO_FX"] = world.new_task("HERO", "FX", assignees=("supervisor",))
    admin.simulate_put(f"/data/tasks/{ids['SEQ_TASK']}", json={"task_status_id": world.types["done"],
                                                               "end_date": "2026-11-20T10:00:00"})
    admin.simulate_post("/data/entity-links", json={"entity_in_id": ids["EP"], "entity_out_id": ids["HERO"]})
    for who, text in (("manager", "Studio note"), ("client", "Client note")):
        answer = admin.simulate_post(f"/actions/tasks/{ids['SHOT_TASK']}/comment", json={
            "task_status_id": world.types["wip"], "comment": text, "person_id": world.person(who)})
        assert answer.status_code == 201, answer.text
    # Q is open but outside the team of everyone but the admin; R is closed.
    ids["Q_TASK"] = world.new_task("EQ", "Layout", assignees=("user",), project="Q")
    yield world
    close(world)


def _ids(answer) -> set:
    assert answer.status_code == 200, answer.text
    return {task["id"] for task in answer.json}


def test_open_tasks_carry_zou_names(w):
    ids = w.ids
    answer = w.client("manager").simulate_get(f"/data/persons/{w.person('user')}/tasks")
    assert _ids(answer) == {ids["T"], ids["SHOT_TASK"], ids["HERO_TASK"]}
    rows = {task["id"]: task for task in answer.json}
    shot = rows[ids["SHOT_TASK"]]
    assert (shot["project_name"], shot["entity_name"], shot["entity_type_name"], shot["sequence_name"],
            shot["episode_id"], shot["episode_name"]) == ("Project P", "SH010", "Shot", "SQ01", ids["EP"], "E01")
    assert (shot["task_type_name"], shot["task_status_short_name"], shot["task_type_for_entity"]) == (
        "Layout", "wip", "Shot")
    assert sorted(shot["assignees"]) == sorted([w.person("user"), w.person("manager")])
    assert shot["entity_data"] == {"frame_in": 1, "frame_out": 48} and shot["entity_preview_file_id"] == ""
    # The client's later comment is not the one shown (Zou leaves clients' comments out).
    assert shot["last_comment"]["text"] == "Studio note" and shot["last_comment"]["person_id"] == w.person("manager")
    hero = rows[ids["HERO_TASK"]]
    assert (hero["entity_type_name"], hero["entity_source_id"], hero["episode_id"], hero["episode_name"]) == (
        "Character", ids["EP"], ids["EP"], "E01")
    assert (hero["episode_ids"], hero["episode_names"], hero["last_comment"]) == ([ids["EP"]], ["E01"], {})
    assert "episode_ids" not in shot
    # Zou's recorded rows: an asset cast in an episode, then a shot.
    assert item_diffs(TASKS, 0, hero) == [] and item_diffs(TASKS, 1, shot) == []


def test_done_tasks_and_the_sequence_episode(w):
    answer = w.client("supervisor").simulate_get(f"/data/persons/{w.person('user')}/done-tasks")
    assert _ids(answer) == {w.ids["SEQ_TASK"]}
    sequence = answer.json[0]
    # Zou names a sequence task's episode after the sequence's parent.
    assert (sequence["entity_type_name"], sequence["episode_id"], sequence["episode_name"]) == (
        "Sequence", w.ids["EP"], "E01")
    assert sequence["task_status_short_name"] == "done" and sequence["end_date"] == "2026-11-20T10:00:00"
    mine = w.client("user").simulate_get(f"/data/persons/{w.person('user')}/tasks")
    assert w.ids["SEQ_TASK"] not in _ids(mine) and w.ids["T"] in _ids(mine)
    assert shape_diffs("GET__data__persons__{id}__done-tasks.json", answer) == []  # Zou's was empty
    assert item_diffs(TASKS, 1, sequence) == []


def test_lists_hold_the_askers_open_productions(w):
    user = w.person("user")
    assert w.ids["Q_TASK"] in _ids(w.admin.simulate_get(f"/data/persons/{user}/tasks"))
    assert w.ids["Q_TASK"] not in _ids(w.client("user").simulate_get(f"/data/persons/{user}/tasks"))
    assert _ids(w.client("outsider").simulate_get(f"/data/persons/{user}/tasks")) == set()
    status = {s["name"]: s["id"] for s in w.admin.simulate_get("/data/project-status").json}
    w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": status["Closed"]})
    try:
        assert w.ids["Q_TASK"] not in _ids(w.admin.simulate_get(f"/data/persons/{user}/tasks"))
    finally:
        w.admin.simulate_put(f"/data/projects/{w.ids['Q']}", json={"project_status_id": status["Open"]})


def test_clients_and_vendors_find_nothing_and_vendors_ask_only_for_themselves(w):
    user, vendor = w.person("user"), w.person("vendor")
    for path in (f"/data/persons/{user}/tasks", f"/data/persons/{user}/done-tasks"):
        assert w.client("client").simulate_get(path).json == []
        assert w.client("vendor").simulate_get(path).status_code == 403
    assert w.client("vendor").simulate_get(f"/data/persons/{vendor}/tasks").json == []
    assert w.client("vendor").simulate_get(
        f"/data/persons/{user}/related-tasks/{w.types['Layout']}").status_code == 403
    assert _ids(w.client("user").simulate_get(f"/data/persons/{vendor}/tasks")) == {w.ids["T"]}


def test_related_tasks_of_a_type(w):
    user, fx = w.person("user"), w.types["FX"]
    answer = w.client("manager").simulate_get(f"/data/persons/{user}/related-tasks/{fx}")
    assert _ids(answer) == {w.ids["SHOT_FX"], w.ids["HERO_FX"]}  # on SH010 and Hero, whoever does them
    assert answer.json[0]["type"] == "Task" and "assignees" not in answer.json[0]
    assert w.ids["SHOT_FX"] in _ids(w.client("client").simulate_get(f"/data/persons/{user}/related-tasks/{fx}"))
    # The outsider reads no task of P, so finds none of them.
    assert _ids(w.client("outsider").simulate_get(f"/data/persons/{user}/related-tasks/{fx}")) == set()
    own = w.client("vendor").simulate_get(f"/data/persons/{w.person('vendor')}/related-tasks/{w.types['Animation']}")
    assert _ids(own) == {w.ids["T"]}
    layout = w.admin.simulate_get(f"/data/persons/{user}/related-tasks/{w.types['Layout']}")
    assert shape_diffs("GET__data__persons__{id}__related-tasks__{id}.json", layout) == []


def test_bad_and_refused_persons(w):
    bot = w.admin.simulate_post("/data/persons", json={"first_name": "Render", "last_name": "Bot", "is_bot": True})
    assert bot.status_code == 201, bot.text
    layout = w.types["Layout"]
    for suffix in ("tasks", "done-tasks", f"related-tasks/{layout}"):
        assert w.admin.simulate_get(f"/data/persons/{bot.json['id']}/{suffix}").status_code == 403
        assert w.admin.simulate_get(f"/data/persons/{w.ids['P']}/{suffix}").status_code == 404
        malformed = w.admin.simulate_get(f"/data/persons/not-an-id/{suffix}")
        assert malformed.status_code == 400 and malformed.json["error"] is True
        assert w.client("user").simulate_get(f"/data/persons/{w.person('user')}/{suffix}").status_code == 200
    assert w.admin.simulate_get(f"/data/persons/{w.person('user')}/related-tasks/{w.ids['P']}").status_code == 404
    assert w.admin.simulate_get(f"/api/data/persons/{w.person('user')}/tasks").status_code == 200
    assert w.client(None).simulate_get(f"/data/persons/{w.person('user')}/tasks").status_code == 401


def test_task_lists_cost_the_same_queries_whatever_their_length(w):
    manager = w.client("manager")
    paths = [f"/data/persons/{w.person('user')}/{suffix}" for suffix in (
        "tasks", "done-tasks", f"related-tasks/{w.types['Lighting']}")]
    before = [queries(manager, path) for path in paths]
    for entity in ("SH2", "LAMP", "EDIT"):
        task = w.new_task(entity, "Lighting", assignees=("user",))
        w.admin.simulate_post(f"/actions/tasks/{task}/comment", json={"task_status_id": w.types["wip"],
                                                                      "comment": "more"})
        done = w.new_task(entity, "Lighting", assignees=("user",))
        w.admin.simulate_put(f"/data/tasks/{done}", json={"task_status_id": w.types["done"]})
    assert [queries(manager, path) for path in paths] == before
