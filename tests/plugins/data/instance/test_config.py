"""``GET /config``: what Kitsu reads before login, from the configuration, the organisation and the hook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clapboard import hookimpl
from clapboard.plugins.data.models import Organisation
from clapboard.testing import make_client

from ....contract.shapes import compare
from ...auth.conftest import FAST

SAMPLE = json.loads((Path(__file__).resolve().parents[3] / "zou_samples" / "GET__config.json").read_text())


class LocaleOverride:
    """A plugin contributing its own keys through ``data_instance_config``."""

    __clapboard_name__ = "locale_override"

    @hookimpl(optionalhook=True)
    def data_instance_config(self, app):
        return {"default_locale": "fr_FR", "crisp_token": "from-plugin"}


def _config(app, prefix="", headers=None):
    answer = make_client(app, role=None).simulate_get(prefix + "/config", headers=headers or {})
    assert answer.status_code == 200, answer.text
    return answer.json


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_defaults_have_zou_keys_and_values(app, prefix):
    body = _config(app, prefix)
    assert compare(SAMPLE["status"], SAMPLE["response_body"], 200, body) == []
    assert body == {
        "is_self_hosted": True, "crisp_token": "", "dark_theme_by_default": False,
        "indexer_configured": body["indexer_configured"], "saml_enabled": False, "saml_idp_name": "",
        "oidc_enabled": False, "oidc_idp_name": "", "default_locale": "en_US", "default_timezone": "Europe/Paris",
        "enforce_2fa": False, "movie_highdef_bitrate": 28, "movie_lowdef_bitrate": 6,
        "preview_accounts_enabled": True}
    assert "sentry" not in body


def test_values_come_from_the_configuration(make_app):
    app = make_app(config={"plugins": {
        "data": {"default_locale": "de_DE", "default_timezone": "Asia/Tokyo", "crisp_token": "crisp-123",
                 "is_self_hosted": False, "movie_highdef_bitrate": 40, "movie_lowdef_bitrate": 8,
                 "preview_accounts_enabled": False, "sentry_dsn": "https://key@sentry.example/4",
                 "sentry_sample_rate": 0.5},
        "auth": {"enforce_2fa": True, **FAST}}})
    body = _config(app)
    assert (body["default_locale"], body["default_timezone"], body["crisp_token"]) == ("de_DE", "Asia/Tokyo",
                                                                                       "crisp-123")
    assert (body["is_self_hosted"], body["preview_accounts_enabled"]) == (False, False)
    assert (body["movie_highdef_bitrate"], body["movie_lowdef_bitrate"]) == (40, 8)
    assert body["enforce_2fa"] is True  # the auth plugin's setting, through the hook
    assert body["sentry"] == {"dsn": "https://key@sentry.example/4", "sampleRate": 0.5}


def test_environment_overrides_a_setting(make_app, monkeypatch):
    from clapboard.config import load_config

    monkeypatch.setenv("CLAPBOARD_PLUGINS__DATA__DEFAULT_TIMEZONE", "America/Montreal")
    raw = load_config(path=None)  # the same reading `clapboard serve` does
    assert raw.raw_plugin_table("data")["default_timezone"] == "America/Montreal"
    app = make_app(config={"plugins": {"data": raw.raw_plugin_table("data")}})
    assert _config(app)["default_timezone"] == "America/Montreal"


def test_a_bad_setting_stops_the_start(make_app):
    from clapboard.errors import ConfigError

    with pytest.raises(ConfigError):
        make_app(config={"plugins": {"data": {"movie_highdef_bitrate": 0}}})


def test_other_plugins_contribute_keys(make_app):
    app = make_app(extra=[LocaleOverride()])
    body = _config(app)
    assert (body["default_locale"], body["crisp_token"]) == ("fr_FR", "from-plugin")
    assert body["default_timezone"] == "Europe/Paris"  # what no plugin says keeps the data plugin's value


def test_dark_theme_follows_the_organisation_without_creating_one(app):
    admin = make_client(app)
    with app.db.connection_context():
        Organisation.delete().execute()
    assert _config(app)["dark_theme_by_default"] is False
    with app.db.connection_context():
        assert Organisation.select().count() == 0  # reading the configuration writes nothing
    created = admin.simulate_post("/data/organisations", json={"name": "Studio", "dark_theme_by_default": True})
    assert created.status_code == 201, created.text
    assert _config(app)["dark_theme_by_default"] is True
    admin.simulate_put(f"/data/organisations/{created.json['id']}", json={"dark_theme_by_default": False})
    assert _config(app)["dark_theme_by_default"] is False


def test_search_availability_follows_the_served_routes(app):
    documented = make_client(app, role=None).simulate_get("/openapi.json").json["paths"]
    served = "post" in documented.get("/data/search", {})
    assert _config(app)["indexer_configured"] is served


def test_no_login_needed_even_with_a_stale_token(app):
    stale = {"Authorization": "Bearer not-a-token", "Cookie": "access_token_cookie=expired.jwt.value"}
    assert _config(app, headers=stale)["default_locale"] == "en_US"


def test_documented_as_public(app):
    operation = make_client(app, role=None).simulate_get("/openapi.json").json["paths"]["/config"]["get"]
    assert operation.get("security") == [] or "security" not in operation
    assert operation["responses"]["200"]
