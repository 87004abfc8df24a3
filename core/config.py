"""Configuration: a TOML file, ``CLAPBOARD_*`` environment overrides, JSON Schema checks.

Precedence, lowest first: schema defaults, the TOML file (``--config`` or
``CLAPBOARD_CONFIG``), environment variables. Core keys are top-level
(``CLAPBOARD_DATABASE_URL`` overrides ``database_url``); plugin keys live in
``[plugins.<name>]`` (``CLAPBOARD_PLUGINS__<NAME>__<KEY>`` overrides one).
``CLAPBOARD_DISABLED_PLUGINS=a,b`` and ``CLAPBOARD_ENABLED_PLUGINS=a,b`` set
the plugin lists.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import jsonschema

from . import schemas as schema_files
from .errors import ConfigError

log = logging.getLogger("clapboard.config")

ENV_PREFIX = "CLAPBOARD_"
SECRET_KEY_FILE = "secret_key"
MIN_SECRET_BYTES = 32


def core_schema() -> dict:
    return json.loads((schema_files.root() / "core" / "config.json").read_text())


@dataclass
class Config:
    """Validated settings. Core keys are attributes-by-item: ``config["port"]``."""

    values: dict[str, Any]
    source: Path | None = None
    plugin_tables: dict[str, dict] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    @property
    def enabled_plugins(self) -> list[str] | None:
        return self.values.get("plugins", {}).get("enabled")

    @property
    def disabled_plugins(self) -> list[str]:
        return self.values.get("plugins", {}).get("disabled", [])

    def plugin_enabled(self, name: str) -> bool:
        enabled = self.enabled_plugins
        if enabled is not None and name not in enabled:
            return False
        return name not in self.disabled_plugins

    def plugin(self, name: str) -> dict:
        """The validated ``[plugins.<name>]`` table (defaults filled in)."""

        return self.plugin_tables.get(name, {})

    def raw_plugin_table(self, name: str) -> dict:
        table = self.values.get("plugins", {}).get(name, {})
        return table if isinstance(table, dict) else {}


def _coerce(raw: str, prop: Mapping[str, Any], where: str) -> Any:
    kind = prop.get("type")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
        if kind == "boolean":
            lowered = raw.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if kind == "array":
            return [item.strip() for item in raw.split(",") if item.strip()]
    except ValueError as exc:
        raise ConfigError(f"{where}: cannot read {raw!r} as {kind}") from exc
    return raw


def _env_overrides(env: Mapping[str, str], schema: dict, values: dict) -> None:
    props = schema["properties"]
    plugins = values.setdefault("plugins", {})
    for name, raw in env.items():
        if not name.startswith(ENV_PREFIX) or name == ENV_PREFIX + "CONFIG":
            continue
        key = name[len(ENV_PREFIX):].lower()
        if key in ("disabled_plugins", "enabled_plugins"):
            plugins[key.split("_")[0]] = [p.strip() for p in raw.split(",") if p.strip()]
        elif key.startswith("plugins__"):
            parts = key.split("__")
            if len(parts) < 3 or not all(parts):
                raise ConfigError(f"{name}: expected CLAPBOARD_PLUGINS__<NAME>__<KEY> (or __<TABLE>__<KEY>)")
            table = plugins
            for depth, part in enumerate(parts[1:-1]):  # [plugins.sso.oidc] client_secret: …__SSO__OIDC__CLIENT_SECRET
                table = table.setdefault(part, {})
                if not isinstance(table, dict):
                    raise ConfigError(f"{name}: [plugins.{'.'.join(parts[1:depth + 2])}] is not a table")
            table[parts[-1]] = raw  # typed later against the plugin's own schema
        elif key in props and key != "plugins":
            values[key] = _coerce(raw, props[key], name)


def fill_defaults(schema: Mapping[str, Any], values: dict) -> dict:
    """Fill missing keys from the schema's defaults, into nested tables too (``[plugins.sso.oidc]``)."""

    for key, prop in schema.get("properties", {}).items():
        if not isinstance(prop, Mapping):
            continue
        if key not in values and "default" in prop:
            values[key] = copy.deepcopy(prop["default"])
        if isinstance(values.get(key), dict) and "properties" in prop:
            fill_defaults(prop, values[key])
    return values


def validate(schema: Mapping[str, Any], values: Mapping[str, Any], where: str) -> None:
    validator = jsonschema.Draft202012Validator(schema)
    problems = sorted(validator.iter_errors(values), key=lambda e: list(e.absolute_path))
    if problems:
        lines = []
        for err in problems:
            path = ".".join(str(p) for p in err.absolute_path) or "(top level)"
            lines.append(f"  {where} {path}: {err.message}")
        raise ConfigError("invalid configuration:\n" + "\n".join(lines))


def load_config(
    path: str | os.PathLike | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Config:
    """Read, merge and validate the configuration (plugin tables are checked later)."""

    env = os.environ if env is None else env
    path = path or env.get(ENV_PREFIX + "CONFIG") or None
    values: dict[str, Any] = {}
    source = None
    if path:
        source = Path(path)
        try:
            values = tomllib.loads(source.read_text())
        except FileNotFoundError as exc:
            raise ConfigError(f"configuration file not found: {source}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    schema = core_schema()
    _env_overrides(env, schema, values)
    for key, value in (overrides or {}).items():
        if key == "plugins":
            values.setdefault("plugins", {}).update(copy.deepcopy(value))
        else:
            values[key] = value
    validate(schema, values, str(source) if source else "config")
    fill_defaults(schema, values)
    if "database_url" not in values:
        values["database_url"] = "sqlite:///" + str(Path(values["data_dir"]) / "clapboard.db")
    return Config(values=values, source=source)


def _typed(table: dict, schema: Mapping[str, Any], where: str) -> dict:
    """Strings from the environment typed against the schema, in nested tables too."""

    props = schema.get("properties", {})
    for key, value in list(table.items()):
        prop = props.get(key)
        if not isinstance(prop, Mapping):
            continue
        if isinstance(value, str) and prop.get("type") not in (None, "string"):
            table[key] = _coerce(value, prop, f"{where} {key}")
        elif isinstance(value, dict) and "properties" in prop:
            table[key] = _typed(dict(value), prop, f"{where[:-1]}.{key}]")
    return table


def apply_plugin_schemas(config: Config, schemas: Mapping[str, Mapping[str, Any]]) -> None:
    """Type, validate and default-fill every ``[plugins.<name>]`` table."""

    for name, schema in schemas.items():
        table = _typed(dict(config.raw_plugin_table(name)), schema, f"[plugins.{name}]")
        validate(schema, table, f"[plugins.{name}]")
        config.plugin_tables[name] = fill_defaults(schema, table)


def resolve_secret_key(config: Config) -> str:
    """Return the configured key, or the one stored in the data dir (generated once)."""

    key = config.get("secret_key")
    if key:
        if len(key.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(f"secret_key must be at least {MIN_SECRET_BYTES} bytes long")
        return key
    data_dir = Path(config["data_dir"])
    key_file = data_dir / SECRET_KEY_FILE
    if key_file.exists():
        key = key_file.read_text().strip()
        if len(key.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(f"{key_file}: the stored secret key is shorter than {MIN_SECRET_BYTES} bytes")
        return key
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    log.warning("generated a new secret key in %s (mode 0600); keep it to keep tokens valid", key_file)
    return key
