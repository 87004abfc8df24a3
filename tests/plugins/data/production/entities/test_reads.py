"""Reading entities: every list, item and board route, with Zou's shapes, filters and query counts."""

from __future__ import annotations

import uuid

import orjson
import pytest

from clapboard.testing import make_client

from .test_production import build, sample, shape_differences

# Differences with the recorded answers that are legitimate (one reason each).
ALLOWED = {
    "missing: _list_length",  # a note of the recording tool (the list was cut), not part of Zou's answer
}


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("entities-reads"), [])()
    yield build(make_client(app))
    app.close()


def _cases(ids):
    project = ids["project"]
    by_project = {"project_id": project}
    return {
        "GET__data__assets.json": ("/data/assets", by_project),
        "GET__data__assets__all.json": ("/data/assets/all", by_project),
        "GET__data__assets__with-tasks.json": ("/data/assets/with-tasks", by_project),
        "GET__data__assets__{id}.json": (f"/data/assets/{ids['Hero']}", None),
        "GET__data__shots.json": ("/data/shots", by_project),
        "GET__data__shots__all.json": ("/data/shots/all", by_project),
        "GET__data__shots__with-tasks.json": ("/data/shots/with-tasks", by_project),
        "GET__data__shots__{id}.json": (f"/data/shots/{ids['SH010']}", None),
        "GET__data__shots__{id}.404-unknown-id.json": (f"/data/shots/{uuid.uuid4()}", None),
        "GET__data__shots__{id}__versions.json": (f"/data/shots/{ids['SH010']}/versions", None),
        "GET__data__sequences.json": ("/data/sequences", by_project),
        "GET__data__sequences__with-tasks.json": ("/data/sequences/with-tasks", by_project),
        "GET__data__sequences__{id}.json": (f"/data/sequences/{ids['SQ01']}", None),
        "GET__data__sequences__{id}__scenes.json": (f"/data/sequences/{ids['SQ01']}/scenes", None),
        "GET__data__sequences__{id}__shots.json": (f"/data/sequences/{ids['SQ01']}/shots", None),
        "GET__data__episodes.json": ("/data/episodes", by_project),
        "GET__data__episodes__with-tasks.json": ("/data/episodes/with-tasks", by_project),
        "GET__data__episodes__{id}.json": (f"/data/episodes/{ids['E01']}", None),
        "GET__data__episodes__{id}__sequences.json": (f"/data/episodes/{ids['E01']}/sequences", None),
        "GET__data__episodes__{id}__shots.json": (f"/data/episodes/{ids['E01']}/shots", None),
        "GET__data__scenes__all.json": ("/data/scenes/all", by_project),
        "GET__data__scenes__{id}.json": (f"/data/scenes/{ids['SC01']}", None),
        "GET__data__edits__all.json": ("/data/edits/all", by_project),
        "GET__data__edits__with-tasks.json": ("/data/edits/with-tasks", by_project),
        "GET__data__edits__{id}.json": (f"/data/edits/{ids['edit']}", None),
        "GET__data__concepts.json": ("/data/concepts", by_project),
        "GET__data__concepts__{id}.json": (f"/data/concepts/{ids['concept']}", None),
        "GET__data__asset-types.json": ("/data/asset-types", None),
        "GET__data__asset-types__{id}.json": (f"/data/asset-types/{ids['type:Character']}", None),
        "GET__data__projects__{id}__asset-types.json": (f"/data/projects/{project}/asset-types", None),
        "GET__data__projects__{id}__asset-types__{id}__assets.json": (
            f"/data/projects/{project}/asset-types/{ids['type:Character']}/assets", None),
        "GET__data__projects__{id}__assets.json": (f"/data/projects/{project}/assets", None),
        "GET__data__projects__{id}__assets__shared-used.json": (f"/data/projects/{project}/assets/shared-used", None),
        "GET__data__projects__{id}__concepts.json": (f"/data/projects/{project}/concepts", None),
        "GET__data__projects__{id}__edits.json": (f"/data/projects/{project}/edits", None),
        "GET__data__projects__{id}__episodes.json": (f"/data/projects/{project}/episodes", None),
        "GET__data__projects__{id}__scenes.json": (f"/data/projects/{project}/scenes", None),
        "GET__data__projects__{id}__sequences.json": (f"/data/projects/{project}/sequences", None),
        "GET__data__projects__{id}__shots.json": (f"/data/projects/{project}/shots", None),
    }


