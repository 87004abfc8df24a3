"""Every export route answers Zou's columns, order, cell forms, content type and attachment name.

The production (``production.py``) mirrors the recorded Zou samples
(``GET__export__csv__*.json``): a TV show with descriptors on shots and
assets, tasks with assignees and time, casting. Whole files are compared, so
a column out of place, a cell in another form (``0.12`` days, ``60.0``
minutes, ``true``/``false``), another delimiter or line end fails here. Names
are not ASCII (the project, a person, a description) and come back as UTF-8.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import rows

SAMPLES = Path("/work/shared/zou/samples")
PROJECT_CSV = "text/csv"
STUDIO_CSV = "text/csv; charset=utf-8"


def _get(client, path, status=200):
    answer = client.simulate_get(path)
    assert answer.status_code == status, answer.text
    return answer


def test_shots(world):
    app, client, production = world
    answer = _get(client, f"/export/csv/projects/{production.ids['project']}/shots.csv")
    assert answer.headers["content-type"] == PROJECT_CSV
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_elan_film_shots.csv"
    assert rows(answer) == [
        "Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;Camera;Difficulty;"
        "Layout;Assignations;Animation;Assignations",
        "Élan Film;E01;SQ01;SH010;Opening shot;0.00;48;1001;1048;;\"'=HYPERLINK(\"\"x\"\")\";hard;wip;"
        "Sam Pler,Zoë Brontë;todo;Zoë Brontë",
        "Élan Film;E01;SQ01;SH020;Second shot — été;0.12;72;-5;66;;;easy;wip;Zoë Brontë;;",
        "",
    ]


def test_assets(world):
    app, client, production = world
    answer = _get(client, f"/export/csv/projects/{production.ids['project']}/assets.csv")
    assert answer.headers["content-type"] == PROJECT_CSV
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_elan_film_assets.csv"
    assert rows(answer) == [
        "Project;Type;Name;Description;Time Spent;Ready;Modeling;Assignations",
        "Élan Film;Character;Hero;Hero asset;0.00;true;wfa;Sam Pler",
        "Élan Film;Environment;Forest;Forest asset;0.00;false;;",
        "",
    ]


def test_edits(world):
    app, client, production = world
    answer = _get(client, f"/export/csv/projects/{production.ids['project']}/edits.csv")
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_elan_film_edits.csv"
    assert rows(answer) == ["Project;Episode;Name;Description;Time Spent", "Élan Film;E01;Trailer;;0.00", ""]


@pytest.mark.parametrize("query, expected", [
    ("", ["Episode;Parent;Name;Asset Type;Asset;Occurences;Label", "MP;Environment;Forest;Character;Hero;1;"]),
    ("?episode_id=main", ["Episode;Parent;Name;Asset Type;Asset;Occurences;Label",
                          "MP;Environment;Forest;Character;Hero;1;"]),
    ("?is_shot_casting=true", ["Episode;Parent;Name;Asset Type;Asset;Occurences;Label",
                               "E01;SQ01;SH010;Character;Hero;2;animate"]),
    # casting a shot casts the asset in the shot's episode too (Zou's rule): the episodes' casting
    ("?episode_id=all", ["Parent;Name;Asset Type;Asset;Occurences;Label", "Episode;E01;Character;Hero;1;"]),
])
def test_casting_variants(world, query, expected):
    app, client, production = world
    answer = _get(client, f"/export/csv/projects/{production.ids['project']}/casting.csv{query}")
    assert answer.headers["content-type"] == PROJECT_CSV
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_elan_film_casting.csv"
    assert rows(answer) == [*expected, ""]


def test_casting_of_one_episode_keeps_the_main_pack(world):
    app, client, production = world
    path = f"/export/csv/projects/{production.ids['project']}/casting.csv"
    answer = _get(client, f"{path}?is_shot_casting=true&episode_id={production.ids['E01']}")
    assert rows(answer)[1:] == ["E01;SQ01;SH010;Character;Hero;2;animate", ""]
    other = _get(client, f"{path}?is_shot_casting=true&episode_id={production.ids['Hero']}")
    assert rows(other)[1:] == [""]


def test_persons(world):
    app, client, production = world
    answer = _get(client, "/export/csv/persons.csv")
    assert answer.headers["content-type"] == STUDIO_CSV
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_people_export.csv"
    lines = rows(answer)
    assert lines[0] == ("First Name;Last Name;Email;Phone;Role;Departments;Studio;Country;Contract Type;Position;"
                        "Seniority;Daily Salary;Active")
    assert [line.split(";")[:2] for line in lines[1:-1]] == [["Sam", "Pler"], ["Zoë", "Brontë"]]
    assert lines[2].split(";")[4:] == ["user", "", "", "", "open-ended", "artist", "mid", "0", "yes"]


def test_projects_tasks_time_spents_and_task_types(world):
    app, client, production = world
    answer = _get(client, "/export/csv/projects.csv")
    assert (answer.headers["content-type"], answer.headers["content-disposition"]) == (
        STUDIO_CSV, "attachment; filename=kitsu_export.csv")
    assert rows(answer) == ["Name;Status", "Élan Film;Open", ""]

    answer = _get(client, "/export/csv/tasks.csv")
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_tasks_export.csv"
    assert rows(answer) == [
        "Project;Task Type;Episode;Sequence;Entity Type;Entity;Assigner;Assignees;Duration;Estimation;Start date;"
        "Due date;WIP date;Validation date;Task Status",
        "Élan Film;Animation;E01;SQ01;Shot;SH010;;Zoë Brontë;0.0;0.0;;;;;Todo",
        "Élan Film;Layout;E01;SQ01;Shot;SH010;;Sam Pler, Zoë Brontë;0.0;0.0;;;;;Work In Progress",
        "Élan Film;Layout;E01;SQ01;Shot;SH020;;Zoë Brontë;60.0;0.0;;;;;Work In Progress",
        "Élan Film;Modeling;;;Character;Hero;;Sam Pler;0.0;0.0;2026-11-02;2026-11-20;2026-11-03;;Waiting For Approval",
        "",
    ]

    answer = _get(client, "/export/csv/time-spents.csv")
    assert answer.headers["content-type"] == STUDIO_CSV
    name = answer.headers["content-disposition"].removeprefix("attachment; filename=")
    assert name.startswith("kitsu_20") and name.endswith("_open_projects_time_spents_export.csv")
    assert rows(answer) == ["Project;Person;Entity Type Name;Entity;Task Type;Date;Time spent",
                            "Élan Film;Zoë Brontë;Shot;E01 / SQ01 / SH020;Layout;2026-11-28;60.0", ""]

    answer = _get(client, "/export/csv/task-types.csv")
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_export.csv"
    lines = rows(answer)
    assert lines[:3] == ["Department;Name", "Animation;Animation", "Compositing;Compositing"]
    assert lines[1:-1] == sorted(lines[1:-1], key=lambda line: line.split(";")) and lines[-1] == ""


def test_closed_projects_leave_the_task_and_time_lists(world):
    app, client, production = world
    closed = client.simulate_get("/data/project-status").json
    closed_id = next(status["id"] for status in closed if status["name"] == "Closed")
    open_id = production.ids["open"]
    project = production.ids["project"]
    try:
        assert client.simulate_put(f"/data/projects/{project}", json={"project_status_id": closed_id}).status_code \
            == 200
        assert rows(_get(client, "/export/csv/tasks.csv"))[1:] == [""]
        assert rows(_get(client, "/export/csv/time-spents.csv"))[1:] == [""]
        assert rows(_get(client, "/export/csv/projects.csv"))[1:] == ["Élan Film;Closed", ""]
    finally:
        client.simulate_put(f"/data/projects/{project}", json={"project_status_id": open_id})


@pytest.mark.parametrize("sample, path", [
    ("GET__export__csv__projects__{id}__shots.csv.json", "/export/csv/projects/{id}/shots.csv"),
    ("GET__export__csv__projects__{id}__assets.csv.json", "/export/csv/projects/{id}/assets.csv"),
    ("GET__export__csv__projects__{id}__edits.csv.json", "/export/csv/projects/{id}/edits.csv"),
    ("GET__export__csv__projects__{id}__casting.csv.json", "/export/csv/projects/{id}/casting.csv"),
    ("GET__export__csv__persons.csv.json", "/export/csv/persons.csv"),
    ("GET__export__csv__projects.csv.json", "/export/csv/projects.csv"),
    ("GET__export__csv__tasks.csv.json", "/export/csv/tasks.csv"),
    ("GET__export__csv__time-spents.csv.json", "/export/csv/time-spents.csv"),
    ("GET__export__csv__task-types.csv.json", "/export/csv/task-types.csv"),
])
def test_the_recorded_samples_shape(world, sample, path):
    """Same content type, same fixed columns and the same number of cells per row as Zou's recorded answer."""

    if not (SAMPLES / sample).exists():
        pytest.skip("the recorded Zou samples are not on this machine")
    recorded = json.loads((SAMPLES / sample).read_text())
    app, client, production = world
    answer = _get(client, path.replace("{id}", production.ids["project"]))
    assert answer.headers["content-type"] == recorded["response_headers"]["content-type"]
    theirs = recorded["response_body"]["first_lines"]
    ours = rows(answer)
    fixed = {"shots.csv": 10, "assets.csv": 5, "edits.csv": 5}.get(path.rsplit("/", 1)[-1])
    if fixed is None:
        assert ours[0] == theirs[0]
    else:  # descriptors and task types differ between the two productions: the fixed columns are Zou's
        assert ours[0].split(";")[:fixed] == theirs[0].split(";")[:fixed]
        assert ours[0].endswith("Assignations") == theirs[0].endswith("Assignations")
    for line in ours[1:-1]:
        assert len(line.split(";")) == len(ours[0].split(";")), line
    for line in theirs[1:]:
        assert len(line.split(";")) == len(theirs[0].split(";")), line


