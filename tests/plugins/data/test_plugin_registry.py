"""Zou's plugin registry (``/data/plugins``) follows the installed packages, start after start."""

from __future__ import annotations

import logging
import shutil
import threading
import uuid

import pytest

from clapboard.db import open_database
from clapboard.plugins.data.instance.plugin_registry import refresh
from clapboard.plugins.data.instance.plugin_rows import row_id
from clapboard.plugins.data.models import Plugin
from clapboard.testing import make_client

from ...conftest import FAST_PASSWORDS
from ...core import conftest as core_fixtures
from ..auth.scenario import build

third_party = core_fixtures.third_party  # a fake pip-installed distribution, as the core's plugin tests make

FARM = """
requires = ("data",)
title = "Render farm"
frontend_project_enabled = True
icon = "server"
"""
FARM_METADATA = """
Summary: Send shots to the render farm
Author-email: Ann Farm <ann@farm.example>, Bo <bo@farm.example>
Project-URL: Source, https://git.farm.example/farm
Project-URL: Homepage, https://farm.example
License-Expression: MIT
"""
FIELDS = ("plugin_id", "name", "description", "version", "maintainer_name", "maintainer_email", "website", "license",
          "revision", "frontend_project_enabled", "frontend_studio_enabled", "icon")
NOT_ADMINS = ("manager", "supervisor", "user", "client", "vendor")


def _rows(app) -> dict[str, dict]:
    answer = make_client(app).simulate_get("/data/plugins")
    assert answer.status_code == 200, answer.text
    return {row["plugin_id"]: row for row in answer.json}


def _restart(make_app, plugins, **kwargs):
    """A new start on the same database, schema up to date: only the ``startup`` hook refreshes."""

    return make_app(plugins=plugins, init=False, **kwargs)


def test_every_enabled_packaged_plugin_is_listed_with_its_package_metadata(make_app, third_party):
    third_party("farm", FARM, version="2.4.0", metadata=FARM_METADATA)
    third_party("bare", "")
    rows = _rows(make_app(plugins=["data", "auth", "farm", "bare"]))
    assert set(rows) == {"data", "auth", "farm", "bare"}  # not the core, not the test actors
    assert {k: rows["farm"][k] for k in FIELDS} == {
        "plugin_id": "farm", "name": "Render farm", "description": "Send shots to the render farm",
        "version": "2.4.0", "maintainer_name": "Ann Farm, Bo", "maintainer_email": "ann@farm.example",
        "website": "https://farm.example", "license": "MIT", "revision": None, "frontend_project_enabled": True,
        "frontend_studio_enabled": False, "icon": "server"}
    assert rows["farm"]["id"] == str(row_id("farm")) and rows["farm"]["type"] == "Plugin"
    assert {k: rows["bare"][k] for k in ("name", "description", "version", "maintainer_name", "license",
                                         "website")} == {"name": "Bare", "description": None, "version": "1.2.3",
                                                         "maintainer_name": "unknown", "license": "unknown",
                                                         "website": None}
    data = rows["data"]
    assert (data["name"], data["license"], data["maintainer_name"], data["revision"]) == (
        "Data", "AGPL-3.0-or-later", "Clapboard developers", "2")
    assert data["description"].startswith("Zou's data model") and rows["auth"]["name"] == "Authentication and permissions"


def test_rows_follow_enabling_disabling_and_uninstalling_with_stable_ids(make_app, third_party):
    third_party("farm", FARM, metadata=FARM_METADATA)
    first = _rows(make_app(plugins=["data", "farm"]))
    assert set(first) == {"data", "farm"}

    assert set(_rows(_restart(make_app, ["data"]))) == {"data"}  # disabled: gone at the next start
    again = _rows(_restart(make_app, ["data", "farm"]))
    assert again["farm"]["id"] == first["farm"]["id"] and again["data"]["id"] == first["data"]["id"]

    shutil.rmtree(next(third_party.site.glob("clapboard_farm-*.dist-info")))  # pip uninstall
    assert set(_rows(_restart(make_app, ["data", "farm"]))) == {"data"}  # still named in the config: no matter


