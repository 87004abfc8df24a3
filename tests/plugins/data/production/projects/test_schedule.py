"""Kitsu's schedule page: items per asset type, episode, sequence and edit of a task type,
and the task links of a production schedule version."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from clapboard.plugins.data import models as m

from ...counting import queries
from ...factory import Factory

CARD = {"id", "start_date", "end_date", "man_days", "project_id", "task_type_id", "object_id", "name"}


@pytest.fixture
def show(app, client):
    """A TV show: two episodes, sequences under them, assets made for or cast in E01, edits."""

    f = Factory(client)
    project = f.create(m.Project)
    with app.db.connection_context():
        types = {t.name: str(t.id) for t in m.EntityType.select()}
        task_types = {t.name: str(t.id) for t in m.TaskType.select()}
    pid = project["id"]

    def entity(kind, name, **extra):
        return f.create(m.Entity, {"project_id": pid, "entity_type_id": types[kind], "name": name, **extra})

    ids = {"E02": entity("Episode", "E02")["id"], "E01": entity("Episode", "E01")["id"]}
    ids["SQ02"] = entity("Sequence", "SQ02", parent_id=ids["E01"])["id"]
    ids["SQ01"] = entity("Sequence", "SQ01", parent_id=ids["E01"])["id"]
    ids["SQ10"] = entity("Sequence", "SQ10", parent_id=ids["E02"])["id"]
    ids["hero"] = entity("Character", "Hero", source_id=ids["E01"])["id"]
    ids["tree"] = entity("Environment", "Forest")["id"]
    ids["cup"] = entity("Prop", "Cup")["id"]
    f.create(m.EntityLink, {"entity_in_id": ids["E01"], "entity_out_id": ids["cup"]})  # cast in E01
    ids["cut"] = entity("Edit", "Cut", parent_id=ids["E01"])["id"]
    entity("Edit", "Old cut", parent_id=ids["E01"], canceled=True)
    other = f.create(m.Project)  # another production's entities are never planned here
    f.create(m.Entity, {"project_id": other["id"], "entity_type_id": types["Episode"], "name": "E99"})
    f.create(m.Entity, {"project_id": other["id"], "entity_type_id": types["FX"], "name": "Smoke"})
    base = f"/data/projects/{pid}/schedule-items/{task_types['Animation']}"
    return {"project_id": pid, "ids": ids, "types": types, "task_types": task_types, "base": base}


def _events(app) -> int:
    with app.db.connection_context():
        return m.ApiEvent.select().where(m.ApiEvent.name == "schedule-item:new").count()


def test_one_item_per_asset_type_of_the_project_created_once(app, client, show):
    first = client.simulate_get(f"{show['base']}/asset-types")
    assert first.status_code == 200, first.text
    items = first.json
    types = show["types"]
    assert [(i["name"], i["object_id"]) for i in items] == [
        ("Character", types["Character"]), ("Environment", types["Environment"]), ("Prop", types["Prop"])]
    today = date.today()
    for item in items:
        assert set(item) == CARD
        assert (item["start_date"], item["end_date"], item["man_days"]) == (
            today.isoformat(), (today + timedelta(days=1)).isoformat(), None)
        assert item["project_id"] == show["project_id"] and item["task_type_id"] == show["task_types"]["Animation"]
    assert _events(app) == 3

    again = client.simulate_get(f"{show['base']}/asset-types").json
    assert [i["id"] for i in again] == [i["id"] for i in items]
    assert _events(app) == 3
    # Another task type plans the same asset types with items of its own.
    layout = client.simulate_get(
        f"/data/projects/{show['project_id']}/schedule-items/{show['task_types']['Layout']}/asset-types").json
    assert {i["object_id"] for i in layout} == {i["object_id"] for i in items}
    assert not {i["id"] for i in layout} & {i["id"] for i in items}


def test_an_edited_item_keeps_its_dates(client, show):
    items = client.simulate_get(f"{show['base']}/asset-types").json
    changed = client.simulate_put(f"/data/schedule-items/{items[0]['id']}",
                                  json={"start_date": "2027-01-04", "end_date": "2027-02-01", "man_days": 12})
    assert changed.status_code == 200, changed.text
    again = client.simulate_get(f"{show['base']}/asset-types").json
    assert (again[0]["start_date"], again[0]["end_date"], again[0]["man_days"]) == ("2027-01-04", "2027-02-01", 12)


def test_asset_types_of_one_episode(client, show):
    ids, types = show["ids"], show["types"]
    items = client.simulate_get(f"{show['base']}/asset-types", params={"episode_id": ids["E01"]}).json
    # The hero is made for E01, the cup is cast in it; the forest belongs to no episode.
    assert [(i["name"], i["object_id"]) for i in items] == [("Character", types["Character"]), ("Prop", types["Prop"])]
    assert client.simulate_get(f"{show['base']}/asset-types", params={"episode_id": ids["E02"]}).json == []


def test_episodes_sequences_and_edits(client, show):
    ids = show["ids"]
    episodes = client.simulate_get(f"{show['base']}/episodes").json
    assert [(i["name"], i["object_id"]) for i in episodes] == [("E01", ids["E01"]), ("E02", ids["E02"])]
    one = client.simulate_get(f"{show['base']}/episodes", params={"episode_id": ids["E02"]}).json
    assert [i["id"] for i in one] == [episodes[1]["id"]]

    sequences = client.simulate_get(f"{show['base']}/sequences").json
    assert [i["name"] for i in sequences] == ["SQ01", "SQ02", "SQ10"]
    of_e01 = client.simulate_get(f"{show['base']}/sequences", params={"episode_id": ids["E01"]}).json
    assert [i["object_id"] for i in of_e01] == [ids["SQ01"], ids["SQ02"]]

    edits = client.simulate_get(f"{show['base']}/edits").json  # the canceled cut is not planned
    assert [(i["name"], i["object_id"]) for i in edits] == [("Cut", ids["cut"])]
    assert client.simulate_get(f"{show['base']}/edits", params={"episode_id": ids["E02"]}).json == []


def test_an_item_whose_entity_is_gone_is_left_out(app, client, show):
    ids = show["ids"]
    sequences = client.simulate_get(f"{show['base']}/sequences").json
    assert client.simulate_delete(f"/data/entities/{ids['SQ10']}").status_code == 204
    after = client.simulate_get(f"{show['base']}/sequences").json
    assert [i["name"] for i in after] == ["SQ01", "SQ02"]
    gone = next(i["id"] for i in sequences if i["name"] == "SQ10")
    assert client.simulate_get(f"/data/schedule-items/{gone}").status_code == 200  # kept, as in Zou


def test_bad_input(client, show):
    pid, tt = show["project_id"], show["task_types"]["Animation"]
    for path, status in ((f"/data/projects/{pid}/schedule-items/nope/sequences", 400),
                         (f"/data/projects/{pid}/schedule-items/{uuid.uuid4()}/sequences", 404),
                         (f"/data/projects/nope/schedule-items/{tt}/sequences", 400),
                         (f"/data/projects/{uuid.uuid4()}/schedule-items/{tt}/sequences", 404),
                         (f"{show['base']}/sequences?episode_id=nope", 400)):
        answer = client.simulate_get(path)
        assert answer.status_code == status, (path, answer.text)
        assert answer.json["error"] is True


@pytest.mark.parametrize("planned", ["asset-types", "episodes", "sequences", "edits"])
def test_statements_do_not_grow_with_the_entities(app, client, show, planned):
    f = Factory(client)
    kind = {"asset-types": "Character", "episodes": "Episode", "sequences": "Sequence", "edits": "Edit"}[planned]
    path = f"{show['base']}/{planned}"
    client.simulate_get(path)  # items exist
    few = queries(client, path)
    for n in range(5):
        extra = {"parent_id": show["ids"]["E01"]} if kind in ("Sequence", "Edit") else {}
        f.create(m.Entity, {"project_id": show["project_id"], "entity_type_id": show["types"][kind],
                            "name": f"More {n}", **extra})
    if kind == "Character":
        for name in ("FX", "Environment"):
            f.create(m.Entity, {"project_id": show["project_id"], "entity_type_id": show["types"][name],
                                "name": f"More {name}"})
    client.simulate_get(path)  # the new ones get their items
    assert queries(client, path) == few
