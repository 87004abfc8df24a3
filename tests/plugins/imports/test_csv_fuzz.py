"""Random files on every CSV import route: a 201 or a clear 4xx in Zou's shape, never a 500.

The files mix the columns every kind reads with cells that trouble parsers and
databases (long names, NUL, numbers out of range, formulas, non-ASCII, a bad
encoding), on a TV show with a typed descriptor and on a short film. The seed is
fixed: a failure names the file that caused it.
"""

from __future__ import annotations

import random

from .csv_support import post_csv, production

COLUMNS = ("Episode", "Sequence", "Name", "Type", "Description", "Frames", "Frame In", "Frame Out", "FPS",
           "Resolution", "Ready for", "Animation", "Animation comment", "Animation assignations", "Modeling",
           "Difficulty", "First Name", "Last Name", "Email", "Role", "Departments", "Studio", "Active", "Country",
           "Daily Salary", "Assignations", "Nb Frames", "In", "Out")
REQUIRED = (("Sequence", "Name"), ("Type", "Name"), ("Name",), ("First Name", "Last Name", "Email"))
CELLS = ("", "SQ01", "SH010", "x" * 170, "1001", "-5", "1e400", "nan", "abc", "todo", "wip", "Prop", "Shot",
         "yes", "maybe", "a@b.c", "not mail", "É", "\x00", "'=1+1", "1,5", "99999999999", "Layout", "E01", "MP",
         "Animation,Modeling", "fr", "zz", " ")


def _file(rng: random.Random) -> bytes:
    columns = list(dict.fromkeys(rng.sample(COLUMNS, rng.randint(1, 6)) + list(rng.choice(REQUIRED))))
    delimiter = rng.choice(",;")
    lines = [delimiter.join(columns)]
    for _ in range(rng.randint(0, 4)):
        lines.append(delimiter.join(rng.choice(CELLS) for _ in range(len(columns) + (rng.random() < 0.1))))
    if rng.random() < 0.05:
        return bytes(rng.randrange(256) for _ in range(60))
    return ("\r\n" if rng.random() < 0.5 else "\n").join(lines).encode("utf-8")


def test_random_files_never_make_a_server_error(app, client):
    rng = random.Random(20261206)
    tv = production(client, app, name="TV", tv=True, edit_types=("Edit",))
    short = production(client, app, name="Short")
    client.simulate_post(f"/data/projects/{tv['id']}/metadata-descriptors",
                         json={"entity_type": "Shot", "name": "Difficulty", "data_type": "number"})
    paths = [f"/import/csv/projects/{project['id']}/{kind}" for project in (tv, short)
             for kind in ("shots", "assets", "edits")] + ["/import/csv/persons"]
    refused = []
    for _ in range(600):
        data, path = _file(rng), rng.choice(paths)
        answer = post_csv(client, path, data, update=rng.random() < 0.5)
        if answer.status_code == 400:
            assert answer.json["error"] is True and answer.json["imported_rows"] == 0, answer.text
            refused.append(answer.json["message"])
        assert answer.status_code in (201, 400), (path, data, answer.status_code, answer.text)
    assert len(refused) < 600  # some files were imported