def test_a_start_in_step_writes_nothing(make_app):
    app = make_app(plugins=["data"])
    with app.db.connection_context():
        assert refresh(app) is False
        before = {p.plugin_id: p.updated_at for p in Plugin.select()}
    _restart(make_app, ["data"])
    with app.db.connection_context():
        assert {p.plugin_id: p.updated_at for p in Plugin.select()} == before


def test_a_new_version_is_written_at_the_next_start(make_app, third_party):
    third_party("farm", FARM, version="1.0.0")
    make_app(plugins=["data", "farm"])
    shutil.rmtree(next(third_party.site.glob("clapboard_farm-*.dist-info")))
    third_party("farm", FARM, version="1.1.0")  # pip install --upgrade
    assert _rows(_restart(make_app, ["data", "farm"]))["farm"]["version"] == "1.1.0"


def test_put_round_trips_and_package_fields_come_back_at_the_next_start(make_app, third_party):
    third_party("farm", FARM, metadata=FARM_METADATA)
    app = make_app(plugins=["data", "farm"])
    client = make_client(app)
    data_id, farm_id = str(row_id("data")), str(row_id("farm"))
    change = {"frontend_studio_enabled": True, "icon": "database", "description": "Ours"}
    put = client.simulate_put(f"/data/plugins/{data_id}", json=change)
    assert put.status_code == 200 and {k: put.json[k] for k in change} == change
    assert {k: client.simulate_get(f"/data/plugins/{data_id}").json[k] for k in change} == change
    assert client.simulate_put(f"/data/plugins/{farm_id}", json={"icon": "cpu"}).status_code == 200

    rows = _rows(_restart(make_app, ["data", "farm"]))
    assert rows["data"]["frontend_studio_enabled"] is True and rows["data"]["icon"] == "database"  # studio-side
    assert rows["data"]["description"].startswith("Zou's data model")  # the package's, again
    assert rows["farm"]["icon"] == "server"  # the module declares it: it wins


def test_creating_renaming_or_deleting_an_installed_plugin_row_is_a_clear_400(make_app):
    app = make_app(plugins=["data"])
    client = make_client(app)
    created = client.simulate_post("/data/plugins", json={"plugin_id": "farm", "name": "Farm", "version": "1.0.0",
                                                          "maintainer_name": "Studio", "license": "MIT"})
    assert created.status_code == 400 and created.json["error"] is True
    assert "plugins are installed as Python packages" in created.json["message"]
    data_id = str(row_id("data"))
    deleted = client.simulate_delete(f"/data/plugins/{data_id}")
    assert deleted.status_code == 400 and "plugins are installed as Python packages" in deleted.json["message"]
    renamed = client.simulate_put(f"/data/plugins/{data_id}", json={"plugin_id": "other"})
    assert renamed.status_code == 400 and "cannot change" in renamed.json["message"]
    assert set(_rows(app)) == {"data"} and _rows(app)["data"]["id"] == data_id


def test_a_stale_row_can_be_deleted_and_goes_at_the_next_start_anyway(make_app):
    app = make_app(plugins=["data"])
    with app.db.connection_context():
        stale = Plugin.create(id=uuid.uuid4(), plugin_id="gone", name="Gone", version="1", maintainer_name="x",
                              license="MIT")
        Plugin.create(id=uuid.uuid4(), plugin_id="gone-too", name="Gone too", version="1", maintainer_name="x",
                      license="MIT")
    client = make_client(app)
    assert client.simulate_delete(f"/data/plugins/{stale.id}").status_code == 204
    assert set(_rows(app)) == {"data", "gone-too"}
    assert set(_rows(_restart(make_app, ["data"]))) == {"data"}


