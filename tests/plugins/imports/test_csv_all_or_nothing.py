"""All or nothing: a bad last line of a 50-line file leaves the database exactly as it was.

Zou keeps the lines before the bad one; here the whole file is one
transaction. The files touch everything an import writes (new episodes,
sequences, asset types, entities, tasks, comments, assignments, events,
notifications, people), and the update-mode files rewrite existing rows, so
the snapshot compares row counts and the contents (with ``updated_at``).
"""

from __future__ import annotations

import pytest

from .csv_support import logged_in_world, post_csv, snapshot


@pytest.fixture
def world(make_app):
    return logged_in_world(make_app)


def _shots(bad: str, word: str = "Shot") -> str:
    rows = [f"SQ{n // 10:02d},SH{n:03d},{word} {n},{n + 1},wip,Note {n},User Matrix" for n in range(49)]
    return "Sequence,Name,Description,Frames,Animation,Animation comment,Animation assignations\n" + \
        "\n".join(rows) + f"\n{bad}\n"


def _assets(bad: str, word: str = "Asset") -> str:
    rows = [f"{'Vehicle' if n % 2 else 'Prop'},Asset {n},{word} n°{n},wip,User Matrix" for n in range(49)]
    return "Type,Name,Description,Modeling,Modeling assignations\n" + "\n".join(rows) + f"\n{bad}\n"


def _edits(bad: str, word: str = "Edit") -> str:
    return "Name,Description\n" + "\n".join(f"Cut {n},{word} {n}" for n in range(49)) + f"\n{bad}\n"


def _persons(bad: str, word: str = "First") -> str:
    rows = [f"{word}{n},Last{n},person{n}@example.com,{'Animation' if word == 'First' else 'Modeling'}"
            for n in range(49)]
    return "First Name,Last Name,Email,Departments\n" + "\n".join(rows) + f"\n{bad}\n"


CASES = {
    "shots": (_shots, "SQ09,SH999,Last,12,wip,fine,Nobody Known", "Person not found"),
    "assets": (_assets, "Prop,Asset 999,Last,not-a-status,", "Task status not found"),
    "edits": (_edits, ",Nameless", "name is required"),
    "persons": (_persons, "Bad,Person,bad@example.com,No Such Department", "Department not found"),
}


def _path(project, kind):
    return "/import/csv/persons" if kind == "persons" else f"/import/csv/projects/{project['id']}/{kind}"


@pytest.mark.parametrize("kind", sorted(CASES))
@pytest.mark.parametrize("update", [False, True])
def test_an_error_on_the_last_line_of_50_writes_nothing(world, kind, update):
    app, scenario, project = world
    make, bad, words = CASES[kind]
    client = scenario.client("admin" if kind == "persons" else "manager")
    if update:  # the rows exist: the refused file would have rewritten them
        good = make(bad).rsplit("\n", 2)[0] + "\n"
        assert post_csv(client, _path(project, kind), good).status_code == 201
        text = make(bad, "Changed")
    else:
        text = make(bad)
    before = snapshot(app)
    answer = post_csv(client, _path(project, kind), text, update=update)
    assert answer.status_code == 400, answer.text
    assert answer.json["line_number"] == 51 and words in answer.json["message"], answer.json
    assert answer.json["imported_rows"] == 0 and answer.json["error"] is True
    assert snapshot(app) == before
    # The control: the same file without its last line is written (so it is that line that stopped it).
    done = post_csv(client, _path(project, kind), text.rsplit("\n", 2)[0] + "\n", update=update)
    assert done.status_code == 201 and snapshot(app) != before


def test_the_good_part_alone_imports(world):
    """The control: without the bad line the same file is written, so the refusal above is the last line's."""

    app, scenario, project = world
    before = snapshot(app)
    text = _shots("SQ09,SH999,Last,12,wip,fine,User Matrix")
    answer = post_csv(scenario.client("manager"), _path(project, "shots"), text)
    assert answer.status_code == 201 and len(answer.json) == 50
    after = snapshot(app)
    assert after["entity"] == before["entity"] + 56  # 50 shots, 6 sequences
    assert after["comment"] == before["comment"] + 50 and after["task_person_link"] == before["task_person_link"] + 50