def _task_differences(recorded, ours) -> list[str]:
    """Key differences of the first inline task, where Zou recorded one."""

    def first_task(body):
        row = body[0] if isinstance(body, list) and body else body
        return (row.get("tasks") or [None])[0] if isinstance(row, dict) else None

    zou, mine = first_task(recorded), first_task(ours)
    if zou is None:
        return []
    if mine is None:
        return ["tasks: ours has no task to compare"]
    return [f"task missing: {k}" for k in sorted(set(zou) - set(mine))] + \
        [f"task extra: {k}" for k in sorted(set(mine) - set(zou))]


@pytest.mark.parametrize("name", sorted(_cases({k: "x" for k in (
    "project", "Hero", "SH010", "SQ01", "E01", "SC01", "edit", "concept", "type:Character")})))
def test_answers_have_the_shape_zou_recorded(production, name):
    if sample(name) is None:
        pytest.skip(f"sample {name} is not at hand")
    path, params = _cases(production.ids)[name]
    answer = production.client.simulate_get(path, params=params)
    differences = shape_differences(name, answer.status_code, answer.json)
    differences += _task_differences(sample(name)["response_body"], answer.json)
    assert not set(differences) - ALLOWED, differences


def _names(rows):
    return [row["name"] for row in rows]


def test_lists_are_typed_by_kind_and_filtered_like_zou(production):
    p, ids = production, production.ids
    assert {row["type"] for row in p.get("/data/assets/all", project_id=ids["project"])} == {"Asset"}
    assert _names(p.get("/data/assets/all", project_id=ids["project"], name="hero")) == ["Hero"]
    assert _names(p.get("/data/assets/all", project_id=ids["project"],
                        entity_type_id=ids["type:Prop"])) == ["Lamp"]
    shots = p.get("/data/shots/all", sequence_id=ids["SQ01"])
    assert _names(shots) == ["SH010", "SH020"] and {s["sequence_name"] for s in shots} == {"SQ01"}
    assert {row["type"] for row in shots} == {"Shot"}
    assert _names(p.get("/data/shots/all", sequence_id=ids["SQ01"], name="SH020")) == ["SH020"]
    assert _names(p.get("/data/sequences", episode_id=ids["E01"])) == ["SQ01", "SQ02"]
    assert p.get("/data/sequences", episode_id=ids["E02"]) == []
    assert _names(p.get("/data/episodes", project_id=ids["project"], name="E02")) == ["E02"]
    assert _names(p.get("/data/scenes/all", parent_id=ids["SQ01"], name="SC01")) == ["SC01"]
    assert _names(p.get("/data/edits/all", project_id=ids["project"], name="Edit v1")) == ["Edit v1"]
    assert _names(p.get("/data/concepts", project_id=ids["project"], name="Mood board")) == ["Mood board"]
    assert p.get("/data/concepts", project_id=ids["project"])[0]["entity_concept_links"] == [ids["Hero"]]


def test_assets_of_an_episode_are_those_created_for_it_or_cast_in_it(production):
    p, ids = production, production.ids
    p.post("/data/entity-links", {"entity_in_id": ids["E02"], "entity_out_id": ids["Lamp"]})
    assert _names(p.get("/data/assets", episode_id=ids["E01"])) == ["Hero"]
    assert _names(p.get("/data/assets", episode_id=ids["E02"])) == ["Lamp"]
    board = p.get("/data/assets/with-tasks", project_id=ids["project"], episode_id=ids["E02"])
    assert _names(board) == ["Lamp"] and board[0]["casting_episode_ids"] == [ids["E02"]]
    assert _names(p.get("/data/assets/with-tasks", project_id=ids["project"], episode_id="main")) == ["Forest", "Lamp"]


