"""A JSON column keeps any JSON value — a string, a number, a list, not only objects — and reads it
back as written, on SQLite (text decoded by the engine) and PostgreSQL (jsonb decoded by the driver:
a Python string there is a JSON string, never text to decode again)."""

import pytest

from clapboard.plugins.data.models import Project

from .factory import Factory


@pytest.mark.parametrize("value", ["tree", "", 42, 1.5, True, ["a", {"b": 1}], {"k": "v"}, None])
def test_a_json_column_reads_back_any_json_value(client, value):
    project = Factory(client).create(Project)
    answer = client.simulate_put(f"/data/projects/{project['id']}", json={"file_tree": value})
    assert answer.status_code == 200, answer.text
    assert answer.json["file_tree"] == value
    again = client.simulate_get(f"/data/projects/{project['id']}")
    assert again.status_code == 200 and again.json["file_tree"] == value
    listed = client.simulate_get("/data/projects", params={"id": project["id"]})
    assert [row["file_tree"] for row in listed.json] == [value]
