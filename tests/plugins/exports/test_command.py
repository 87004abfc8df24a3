"""``clapboard export csv KIND``: the route's bytes, to a file or stdout, with a JSON summary for scripts.

The command runs on the test app's own database (through the same
environment variables as ``clapboard serve``), as the system actor; every
kind is compared with what the route answers the admin.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli


@pytest.fixture(scope="module")
def cli(world):
    app = world[0]
    env = {"CLAPBOARD_DATABASE_URL": app.config["database_url"], "CLAPBOARD_DATA_DIR": app.config["data_dir"],
           "CLAPBOARD_SECRET_KEY": app.secret_key}

    def run(*args, code=0):
        result = CliRunner().invoke(make_cli(), ["export", "csv", *args], env=env, catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return run


KINDS = [("assets", "/export/csv/projects/{project}/assets.csv"), ("shots", "/export/csv/projects/{project}/shots.csv"),
         ("edits", "/export/csv/projects/{project}/edits.csv"),
         ("casting", "/export/csv/projects/{project}/casting.csv"), ("persons", "/export/csv/persons.csv"),
         ("projects", "/export/csv/projects.csv"), ("tasks", "/export/csv/tasks.csv"),
         ("time-spents", "/export/csv/time-spents.csv"), ("task-types", "/export/csv/task-types.csv")]


@pytest.mark.parametrize("kind, path", KINDS)
def test_each_kind_writes_the_routes_bytes_to_a_file(cli, world, tmp_path, kind, path):
    app, client, production = world
    target = tmp_path / f"{kind}.csv"
    result = cli(kind, "--project", "Élan Film", "-o", str(target), "--json")
    expected = client.simulate_get(path.format(project=production.ids["project"])).content
    assert target.read_bytes() == expected
    summary = json.loads(result.stdout)
    app.schemas.validate("exports/summary", summary)
    assert summary["kind"] == kind and summary["bytes"] == len(expected) and summary["file"] == str(target)
    assert summary["rows"] == expected.count(b"\r\n") - 1 and summary["name"].startswith("kitsu_")


def test_progress_on_stderr(cli, world, tmp_path):
    result = cli("tasks", "-o", str(tmp_path / "tasks.csv"), "--progress")
    assert "Exporting" in result.stderr and result.stdout == ""
    assert "Exporting" not in cli("tasks", "-o", str(tmp_path / "quiet.csv")).stderr


def test_stdout_and_filters(cli, world):
    app, client, production = world
    result = cli("shots", "--project", production.ids["project"], "--episode", production.ids["E01"])
    assert result.stdout_bytes == client.simulate_get(
        f"/export/csv/projects/{production.ids['project']}/shots.csv?episode_id={production.ids['E01']}").content
    casting = cli("casting", "--project", "Élan Film", "--shot-casting")
    assert casting.stdout_bytes.decode().splitlines()[1] == "E01;SQ01;SH010;Character;Hero;2;animate"
    summary = cli("projects", "--json")
    assert json.loads(summary.stderr)["rows"] == 1  # the CSV took stdout: the summary goes to stderr
    assert summary.stdout_bytes.startswith(b"Name;Status\r\n")


def test_playlist_and_refusals(cli, world):
    app, client, production = world
    playlist = client.simulate_post("/data/playlists", json={"name": "CLI review", "project_id":
                                                             production.ids["project"], "shots": []}).json
    result = cli("playlist", "--playlist", playlist["id"])
    assert result.stdout_bytes == client.simulate_get(f"/export/csv/playlists/{playlist['id']}").content
    assert "needs --project" in cli("shots", code=2).output
    assert "needs --playlist" in cli("playlist", code=2).output
    assert "no project named 'Nope'" in cli("assets", "--project", "Nope", code=1).output
    assert "not found" in cli("playlist", "--playlist", "f" * 32, code=1).output
    assert "Invalid value" in cli("everything", code=2).output
