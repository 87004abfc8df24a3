"""CSV estimations imports: a task type's estimations, dates, difficulty and task fields, all or nothing.

The auth scenario's production P (every role logs in for real) gets assets,
shots and their Animation (shots) and Modeling (assets) tasks through the
API; a TV show checks the episode route. Tasks are read back from the table.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import pytest

from clapboard.plugins.data import models as m

from ..auth.conftest import FAST
from ..auth.scenario import build
from .csv_support import post_csv, tv_show


def _ok(answer, status=200):
    assert answer.status_code == status, answer.text
    return answer.json


def _entity(client, path, body) -> str:
    return _ok(client.simulate_post(path, json=body), 201)["id"]


def _type_id(app, model, name) -> str:
    with app.db.connection_context():
        return str(model.get(model.name == name).id)


def _breakdown(client, app, project_id, episodes=(None,)) -> dict:
    """Assets Victor (Character) and Boat (Prop), shots SEQ01/SH01 and SEQ01/SH02 (per episode), their tasks."""

    ids = {}
    for name, kind in (("Victor", "Character"), ("Boat", "Prop")):
        ids[name] = _entity(client, f"/data/projects/{project_id}/asset-types/"
                                    f"{_type_id(app, m.EntityType, kind)}/assets/new", {"name": name})
    for episode in episodes:
        episode_id = _entity(client, f"/data/projects/{project_id}/episodes", {"name": episode}) if episode else None
        sequence = _entity(client, f"/data/projects/{project_id}/sequences",
                           {"name": "SEQ01", "episode_id": episode_id})
        for shot in ("SH01", "SH02"):
            ids["/".join(filter(None, (episode, "SEQ01", shot)))] = _entity(
                client, f"/data/projects/{project_id}/shots", {"name": shot, "sequence_id": sequence})
    for kind, task_type in (("shots", "Animation"), ("assets", "Modeling")):
        _ok(client.simulate_post(f"/actions/projects/{project_id}/task-types/"
                                 f"{_type_id(app, m.TaskType, task_type)}/{kind}/create-tasks"), 201)
    return ids


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from clapboard.testing import AppFactory

    app = AppFactory(tmp_path_factory.mktemp("estimations-import"), [])(
        config={"plugins": {"auth": dict(FAST)}}, actors=False)
    scenario = build(app)
    scenario.ids.update(_breakdown(scenario.admin, app, scenario.ids["P"]))
    scenario.ids["Animation"] = _type_id(app, m.TaskType, "Animation")
    scenario.ids["Modeling"] = _type_id(app, m.TaskType, "Modeling")
    yield scenario
    app.close()


def path(world, task_type="Animation", project=None, episode=None) -> str:
    project = project or world.ids["P"]
    middle = f"/episodes/{episode}" if episode else ""
    return f"/import/csv/projects/{project}{middle}/task-types/{world.ids.get(task_type, task_type)}/estimations"


def task(world, entity_id, task_type="Animation") -> m.Task:
    with world.app.db.connection_context():
        return m.Task.get(m.Task.entity == entity_id, m.Task.task_type == world.ids[task_type])


def state(world) -> tuple:
    with world.app.db.connection_context():
        tasks = sorted((str(t.id), t.estimation, str(t.start_date), str(t.due_date), t.difficulty, t.nb_drawings,
                        repr(t.data), str(t.updated_at)) for t in m.Task.select())
        return tasks, Counter(e.name for e in m.ApiEvent.select(m.ApiEvent.name))


def test_shot_estimations_dates_difficulty_and_drawings(world):
    before = state(world)[1]
    text = ("Parent,Entity,Estimation,Drawings,Start date,Due date,Difficulty\n"
            "SEQ01,SH01,2,12,2024-01-05,,4\n"
            "seq01,sh02,0.5,,,2024-02-01,\n")
    assert _ok(post_csv(world.client("manager"), path(world), text), 201) == [None, None]
    first, second = task(world, world.ids["SEQ01/SH01"]), task(world, world.ids["SEQ01/SH02"])
    assert (first.estimation, first.nb_drawings, first.difficulty) == (960, 12, 4)  # 2 days of 8 hours, in minutes
    assert (first.start_date, first.due_date) == (datetime(2024, 1, 5), datetime(2024, 1, 8))  # Friday + 1 work day
    assert (second.estimation, second.due_date, second.start_date) == (240, datetime(2024, 2, 1), None)
    assert (state(world)[1] - before)["task:update"] == 2


def test_asset_estimations_match_type_and_name(world):
    text = "Parent;Entity;Estimation;Start date\nCharacter;Victor;3;2024-03-04\nProp;Boat;1;\n"
    assert _ok(post_csv(world.admin, path(world, "Modeling"), text), 201) == [None, None]
    victor = task(world, world.ids["Victor"], "Modeling")
    assert (victor.estimation, victor.start_date, victor.due_date) == (1440, datetime(2024, 3, 4),
                                                                       datetime(2024, 3, 6))
    assert task(world, world.ids["Boat"], "Modeling").estimation == 480


def test_task_descriptor_columns_go_to_the_task_data(world):
    admin, project = world.admin, world.ids["P"]
    base = f"/data/projects/{project}/metadata-descriptors"
    for name, task_type, kind in (("Contractor", "Animation", "string"), ("Other", "Modeling", "string"),
                                  ("Takes", "Animation", "number")):
        _ok(admin.simulate_post(base, json={"entity_type": "Task", "task_type_id": world.ids[task_type],
                                            "name": name, "data_type": kind}), 201)
    shot = task(world, world.ids["SEQ01/SH01"])
    _ok(admin.simulate_put(f"/data/tasks/{shot.id}", json={"data": {"note": "keep me"}}))
    text = "Parent,Entity,Contractor,Other,Takes\nSEQ01,SH01,Studio A,nope,3\n"
    assert _ok(post_csv(admin, path(world), text), 201) == [None]
    assert task(world, world.ids["SEQ01/SH01"]).data == {"note": "keep me", "contractor": "Studio A", "takes": "3"}
    before = state(world)
    refused = post_csv(admin, path(world), "Parent,Entity,Takes\nSEQ01,SH02,2\nSEQ01,SH01,many\n")
    assert refused.status_code == 400 and refused.json["line_number"] == 3, refused.text
    assert state(world) == before


@pytest.mark.parametrize(("last_line", "words"), [
    ("SEQ01,SH09,1,", "Entity not found: no shot 'SH09' under 'SEQ01'"),
    ("SEQ09,SH01,1,", "Entity not found"),
    ("SEQ01,SH02,soon,", "A value is invalid: Estimation: 'soon'"),
    ("SEQ01,SH02,1,05/01/2024", "A value is invalid: Start date: '05/01/2024' is not a date"),
    ("SEQ01,SH02,-2,", "negative"),
])
def test_a_bad_last_line_refuses_the_whole_file(world, last_line, words):
    before = state(world)
    text = "Parent,Entity,Estimation,Start date\nSEQ01,SH01,9,2025-06-02\n" + last_line + "\n"
    answer = post_csv(world.client("manager"), path(world), text)
    assert answer.status_code == 400, answer.text
    assert (answer.json["line_number"], answer.json["imported_rows"]) == (3, 0) and words in answer.json["message"]
    assert state(world) == before


def test_bad_difficulties_and_entities_without_the_task(world):
    answer = post_csv(world.admin, path(world), "Parent,Entity,Difficulty\nSEQ01,SH01,9\n")
    assert answer.status_code == 400 and "between 1 and 5" in answer.json["message"]
    with world.app.db.connection_context():
        m.Task.delete().where(m.Task.entity == world.ids["Boat"], m.Task.task_type == world.ids["Modeling"]).execute()
    answer = post_csv(world.admin, path(world, "Modeling"), "Parent,Entity,Estimation\nProp,Boat,1\n")
    assert answer.status_code == 400 and answer.json["message"] == "Prop / Boat has no Modeling task."


def test_task_types_are_checked_before_the_file(world):
    unknown = post_csv(world.admin, path(world, "00000000-0000-4000-8000-000000000000"), "Parent,Entity\n")
    assert unknown.status_code == 404
    unnamed = post_csv(world.admin, path(world, "Nothing"), "Parent,Entity\n")
    assert unnamed.status_code == 404 and unnamed.json["message"] == "Task type 'Nothing' not found."
    by_name = post_csv(world.admin, path(world, "animation"), "Parent,Entity,Difficulty\nSEQ01,SH02,2\n")
    assert by_name.status_code == 201 and task(world, world.ids["SEQ01/SH02"]).difficulty == 2
    edit_type = _ok(world.admin.simulate_post("/data/task-types", json={"name": "Conform", "for_entity": "Edit"}),
                    201)["id"]
    refused = post_csv(world.admin, path(world, edit_type), "Parent,Entity\nA,B\n")
    assert refused.status_code == 400 and "shot and asset task types" in refused.json["message"]
    missing = post_csv(world.admin, path(world), "Parent,Estimation\nSEQ01,1\n")
    assert missing.status_code == 400 and missing.json["message"] == "A columns is missing: 'Entity'"


@pytest.mark.parametrize(("role", "status"), [
    ("supervisor", 403), ("user", 403), ("client", 403), ("vendor", 403), ("outsider", 404)])
def test_only_managers_and_admins_import(world, role, status):
    before = state(world)
    answer = post_csv(world.client(role), path(world), "Parent,Entity,Estimation\nSEQ01,SH01,7\n")
    assert answer.status_code == status, answer.text
    assert state(world) == before


def test_an_episode_route_reads_the_episode_only(world):
    admin = world.admin
    show = tv_show(admin, world.app, "Estimation Show")
    ids = _breakdown(admin, world.app, show["id"], episodes=("E01", "E02"))
    text = "Parent,Entity,Estimation\nSEQ01,SH01,1\n"
    ambiguous = post_csv(admin, path(world, project=show["id"]), text)
    assert ambiguous.status_code == 400 and "each episode apart" in ambiguous.json["message"]
    with world.app.db.connection_context():
        episode = str(m.Entity.get(m.Entity.project == show["id"], m.Entity.name == "E02").id)
    assert _ok(post_csv(admin, path(world, project=show["id"], episode=episode), text), 201) == [None]
    assert task(world, ids["E02/SEQ01/SH01"]).estimation == 480
    assert task(world, ids["E01/SEQ01/SH01"]).estimation == 0
    elsewhere = post_csv(admin, path(world, episode=episode), text)
    assert elsewhere.status_code == 404


def test_the_command_takes_the_task_type_and_episode_by_name(app, client, tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from clapboard.cli import make_cli

    for key, value in (("DATABASE_URL", app.config["database_url"]), ("DATA_DIR", app.config["data_dir"]),
                       ("SECRET_KEY", app.secret_key)):
        monkeypatch.setenv(f"CLAPBOARD_{key}", value)
    show = tv_show(client, app, "Command Show")
    ids = _breakdown(client, app, show["id"], episodes=("E01", "E02"))
    path = tmp_path / "estimations.csv"
    path.write_text("Parent;Entity;Estimation;Difficulty\nSEQ01;SH02;1.5;2\n", encoding="utf-8")

    def run(*args):
        return CliRunner().invoke(make_cli(), ["import", "csv", "estimations", str(path), "--project",
                                               "Command Show", "--json", *args], catch_exceptions=False)

    missing = run()
    assert missing.exit_code == 1 and "--task-type" in json.loads(missing.output)["message"]
    done = run("--task-type", "animation", "--episode", "E02")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["updated"] == 1
    with app.db.connection_context():
        animation = m.TaskType.get(m.TaskType.name == "Animation").id
        planned = {str(t.entity_id): (t.estimation, t.difficulty) for t in m.Task.select().where(
            m.Task.task_type == animation)}
    assert planned[ids["E02/SEQ01/SH02"]] == (720, 2) and planned[ids["E01/SEQ01/SH02"]] == (0, 3)
