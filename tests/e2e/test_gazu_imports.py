"""The published gazu client's CSV imports against a real server (waitress, real multipart uploads).

gazu 1.3 has ``gazu.asset.import_assets_with_csv`` and
``gazu.shot.import_shots_with_csv`` (no person or edit helper: those routes
are reached with ``gazu.client.upload``, as gazu's helpers do). Each answer
is checked, then what gazu reads back.
"""

from __future__ import annotations

import gazu
import pytest


def _file(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def show(gazu_session):
    c = gazu_session.client
    project = gazu.project.new_project("Import Show", production_type="tvshow", client=c)
    for name in ("Animation", "Modeling"):
        gazu.project.add_task_type(project, gazu.task.get_task_type_by_name(name, client=c), 1, client=c)
    return project


def test_shots_from_a_spreadsheet_file(gazu_session, show, tmp_path):
    c = gazu_session.client
    path = _file(tmp_path, "shots.csv", "\ufeffEpisode;Sequence;Name;Description;Frames;Frame In;Frame Out\r\n"
                                        "E01;SQ01;SH010;\"Plan d'ouverture\r\nsur la ville\";48;1001;1048\r\n"
                                        "E02;SQ01;SH020;Été;24;1;24\r\n")
    answer = gazu.shot.import_shots_with_csv(show, path, client=c)
    assert [(row["name"], row["nb_frames"], row["data"]) for row in answer] == [
        ("SH010", 48, {"frame_in": 1001, "frame_out": 1048}), ("SH020", 24, {"frame_in": 1, "frame_out": 24})]
    shots = {s["name"]: s for s in gazu.shot.all_shots_for_project(show, client=c)}
    assert shots["SH010"]["description"] == "Plan d'ouverture\r\nsur la ville"
    episodes = {e["id"]: e["name"] for e in gazu.shot.all_episodes_for_project(show, client=c)}
    sequences = {s["id"]: (s["name"], episodes[s["parent_id"]]) for s in gazu.shot.all_sequences_for_project(show,
                                                                                                      client=c)}
    assert sorted(sequences[s["parent_id"]] for s in shots.values()) == [("SQ01", "E01"), ("SQ01", "E02")]
    tasks = gazu.task.all_tasks_for_shot(shots["SH020"], client=c)
    assert [t["task_type_name"] for t in tasks] == ["Animation"]
    # gazu's helper takes no ?update: the route does, through the same upload call.
    again = _file(tmp_path, "again.csv", "Episode,Sequence,Name,Description\nE02,SQ01,SH020,Summer\n")
    gazu.client.upload(f"import/csv/projects/{show['id']}/shots?update=true", again, client=c)
    assert gazu.shot.get_shot(shots["SH020"]["id"], client=c)["description"] == "Summer"
    assert len(gazu.shot.all_shots_for_project(show, client=c)) == 2


def test_assets_and_a_refused_file(gazu_session, show, tmp_path):
    c = gazu_session.client
    path = _file(tmp_path, "assets.csv", "Type,Name,Description,Modeling\nCharacter,Hero,The hero,todo\n"
                                         "Prop,Chaise,Une chaise,\n")
    answer = gazu.asset.import_assets_with_csv(show, path, client=c)
    assert [row["name"] for row in answer] == ["Hero", "Chaise"]
    assets = {a["name"]: a for a in gazu.asset.all_assets_for_project(show, client=c)}
    assert assets["Chaise"]["description"] == "Une chaise"
    assert [t["task_type_name"] for t in gazu.task.all_tasks_for_asset(assets["Hero"], client=c)] == ["Modeling"]
    bad = _file(tmp_path, "bad.csv", "Type,Name,Modeling\nProp,Lamp,todo\nProp,Desk,not-a-status\n")
    with pytest.raises(gazu.exception.ParameterException) as refused:
        gazu.asset.import_assets_with_csv(show, bad, client=c)
    assert "Task status not found for not-a-status" in str(refused.value)
    assert {a["name"] for a in gazu.asset.all_assets_for_project(show, client=c)} == {"Hero", "Chaise"}


def test_persons_and_edits_through_gazu_upload(gazu_session, show, tmp_path):
    c = gazu_session.client
    people = _file(tmp_path, "persons.csv", "First Name;Last Name;Email;Role;Departments;Active\n"
                                            "Zoé;Müller;zoe@example.com;Supervisor;Animation;yes\n")
    answer = gazu.client.upload("import/csv/persons", people, client=c)
    assert answer[0]["email"] == "zoe@example.com"
    zoe = gazu.person.get_person_by_email("zoe@example.com", client=c)
    assert (zoe["first_name"], zoe["role"]) == ("Zoé", "supervisor")
    edits = _file(tmp_path, "edits.csv", "Episode,Name,Description\nE01,Teaser,First cut\n")
    answer = gazu.client.upload(f"import/csv/projects/{show['id']}/edits", edits, client=c)
    assert [e["name"] for e in gazu.edit.all_edits_for_project(show, client=c)] == ["Teaser"]
    assert answer[0]["parent_id"] == gazu.shot.get_episode_by_name(show, "E01", client=c)["id"]
