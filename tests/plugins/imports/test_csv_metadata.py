"""Metadata columns: named like a descriptor, stored under its field name, judged by its type."""

from __future__ import annotations

import pytest

from clapboard.testing import make_client

from .csv_support import counts, post_csv, production, shots_path


def _descriptor(client, project, name, data_type="string", entity_type="Shot", **extra):
    answer = client.simulate_post(f"/data/projects/{project['id']}/metadata-descriptors",
                                  json={"entity_type": entity_type, "name": name, "data_type": data_type, **extra})
    assert answer.status_code == 201, answer.text
    return answer.json


@pytest.fixture
def show(app, client):
    project = production(client, app)
    _descriptor(client, project, "Difficulty", "list", choices=["easy", "hard"])
    _descriptor(client, project, "Frames to do", "number")
    _descriptor(client, project, "Approved", "boolean")
    _descriptor(client, project, "Owner", "person")
    _descriptor(client, project, "Style", "string", entity_type="Asset")
    return project


def test_descriptor_columns_go_to_data_as_zou_stores_them(app, client, show):
    owner = client.simulate_post("/data/persons", json={"first_name": "Anne", "last_name": "Owner",
                                                        "email": "anne@example.com"}).json
    outsider = client.simulate_post("/data/persons", json={"first_name": "Out", "last_name": "Sider"}).json
    refused = post_csv(client, shots_path(show), "Sequence,Name,Owner\nSQ01,SH010,Out Sider\n")
    assert refused.status_code == 400 and refused.json["errors"][0]["path"] == "data.owner"
    assert outsider["id"] in refused.json["message"] and refused.json["line_number"] == 2
    client.simulate_put(f"/data/projects/{show['id']}", json={"team": [owner["id"]]})
    answer = post_csv(client, shots_path(show), "Sequence,Name,Difficulty,Frames to do,Approved,Owner,Style,Other\n"
                                                "SQ01,SH010,hard,12,Yes,Anne Owner,ignored,ignored\n"
                                                "SQ01,SH020,easy,,off,anne@example.com,,\n")
    assert answer.status_code == 201, answer.text
    first, second = answer.json
    assert first["data"] == {"difficulty": "hard", "frames_to_do": "12", "approved": "true", "owner": owner["id"]}
    assert second["data"] == {"difficulty": "easy", "approved": "false", "owner": owner["id"]}  # empty: not set


def test_asset_descriptors_apply_to_assets_only(app, client, show):
    answer = post_csv(client, f"/import/csv/projects/{show['id']}/assets", "Type,Name,Style,Difficulty\n"
                                                                          "Prop,Lamp,Art déco,hard\n")
    assert answer.status_code == 201 and answer.json[0]["data"] == {"style": "Art déco"}


def test_update_keeps_the_values_of_columns_the_file_lacks_and_clears_empty_cells(app, client, show):
    post_csv(client, shots_path(show), "Sequence,Name,Difficulty,Frames to do,Approved\nSQ01,SH010,hard,12,yes\n")
    answer = post_csv(client, shots_path(show), "Sequence,Name,Difficulty,Approved\nSQ01,SH010,easy,\n",
                      update=True)
    assert answer.json[0]["data"] == {"difficulty": "easy", "frames_to_do": "12"}


@pytest.mark.parametrize(("cells", "words"), [
    ("medium,1,yes,", "difficulty"),
    ("easy,many,yes,", "frames_to_do"),
    ("easy,1,perhaps,", "Approved"),
    ("easy,1,yes,Nobody", "Person not found for Nobody"),
])
def test_a_wrong_value_on_the_last_of_50_lines_writes_nothing(app, client, show, cells, words):
    lines = [f"SQ{n // 10:02d},SH{n:03d},easy,{n},no," for n in range(49)]
    text = "Sequence,Name,Difficulty,Frames to do,Approved,Owner\n" + "\n".join(lines) + f"\nSQ99,SH999,{cells}\n"
    before = counts(app)
    answer = post_csv(client, shots_path(show), text)
    assert answer.status_code == 400, answer.text
    assert answer.json["line_number"] == 51 and words in answer.json["message"]
    assert answer.json["imported_rows"] == 0 and counts(app) == before


def test_the_first_refused_line_is_named_among_several(app, client, show):
    text = "Sequence,Name,Frames to do\n" + "".join(f"SQ01,SH{n:03d},{'x' if n in (17, 30) else n}\n"
                                                      for n in range(40))
    answer = post_csv(client, shots_path(show), text)
    assert answer.status_code == 400 and answer.json["line_number"] == 19  # SH017, after the header


def test_without_the_metadata_plugin_such_columns_are_ignored(make_app):
    app = make_app(plugins=["data", "auth", "imports"])
    client = make_client(app)
    project = production(client, app)
    answer = post_csv(client, shots_path(project), "Sequence,Name,Difficulty,FPS\nSQ01,SH010,whatever,25\n")
    assert answer.status_code == 201, answer.text
    assert answer.json[0]["data"] == {"fps": 25}