def test_parent_lists(production):
    p, ids = production, production.ids
    assert _names(p.get(f"/data/sequences/{ids['SQ01']}/shots")) == ["SH010", "SH020"]
    assert _names(p.get(f"/data/episodes/{ids['E01']}/shots")) == ["SH010", "SH020", "SH030"]
    assert p.get(f"/data/episodes/{ids['E02']}/shots") == []
    assert _names(p.get(f"/data/episodes/{ids['E01']}/sequences")) == ["SQ01", "SQ02"]
    assert _names(p.get(f"/data/sequences/{ids['SQ01']}/scenes")) == ["SC01"]
    assert _names(p.get(f"/data/episodes/{ids['E01']}/edits")) == ["Edit v1"]
    assert _names(p.get(f"/data/projects/{ids['project']}/asset-types/{ids['type:Prop']}/assets")) == ["Lamp"]
    assert _names(p.get(f"/data/projects/{ids['project']}/asset-types")) == ["Character", "Environment", "Prop"]


def test_an_entity_of_another_kind_is_not_found(production):
    client, ids = production.client, production.ids
    shot_type = production.one_of("/data/entity-types", name="Shot")["id"]
    for path in (f"/data/assets/{ids['SH010']}", f"/data/shots/{ids['Hero']}", f"/data/sequences/{ids['E01']}",
                 f"/data/episodes/{ids['SQ01']}", f"/data/scenes/{ids['SH010']}", f"/data/edits/{ids['SH010']}",
                 f"/data/concepts/{ids['Hero']}", f"/data/sequences/{ids['SH010']}/shots",
                 f"/data/asset-types/{shot_type}", f"/data/shots/{ids['Hero']}/versions"):
        assert client.simulate_get(path).status_code == 404, path
    assert client.simulate_get("/data/shots/not-an-id").status_code == 400
    assert client.simulate_get("/data/shots/all", params={"nope": "1"}).status_code == 400


def test_details_carry_names_tasks_and_frame_range(production):
    p, ids = production, production.ids
    shot = p.get(f"/data/shots/{ids['SH010']}")
    assert (shot["sequence_name"], shot["episode_name"], shot["project_name"]) == ("SQ01", "E01", "Entities Show")
    assert (shot["frame_in"], shot["frame_out"], shot["nb_frames"], shot["type"]) == (1001, 1048, 48, "Shot")
    assert sorted(shot["entities_out"]) == sorted([ids["Hero"], ids["Lamp"]])
    assert [task["id"] for task in shot["tasks"]] == [ids["task:SH010"]]
    asset = p.get(f"/data/assets/{ids['Hero']}")
    assert (asset["asset_type_name"], asset["episode_id"], asset["ready_for"]) == ("Character", ids["E01"], "None")
    assert asset["casting_episode_ids"] == [ids["E01"]] and "source_id" not in asset
    assert sorted(asset["entities_in"]) == sorted([ids["SH010"], ids["E01"]])
    scene = p.get(f"/data/scenes/{ids['SC01']}")
    assert (scene["sequence_name"], scene["episode_name"]) == ("SQ01", "E01")
    assert p.get(f"/data/sequences/{ids['SQ01']}")["episode_name"] == "E01"
    assert p.get(f"/data/edits/{ids['edit']}")["episode_name"] == "E01"


def test_boards_inline_tasks_with_assignees_and_subscriptions(production):
    p, ids = production, production.ids
    person = p.post("/data/persons", {"first_name": "Ann", "last_name": "Board", "email": "ann.board@example.com"})
    p.client.simulate_put(f"/data/tasks/{ids['task:SH010']}", json={"assignees": [person["id"]]})
    board = p.get("/data/shots/with-tasks", project_id=ids["project"], episode_id=ids["E01"])
    assert _names(board) == ["SH010", "SH020", "SH030"]
    sh010 = board[0]
    assert sh010["tasks"][0]["assignees"] == [person["id"]] and sh010["tasks"][0]["is_subscribed"] is False
    assert (sh010["frame_in"], sh010["sequence_name"], sh010["episode_name"]) == (1001, "SQ01", "E01")
    assert p.get("/data/shots/with-tasks", project_id=ids["project"], episode_id=ids["E02"]) == []
    assert _names(p.get("/data/sequences/with-tasks", project_id=ids["project"], episode_id=ids["E01"])) == \
        ["SQ01", "SQ02"]
    one = p.get("/data/assets/with-tasks", id=ids["Hero"])
    assert _names(one) == ["Hero"] and one[0]["tasks"][0]["id"] == ids["task:Hero"]
    assert p.client.simulate_get("/data/shots/with-tasks", params={"project_id": "bad"}).status_code == 400


