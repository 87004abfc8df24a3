"""The ``[plugins.sso.oidc]`` block: what ``/config`` tells Kitsu, and settings refused at start."""

from __future__ import annotations

import pytest

from clapboard.errors import ConfigError
from clapboard.testing import make_client


def config_of(app) -> dict:
    return make_client(app, role=None).simulate_get("/config").json


def test_config_tells_kitsu_whether_oidc_is_offered(make_app):
    assert {k: v for k, v in config_of(make_app(actors=False)).items() if k.startswith("oidc")} == {
        "oidc_enabled": False, "oidc_idp_name": ""}


def test_config_shows_the_provider_name(make_app):
    app = make_app(actors=False, config={"plugins": {"sso": {"oidc": {
        "enabled": True, "idp_name": "Studio Keycloak", "discovery_url": "https://sso.example.com/realms/studio",
        "client_id": "kitsu"}}}})
    body = config_of(app)
    assert body["oidc_enabled"] is True and body["oidc_idp_name"] == "Studio Keycloak"


@pytest.mark.parametrize("block,key", [
    ({"client_id": "kitsu"}, "discovery_url"),
    ({"discovery_url": "https://sso.example.com"}, "client_id"),
    ({"discovery_url": "http://sso.example.com", "client_id": "kitsu"}, "discovery_url must use https"),
    ({"discovery_url": "sso.example.com", "client_id": "kitsu"}, "discovery_url must be an http(s) URL"),
    ({"discovery_url": "https://sso.example.com", "client_id": "kitsu", "scopes": "email"}, "scopes"),
])
def test_an_enabled_block_that_cannot_work_stops_the_start(make_app, block, key):
    with pytest.raises(ConfigError, match=r"\[plugins\.sso\.oidc\] " + key.replace("(", r"\(").replace(")", r"\)")):
        make_app(actors=False, config={"plugins": {"sso": {"oidc": {"enabled": True, **block}}}})


def test_a_disabled_block_needs_nothing(make_app):
    make_app(actors=False, config={"plugins": {"sso": {"oidc": {"enabled": False, "discovery_url": ""}}}})


def test_clapboard_serve_refuses_an_enabled_block_without_discovery_url(tmp_path):
    from click.testing import CliRunner

    from clapboard.cli import make_cli

    config = tmp_path / "clapboard.toml"
    base = f'database_url = "sqlite:///{tmp_path}/db.sqlite"\nsecret_key = "{"k" * 48}"\n'
    config.write_text(base)
    assert CliRunner().invoke(make_cli(), ["--config", str(config), "init-db"]).exit_code == 0
    config.write_text(base + '[plugins.sso.oidc]\nenabled = true\nclient_id = "kitsu"\n')
    result = CliRunner().invoke(make_cli(), ["--config", str(config), "serve", "--port", "0"])
    assert result.exit_code != 0
    assert "[plugins.sso.oidc] discovery_url is required" in result.output
