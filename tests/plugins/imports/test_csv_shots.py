"""POST /import/csv/projects/{id}/shots: Zou's columns and aliases, sequences and episodes, update mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clapboard.plugins.data import models as m

from .csv_support import post_csv, production, shots_path

SAMPLES = Path(__file__).resolve().parents[2] / "zou_samples"


def _shots(client, project) -> dict:
    return {row["name"]: row for row in client.simulate_get(f"/data/projects/{project['id']}/shots").json}


def _events(app, name) -> list[dict]:
    with app.db.connection_context():
        return [e.data for e in m.ApiEvent.select().where(m.ApiEvent.name == name).order_by(m.ApiEvent.created_at)]


def test_shots_are_created_under_their_sequence_with_zou_answer(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project),
                      "Sequence,Name,Description,Frames,Frame In,Frame Out\n"
                      "SQ01,SH050,Imported shot,40,1001,1040\nSQ01,SH060,Imported shot,20,1041,1060\n")
    assert answer.status_code == 201, answer.text
    first, second = answer.json
    assert first["type"] == "Entity" and first["name"] == "SH050" and first["nb_frames"] == 40
    assert first["data"] == {"frame_in": 1001, "frame_out": 1040} and second["data"]["frame_in"] == 1041
    assert first["description"] == "Imported shot" and first["project_id"] == project["id"]
    assert first["parent_id"] == second["parent_id"]
    sequences = client.simulate_get(f"/data/projects/{project['id']}/sequences").json
    assert [s["name"] for s in sequences] == ["SQ01"] and sequences[0]["id"] == first["parent_id"]
    assert set(_shots(client, project)) == {"SH050", "SH060"}


@pytest.mark.parametrize("sample", ["shots", "shots.update"])
def test_answers_have_the_keys_of_the_recorded_zou_answers(app, client, sample):
    recorded = json.loads((SAMPLES / f"POST__import__csv__projects__{{id}}__{sample}.json").read_text())
    project = production(client, app)
    text = "Sequence;Name;Description;Frames;Frame In;Frame Out\nSQ01;SH050;Imported shot;40;1001;1040\n"
    post_csv(client, shots_path(project), text)
    answer = post_csv(client, shots_path(project), text.replace("Imported shot", "Updated"),
                      update=sample.endswith("update"))
    assert answer.status_code == recorded["status"]
    assert set(answer.json[0]) == set(recorded["response_body"][0])
    assert answer.json[0]["description"] == ("Updated" if sample.endswith("update") else "Imported shot")
    assert answer.json[0]["data"] == recorded["response_body"][0]["data"]


def test_aliases_and_fps_and_resolution(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Sequence,Name,Nb Frames,In,Out,FPS,Resolution\n"
                                                   "SQ01,SH010,12,1,12,23.976,1920x1080\nSQ01,SH020,,5,,25,\n")
    assert answer.status_code == 201, answer.text
    one, two = answer.json
    assert one["nb_frames"] == 12 and one["data"] == {"frame_in": 1, "frame_out": 12, "fps": 23.976,
                                                       "resolution": "1920x1080"}
    assert two["nb_frames"] is None and two["data"] == {"frame_in": 5, "fps": 25}


@pytest.mark.parametrize("data", [
    b"Sequence,Name,Description\r\nSQ01,SH010,\"two\r\nlines\"\r\nSQ01,SH020,plain\r\n",
    "\ufeffSequence;Name;Description\r\nSQ01;SH010;\"two\r\nlines\"\r\nSQ01;SH020;plain\r\n".encode("utf-8"),
    b"Sequence;Name;Description\nSQ01;SH010;\"two\r\nlines\"\n\nSQ01;SH020;plain",
])
def test_spreadsheet_made_files(app, client, data):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), data)
    assert answer.status_code == 201, answer.text
    shots = _shots(client, project)
    assert shots["SH010"]["description"] == "two\r\nlines" and shots["SH020"]["description"] == "plain"


def test_non_ascii_names_round_trip(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Sequence;Name;Description\nÉTÉ_01;Plan_é日本;Café crème\n")
    assert answer.status_code == 201, answer.text
    assert answer.json[0]["name"] == "Plan_é日本"
    assert client.simulate_get(f"/data/projects/{project['id']}/sequences").json[0]["name"] == "ÉTÉ_01"
    assert _shots(client, project)["Plan_é日本"]["description"] == "Café crème"


def test_without_update_known_shots_are_left_and_answered_with_update_they_change(app, client):
    project = production(client, app)
    post_csv(client, shots_path(project), "Sequence,Name,Description,Frame In,Frame Out\nSQ01,SH050,First,1001,1040\n")
    again = post_csv(client, shots_path(project), "Sequence,Name,Description\nSQ01,SH050,Second\nSQ01,SH060,New\n")
    assert again.status_code == 201
    assert [row["description"] for row in again.json] == ["First", "New"]
    updated = post_csv(client, shots_path(project), "Sequence,Name,Description,FPS\nSQ01,SH050,Updated,24\n",
                       update=True)
    assert updated.status_code == 201, updated.text
    shots = _shots(client, project)
    assert len(shots) == 2 and shots["SH050"]["id"] == again.json[0]["id"]
    assert shots["SH050"]["description"] == "Updated"
    assert shots["SH050"]["data"] == {"frame_in": 1001, "frame_out": 1040, "fps": 24}  # merged, not replaced
    assert [e["shot_id"] for e in _events(app, "shot:update")] == [shots["SH050"]["id"]]


def test_a_shot_named_twice_in_a_file_is_one_shot(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Sequence,Name,Description\nSQ01,SH010,a\nSQ01,SH010,b\n")
    assert answer.status_code == 201 and answer.json[0]["id"] == answer.json[1]["id"]
    assert answer.json[0]["description"] == "a"  # without update, a later line leaves it
    again = post_csv(client, shots_path(project), "Sequence,Name,Description\nSQ02,SH010,c\nSQ02,SH010,d\n",
                     update=True)
    assert again.json[0]["description"] == "d" and again.json[0]["id"] != answer.json[0]["id"]  # another sequence
    assert len(client.simulate_get(f"/data/projects/{project['id']}/shots").json) == 2


def test_events_tasks_and_creator(app, client):
    project = production(client, app, shot_types=("Animation", "Compositing"))
    answer = post_csv(client, shots_path(project), "Sequence,Name\nSQ01,SH010\nSQ01,SH020\nSQ02,SH030\n")
    assert answer.status_code == 201
    ids = [row["id"] for row in answer.json]
    assert [e["shot_id"] for e in _events(app, "shot:new")] == ids
    assert len(_events(app, "sequence:new")) == 2
    assert all(e["project_id"] == project["id"] for e in _events(app, "shot:new"))
    with app.db.connection_context():
        tasks = list(m.Task.select(m.Task.entity, m.TaskType.name).join(m.TaskType).tuples())
    assert sorted((str(entity), name) for entity, name in tasks) == sorted(
        (shot, name) for shot in ids for name in ("Animation", "Compositing"))
    assert len(_events(app, "task:new")) == 6


def test_tv_show_shots_need_their_episode(app, client):
    project = production(client, app, tv=True)
    missing = post_csv(client, shots_path(project), "Sequence,Name\nSQ01,SH010\n")
    assert missing.status_code == 400 and missing.json["message"] == "A columns is missing: 'Episode'"
    answer = post_csv(client, shots_path(project), "Episode,Sequence,Name\nE01,SQ01,SH010\nE02,SQ01,SH010\n")
    assert answer.status_code == 201, answer.text
    assert answer.json[0]["id"] != answer.json[1]["id"]  # same names, other episode
    episodes = {e["name"]: e["id"] for e in client.simulate_get(f"/data/projects/{project['id']}/episodes").json}
    assert set(episodes) == {"E01", "E02"}  # E01 is the show's first episode, reused
    sequences = client.simulate_get(f"/data/projects/{project['id']}/sequences").json
    assert sorted(s["parent_id"] for s in sequences) == sorted(episodes.values())


def test_episode_column_is_ignored_outside_tv_shows(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Episode,Sequence,Name\nE01,SQ01,SH010\n")
    assert answer.status_code == 201
    assert client.simulate_get(f"/data/projects/{project['id']}/episodes").json == []


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Sequence,Name\nSQ01,SH010\n,SH020\n", 3, "sequence is required"),
    ("Sequence,Name\nSQ01,\n", 2, "name is required"),
    ("Sequence,Name,Frames\nSQ01,SH010,10\nSQ01,SH020,ten\n", 3, "Frames"),
    ("Sequence,Name,Frame In\nSQ01,SH010,10.5\n", 2, "whole number"),
    ("Sequence,Name,FPS\nSQ01,SH010,fast\n", 2, "FPS"),
    ("Name\nSH010\n", 2, "A columns is missing: 'Sequence'"),
    ("Sequence,Name\nSQ01,SH010\nSQ01," + "x" * 161 + "\n", 3, "Name: longer than 160"),
    ("Sequence,Name\n" + "y" * 161 + ",SH010\n", 2, "Sequence: longer than 160"),
])
def test_bad_lines_are_refused_with_their_line(app, client, text, line, words):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), text)
    assert answer.status_code == 400
    assert answer.json["line_number"] == line and words in answer.json["message"]
    assert answer.json["error"] is True and answer.json["imported_rows"] == 0
    assert _shots(client, project) == {}


def test_unknown_project_is_404_and_update_flag_is_checked(app, client):
    answer = post_csv(client, "/import/csv/projects/00000000-0000-0000-0000-000000000000/shots", "Sequence,Name\n")
    assert answer.status_code == 404
    project = production(client, app)
    body = post_csv(client, shots_path(project) + "?update=maybe", "Sequence,Name\nSQ,SH\n")
    assert body.status_code == 400 and "update" in body.json["message"]


def test_a_header_only_file_imports_nothing(app, client):
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Sequence,Name,Description\n")
    assert answer.status_code == 201 and answer.json == []


def test_the_api_prefix_serves_the_same_route(app, client):
    project = production(client, app)
    answer = post_csv(client, "/api" + shots_path(project), "Sequence,Name\nSQ01,SH010\n")
    assert answer.status_code == 201 and answer.json[0]["name"] == "SH010"