def test_compact_and_streamed_boards(production):
    client, ids = production.client, production.ids
    compact = client.simulate_get("/data/shots/with-tasks", params={"project_id": ids["project"], "compact": "true"})
    body = compact.json
    assert body["compact"] is True and "shot_fields" in body and "task_fields" in body
    first = dict(zip(body["shot_fields"], body["rows"][0]))
    assert first["name"] == "SH010" and first["type"] == "Shot"
    task = dict(zip(body["task_fields"], first["tasks"][0]))
    assert task["id"] == ids["task:SH010"]
    streamed = client.simulate_get("/data/assets/with-tasks",
                                   params={"project_id": ids["project"], "compact": "true", "stream": "true"})
    assert streamed.headers["content-type"] == "application/x-ndjson"
    lines = [orjson.loads(line) for line in streamed.text.splitlines()]
    recorded = sample("GET__data__assets__with-tasks.stream.json")
    if recorded is not None:
        header_line = orjson.loads(recorded["stream"]["first_lines"][0].split(',"task_fields"')[0] + "}")
        assert header_line["asset_fields"] == lines[0]["asset_fields"]
    assert lines[0]["compact"] is True and len(lines) == 4
    assert [dict(zip(lines[0]["asset_fields"], row))["name"] for row in lines[1:]] == ["Hero", "Forest", "Lamp"]
    plain_stream = client.simulate_get("/data/shots/with-tasks", params={"project_id": ids["project"],
                                                                          "stream": "true"})
    rows = [orjson.loads(line) for line in plain_stream.text.splitlines()]
    assert rows[0] == {"compact": False} and rows[1]["name"] == "SH010"


def _count_queries(app, monkeypatch):
    counter = {"n": 0}
    original = app.db.execute_sql

    def counting(sql, params=None, *args, **kwargs):
        counter["n"] += 1
        return original(sql, params, *args, **kwargs)

    monkeypatch.setattr(app.db, "execute_sql", counting)
    return counter


def test_queries_do_not_grow_with_the_number_of_entities(make_app, monkeypatch):
    app = make_app()
    production = build(make_client(app), "Counting Show")
    ids = production.ids
    paths = [("/data/shots/with-tasks", {"project_id": ids["project"]}),
             ("/data/assets/with-tasks", {"project_id": ids["project"]}),
             ("/data/sequences/with-tasks", {"project_id": ids["project"]}),
             ("/data/edits/with-tasks", {"project_id": ids["project"]}),
             ("/data/concepts/with-tasks", {"project_id": ids["project"]}),
             ("/data/shots/all", {"project_id": ids["project"]}),
             ("/data/concepts", {"project_id": ids["project"]})]

    def counts():
        found = []
        for path, params in paths:
            counter = _count_queries(app, monkeypatch)
            assert production.client.simulate_get(path, params=params).status_code == 200
            found.append(counter["n"])
            monkeypatch.undo()
        return found

    before = counts()
    for n in range(6):
        shot = production.post(f"/data/projects/{ids['project']}/shots", {"name": f"SHX{n}",
                                                                         "sequence_id": ids["SQ02"]})
        production.post("/data/tasks", {"name": "main", "project_id": ids["project"], "entity_id": shot["id"],
                                        "task_type_id": ids["task_type"], "task_status_id": ids["todo"]})
        production.post(f"/data/projects/{ids['project']}/asset-types/{ids['type:Prop']}/assets/new",
                        {"name": f"Prop {n}"})
        production.post(f"/data/projects/{ids['project']}/concepts", {"name": f"Idea {n}"})
    assert counts() == before