def test_playlist(world):
    app, client, production = world
    ids = production.ids
    preview = client.simulate_post("/data/preview-files", json={"task_id": ids["T-layout-10"], "revision": 3,
                                                                "name": "v3"})
    assert preview.status_code == 201, preview.text
    body = {"name": "Review — 1", "project_id": ids["project"], "episode_id": ids["E01"], "for_entity": "shot",
            "shots": [{"entity_id": ids["SH010"], "preview_file_id": preview.json["id"]},
                      {"entity_id": ids["SH020"]}, {"entity_id": "not an id", "preview_file_id": 7}]}
    playlist = client.simulate_post("/data/playlists", json=body)
    assert playlist.status_code == 201, playlist.text
    comment = client.simulate_post("/data/comments", json={
        "object_id": ids["T-layout-10"], "object_type": "Task", "person_id": production.people["zoe"],
        "task_status_id": ids["status:wip"], "text": "+1 looks good"})
    assert comment.status_code == 201, comment.text
    answer = _get(client, f"/export/csv/playlists/{playlist.json['id']}")
    assert answer.headers["content-type"] == PROJECT_CSV
    assert answer.headers["content-disposition"] == "attachment; filename=kitsu_elan_film_playlist_review_1.csv"
    lines = rows(answer)
    created = playlist.json["created_at"][:19]
    assert lines[0] == f"Playlist;Élan Film - E01 | for shots;Review — 1;{created};;;"
    assert lines[1:3] == [";;;;;;", "Entity name;Nb Frames;Task Type;Retake count;Revision;Task Status;"
                                    "Last comment author;Last comment date;Last comment"]
    author, date, text = lines[3].split(";")[6:]
    assert lines[3].split(";")[:6] == ["E01 / SQ01 / SH010", "48", "Layout", "0", "3", "Work In Progress"]
    assert (author, text) == ("Zoë Brontë", "'+1 looks good") and date.startswith("20")
    assert lines[4:] == ["E01 / SQ01 / SH020;72;;;;;;;", ";;;;;;;;", ""]  # a broken entry: empty cells
    assert _get(client, "/export/csv/playlists/" + "0" * 32, status=404).json["error"] is True
