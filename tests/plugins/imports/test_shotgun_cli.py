"""``clapboard import shotgun KIND FILE.json``: the routes' import from a file, with a summary."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli
from clapboard.plugins.data.models import ApiEvent, DataImportError, Entity

from .test_shotgun_chain import CHAIN, ORDER, PROJECT


@pytest.fixture
def cli(app, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", app.secret_key)

    def run(*args, code=0):
        result = CliRunner().invoke(make_cli(), ["import", "shotgun", *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return run


def _file(tmp_path, name, payload) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return str(path)


def test_the_whole_chain_imports_from_files(app, client, cli, tmp_path):
    for kind in ORDER:
        out = cli(kind, _file(tmp_path, kind, CHAIN[kind]))
        assert f"{kind}: {len(CHAIN[kind])} imported, 0 refused." in out
    shot = client.simulate_get("/data/shots?shotgun_id=401").json[0]
    assert shot["data"]["frame_out"] == 1049 and shot["created_by"] is None  # the system imported it
    with app.db.connection_context():
        assert ApiEvent.select().where(ApiEvent.name == "shot:new").count() == 2
    again = cli("shots", _file(tmp_path, "shots", CHAIN["shots"]), "--json")
    assert json.loads(again.splitlines()[-1]) == {"kind": "shots", "imported": 2, "errors": []}
    assert len(client.simulate_get("/data/shots").json) == 2


def test_refused_items_are_reported_and_recorded(app, client, cli, tmp_path):
    cli("projects", _file(tmp_path, "projects", CHAIN["projects"]))
    payload = [{"type": "Sequence", "id": 1, "code": "SQ01", "project": PROJECT},
               {"type": "Sequence", "id": 2, "code": "SQ02", "project": {"type": "Project", "id": 9}},
               {"type": "Sequence", "id": 3}]
    path = _file(tmp_path, "sequences", payload)
    out = cli("sequences", path)
    assert "sequences: 1 imported, 2 refused." in out
    assert "item 1 (ShotGrid id 2): The project, Project 9, has not been imported" in out
    assert "item 2 (ShotGrid id 3): code: required field missing" in out
    with app.db.connection_context():
        recorded = {row.id: row.event_data for row in DataImportError.select()}
    report = json.loads(cli("sequences", path, "--json").splitlines()[-1])
    assert report["imported"] == 1 and [e["index"] for e in report["errors"]] == [1, 2]
    assert [e["id"] for e in report["errors"]] == [2, 3]
    with app.db.connection_context():
        assert {str(i) for i in recorded}.isdisjoint(e["error_id"] for e in report["errors"])
        assert DataImportError.select().count() == 4
        assert Entity.select().where(Entity.name == "SQ01").count() == 1


def test_unreadable_files_and_unknown_kinds_are_refused(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    assert "not a readable JSON file" in cli("projects", str(bad), code=1)
    assert "JSON array" in cli("projects", _file(tmp_path, "object", {"id": 1}), code=1)
    unknown = CliRunner().invoke(make_cli(), ["import", "shotgun", "films", str(bad)])
    assert unknown.exit_code == 2 and "'films' is not one of" in unknown.output


def test_the_item_limit_applies(app, cli, tmp_path, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_PLUGINS__IMPORTS__MAX_ITEMS", "1")
    assert "1 at most" in cli("projects", _file(tmp_path, "projects", CHAIN["projects"]), code=1)
