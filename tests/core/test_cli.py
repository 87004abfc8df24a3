"""The clapboard command line, run in-process with click's runner."""

import json

import pytest
from click.testing import CliRunner

from clapboard.cli import make_cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    from clapboard.testing import test_database_url

    monkeypatch.setenv("CLAPBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", test_database_url(tmp_path))
    monkeypatch.delenv("CLAPBOARD_CONFIG", raising=False)

    def invoke(*args, code=0):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return invoke


def test_init_db_is_idempotent(run):
    first = run("init-db")
    assert "Applied" in first or "up to date" in first
    second = run("init-db")
    assert "The database schema is up to date." in second
    assert "Default data is in place." in second


def test_serve_refuses_an_uninitialised_database(run):
    output = run("serve", "--port", "1", code=1)
    assert "clapboard upgrade-db" in output


def test_plugins_lists_core_as_json(run):
    infos = json.loads(run("plugins", "--json"))
    core = next(i for i in infos if i["name"] == "core")
    assert core["source"] == "builtin" and core["status"] == "enabled"
    assert "register_routes" in core["hooks"]


def test_plugins_reports_a_broken_third_party_plugin(run, third_party):
    third_party("broken", "raise ImportError('no frobnicate')\n")
    output = run("plugins")
    line = next(line for line in output.splitlines() if line.startswith("broken"))
    assert "broken" in line and "no frobnicate" in line


def test_routes_and_openapi(run, tmp_path):
    rows = json.loads(run("routes", "--json"))
    assert {"method": "GET", "path": "/status", "plugin": "core"}.items() <= rows[1].items()
    out = tmp_path / "openapi.json"
    run("openapi", "-o", str(out))
    assert json.loads(out.read_text())["openapi"] == "3.1.0"


def test_config_file_option_and_errors(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("port = 'eighty'\n")
    output = run("--config", str(bad), "routes", code=1)
    assert "port: 'eighty' is not of type 'integer'" in output


def test_plugin_commands_are_added_only_when_enabled(run, third_party):
    source = (
        "import click\nfrom clapboard import hookimpl\n"
        "@hookimpl\ndef register_commands(cli):\n"
        "    @cli.command('say-hi')\n    def hi():\n        click.echo('hi there')\n"
    )
    third_party("greeter", source)
    assert "hi there" in run("say-hi")
    assert "say-hi" in run("--help")


def test_disabled_plugin_adds_no_command(run, third_party, monkeypatch):
    source = (
        "import click\nfrom clapboard import hookimpl\n"
        "@hookimpl\ndef register_commands(cli):\n"
        "    @cli.command('say-hi')\n    def hi():\n        click.echo('hi there')\n"
    )
    third_party("greeter", source)
    monkeypatch.setenv("CLAPBOARD_DISABLED_PLUGINS", "greeter")
    assert "say-hi" not in run("--help")
    run("say-hi", code=2)


def test_a_config_file_chooses_the_plugin_commands(run, third_party, tmp_path):
    """``--config`` is read before plugin commands are looked up: a plugin it disables adds none."""

    source = (
        "import click\nfrom clapboard import hookimpl\n"
        "@hookimpl\ndef register_commands(cli):\n"
        "    @cli.command('say-hi')\n    def hi():\n        click.echo('hi there')\n"
    )
    third_party("greeter", source)
    config = tmp_path / "studio.toml"
    config.write_text('[plugins]\ndisabled = ["greeter"]\n')
    run("--config", str(config), "say-hi", code=2)
    assert "say-hi" not in run("--config", str(config), "--help")
    assert "hi there" in run("say-hi")
