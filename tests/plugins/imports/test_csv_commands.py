"""``clapboard import csv KIND FILE``: the routes' code path from the command line, summary and --json."""

from __future__ import annotations

import json
import uuid

import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli
from clapboard.plugins.data import models as m

from .csv_support import counts, production


@pytest.fixture
def cli(app, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", app.secret_key)

    def run(*args, code=0):
        result = CliRunner().invoke(make_cli(), ["import", "csv", *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return run


@pytest.fixture
def show(app, client):
    return production(client, app, name="Série Été")


def _file(tmp_path, text: str, name="file.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return str(path)


def test_shots_import_by_project_name_with_a_summary(cli, app, client, show, tmp_path):
    path = _file(tmp_path, "Sequence;Name;Frames\r\nSQ01;SH010;24\r\nSQ01;SH020;48\r\n")
    output = cli("shots", path, "--project", "Série Été")
    assert "Imported 2 lines of shots into Série Été: 2 created, 0 updated, 0 unchanged" in output
    assert "4 tasks created" in output and "1 sequences created" in output
    shots = client.simulate_get(f"/data/projects/{show['id']}/shots").json
    assert sorted((s["name"], s["nb_frames"]) for s in shots) == [("SH010", 24), ("SH020", 48)]
    updated = json.loads(cli("shots", _file(tmp_path, "Sequence,Name,Frames\nSQ01,SH010,30\n"), "--project",
                             show["id"], "--update", "--json"))
    assert updated == {"kind": "shots", "project": "Série Été", "rows": 1, "created": 0, "updated": 1,
                       "unchanged": 0}
    with app.db.connection_context():
        assert m.ApiEvent.select().where(m.ApiEvent.name == "shot:update").count() == 1


def test_a_refused_file_prints_the_line_and_writes_nothing(cli, app, show, tmp_path):
    before = counts(app)
    path = _file(tmp_path, "Sequence,Name,Frames\nSQ01,SH010,24\nSQ01,SH020,many\n")
    output = cli("shots", path, "--project", "Série Été", code=1)
    assert "line 3:" in output and "Frames" in output and "nothing was imported" in output
    refusal = json.loads(cli("shots", path, "--project", "Série Été", "--json", code=1))
    assert refusal["line_number"] == 3 and refusal["imported_rows"] == 0
    assert counts(app) == before


def test_statuses_need_a_person_named_with_as(cli, app, show, tmp_path):
    with app.db.connection_context():
        m.Person.create(id=uuid.uuid4(), first_name="Pat", last_name="Lead", email="pat@example.com",
                        role="manager")
    path = _file(tmp_path, "Type,Name,Modeling,Modeling comment\nProp,Lamp,wip,Started\n")
    assert "--as EMAIL" in cli("assets", path, "--project", "Série Été", code=1)
    output = cli("assets", path, "--project", "Série Été", "--as", "pat@example.com")
    assert "1 created" in output and "1 comments" in output
    with app.db.connection_context():
        comment = m.Comment.get(m.Comment.text == "Started")
        assert comment.person.email == "pat@example.com"
        assert m.Entity.get(m.Entity.name == "Lamp").creator.email == "pat@example.com"


def test_persons_and_usage_errors(cli, app, tmp_path):
    path = _file(tmp_path, "First Name,Last Name,Email,Role\nAda,Lovelace,ada@example.com,Supervisor\n")
    assert "1 created" in cli("persons", path)
    with app.db.connection_context():
        assert m.Person.get(m.Person.email == "ada@example.com").role == "supervisor"
    assert "takes no --project" in cli("persons", path, "--project", "X", code=2)
    assert "needs --project" in cli("shots", path, code=2)
    assert "no project named" in cli("shots", path, "--project", "Nope", code=1)
    assert "no person" in cli("persons", path, "--as", "nobody@example.com", code=1)
    assert "takes no --task-type" in cli("shots", path, "--project", "Nope", "--task-type", "Animation", code=2)