def test_non_admins_are_refused_the_crud_and_see_the_plugins_in_their_context(make_app):
    app = make_app(config={"plugins": {"auth": dict(FAST_PASSWORDS)}}, actors=False)
    scenario = build(app)
    data_id = str(row_id("data"))
    body = {"plugin_id": "x", "name": "X", "version": "1", "maintainer_name": "x", "license": "MIT"}
    listed = [row["plugin_id"] for row in scenario.admin.simulate_get("/data/plugins").json]
    for role in NOT_ADMINS:
        client = scenario.client(role)
        assert client.simulate_get("/data/plugins").status_code == 403, role
        assert client.simulate_get(f"/data/plugins/{data_id}").status_code in (403, 404), role
        assert client.simulate_put(f"/data/plugins/{data_id}", json={"icon": "x"}).status_code in (403, 404), role
        assert client.simulate_post("/data/plugins", json=body).status_code == 403, role
        assert client.simulate_delete(f"/data/plugins/{data_id}").status_code in (403, 404), role
        context = client.simulate_get("/data/user/context")
        assert context.status_code == 200, role
        assert sorted(p["plugin_id"] for p in context.json["plugins"]) == sorted(listed), role
    assert scenario.admin.simulate_get(f"/data/plugins/{data_id}").json["icon"] is None


def test_an_unreachable_database_never_stops_the_start(make_app, caplog):
    caplog.set_level(logging.WARNING, logger="clapboard.plugins.data.registry")
    app = make_app(plugins=["data"], init=False, config={"database_url": "postgresql://nobody@127.0.0.1:1/none"})
    assert app.plugins.infos["data"].status == "enabled"
    assert "plugin registry (/data/plugins) was not refreshed" in caplog.text


def test_a_missing_sqlite_file_is_not_created_by_the_start(make_app, tmp_path):
    path = tmp_path / "never" / "clapboard.db"
    make_app(plugins=["data"], init=False, config={"database_url": f"sqlite:///{path}"})
    assert not path.exists()


def test_starts_at_once_write_each_row_once(make_app, third_party):
    third_party("farm", FARM)
    app = make_app(plugins=["data", "farm"])
    with app.db.connection_context():
        Plugin.delete().execute()  # as when the packages were just installed: every process finds rows missing
    barrier, errors, wrote = threading.Barrier(4), [], []

    def start():
        try:
            barrier.wait()
            with app.db.connection_context():
                wrote.append(refresh(app))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [] and True in wrote
    rows = _rows(app)
    assert set(rows) == {"data", "farm"} and rows["farm"]["id"] == str(row_id("farm"))


@pytest.fixture
def gazu_config(third_party):
    """The gazu session's server starts with a third-party plugin installed."""

    third_party("farm", FARM, metadata=FARM_METADATA)
    return {}


def test_gazu_fetches_the_plugins_through_a_live_server(gazu_session):
    import gazu

    rows = {row["plugin_id"]: row for row in gazu.client.fetch_all("plugins", client=gazu_session.client)}
    assert {"data", "auth", "farm"} <= set(rows)
    assert rows["farm"]["name"] == "Render farm" and rows["farm"]["website"] == "https://farm.example"
    context = gazu.client.get("data/user/context", client=gazu_session.client)
    assert {p["plugin_id"] for p in context["plugins"]} == set(rows)


@pytest.mark.parametrize("command", ["init-db", "upgrade-db"])
def test_the_schema_commands_fill_the_registry(tmp_path, monkeypatch, command):
    from click.testing import CliRunner

    from clapboard.cli import make_cli
    from clapboard.testing import test_database_url

    url = test_database_url(tmp_path)
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", url)
    monkeypatch.setenv("CLAPBOARD_ENABLED_PLUGINS", "data,metadata")
    monkeypatch.delenv("CLAPBOARD_CONFIG", raising=False)
    result = CliRunner().invoke(make_cli(), [command], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = open_database(url, max_connections=2)
    try:
        db.connect()
        found = dict(db.execute_sql("SELECT plugin_id, revision FROM plugin").fetchall())
        latest = dict(db.execute_sql("SELECT plugin, MAX(number) FROM clapboard_migration GROUP BY plugin").fetchall())
    finally:
        db.close()
        db.close_all()
    assert found == {"data": str(latest["data"]), "metadata": str(latest["metadata"])}
