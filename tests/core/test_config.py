"""Configuration: TOML, environment overrides, validation messages, secret key."""

import os
import stat

import pytest

from clapboard.config import load_config, resolve_secret_key
from clapboard.errors import ConfigError


def test_defaults_put_sqlite_in_the_data_dir():
    config = load_config(env={})
    assert config["data_dir"] == "./clapboard-data"
    assert config["database_url"] == "sqlite:///clapboard-data/clapboard.db"
    assert config["port"] == 8080 and config["log_format"] == "text"


def test_toml_file_then_environment_override(tmp_path):
    path = tmp_path / "clapboard.toml"
    path.write_text('port = 9000\nthreads = 3\ndatabase_url = "sqlite:///from-file.db"\n'
                    '[plugins]\ndisabled = ["pictures"]\n[plugins.data]\nmax_limit = 50\n')
    config = load_config(env={"CLAPBOARD_CONFIG": str(path), "CLAPBOARD_PORT": "9100",
                              "CLAPBOARD_PLUGINS__DATA__MAX_LIMIT": "70"})
    assert config["port"] == 9100  # environment wins over the file
    assert config["threads"] == 3
    assert config["database_url"] == "sqlite:///from-file.db"
    assert config.disabled_plugins == ["pictures"]
    assert config.raw_plugin_table("data") == {"max_limit": "70"}
    assert config.source == path


@pytest.mark.parametrize("env, message", [
    ({"CLAPBOARD_PORT": "eighty"}, "CLAPBOARD_PORT: cannot read 'eighty' as integer"),
    ({"CLAPBOARD_PORT": "70000"}, "port: 70000 is greater than the maximum"),
    ({"CLAPBOARD_LOG_FORMAT": "xml"}, "log_format: 'xml' is not one of"),
    ({"CLAPBOARD_DATABASE_URL": "mysql://x/y"}, "database_url: 'mysql://x/y' does not match"),
    ({"CLAPBOARD_SECRET_KEY": "short"}, "secret_key: 'short' is too short"),
    ({"CLAPBOARD_PLUGINS__DATA": "x"}, "CLAPBOARD_PLUGINS__<NAME>__<KEY>"),
])
def test_invalid_values_get_clear_messages(env, message):
    with pytest.raises(ConfigError) as info:
        load_config(env=env)
    assert message in str(info.value)


def test_unknown_key_in_file_is_refused(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("prot = 80\n")
    with pytest.raises(ConfigError, match="Additional properties are not allowed"):
        load_config(path=path, env={})


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(path=tmp_path / "absent.toml", env={})
    bad = tmp_path / "bad.toml"
    bad.write_text("port = = 1\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path=bad, env={})


def test_secret_key_is_generated_once_with_0600(tmp_path, caplog):
    config = load_config(env={"CLAPBOARD_DATA_DIR": str(tmp_path / "d")})
    first = resolve_secret_key(config)
    key_file = tmp_path / "d" / "secret_key"
    assert len(first) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert resolve_secret_key(config) == first


def test_explicit_secret_key_wins_and_short_keys_are_refused(tmp_path):
    config = load_config(env={"CLAPBOARD_DATA_DIR": str(tmp_path), "CLAPBOARD_SECRET_KEY": "k" * 40})
    assert resolve_secret_key(config) == "k" * 40
    (tmp_path / "secret_key").write_text("tiny\n")
    config = load_config(env={"CLAPBOARD_DATA_DIR": str(tmp_path)})
    with pytest.raises(ConfigError, match="shorter than 32 bytes"):
        resolve_secret_key(config)


def test_nested_plugin_tables_from_the_environment_are_typed_and_defaulted():
    from clapboard.config import apply_plugin_schemas

    schema = {"type": "object", "additionalProperties": False, "properties": {
        "top": {"type": "integer", "default": 1},
        "oidc": {"type": "object", "default": {}, "additionalProperties": False, "properties": {
            "enabled": {"type": "boolean", "default": False},
            "client_secret": {"type": "string", "default": ""},
            "timeout": {"type": "number", "default": 5.0}}}}}
    config = load_config(env={"CLAPBOARD_PLUGINS__SSO__OIDC__ENABLED": "true",
                              "CLAPBOARD_PLUGINS__SSO__OIDC__CLIENT_SECRET": "s3cret"})
    apply_plugin_schemas(config, {"sso": schema})
    assert config.plugin("sso") == {"top": 1, "oidc": {"enabled": True, "client_secret": "s3cret", "timeout": 5.0}}
    # Defaults reach a nested table nobody set, and a wrong type names the nested key.
    config = load_config(env={})
    apply_plugin_schemas(config, {"sso": schema})
    assert config.plugin("sso")["oidc"] == {"enabled": False, "client_secret": "", "timeout": 5.0}
    config = load_config(env={"CLAPBOARD_PLUGINS__SSO__OIDC__TIMEOUT": "soon"})
    with pytest.raises(ConfigError, match=r"\[plugins.sso.oidc\] timeout: cannot read 'soon' as number"):
        apply_plugin_schemas(config, {"sso": schema})
