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


def test_two_imports_at_once_create_a_new_sequence_once(gazu_session, show, tmp_path):
    """Two files naming the same new episode and sequence, sent together: both imported, no duplicate."""

    import threading

    import requests

    c = gazu_session.client
    url = f"{gazu_session.live.url}/api/import/csv/projects/{show['id']}/shots"
    headers = {"Authorization": f"Bearer {c.tokens['access_token']}"}
    files = [("Episode,Sequence,Name\n" + "".join(f"E09,SQ99,SH{side}{n:03d}\n" for n in range(200))).encode()
             for side in ("A", "B")]
    answers, start = [], threading.Barrier(2)

    def send(data):
        start.wait()
        answers.append(requests.post(url, headers=headers, files={"file": ("shots.csv", data, "text/csv")},
                                     timeout=120))

    threads = [threading.Thread(target=send, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answer.status_code for answer in answers) == [201, 201], [a.text[:200] for a in answers]
    episodes = [e for e in gazu.shot.all_episodes_for_project(show, client=c) if e["name"] == "E09"]
    sequences = [s for s in gazu.shot.all_sequences_for_project(show, client=c) if s["name"] == "SQ99"]
    assert len(episodes) == 1 and len(sequences) == 1 and sequences[0]["parent_id"] == episodes[0]["id"]
    shots = gazu.shot.all_shots_for_sequence(sequences[0], client=c)
    assert len(shots) == 400
