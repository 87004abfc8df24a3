"""What every CLI command receives as ``ctx.obj``: lazy config, plugins and app."""

from __future__ import annotations

import functools

import click

from clapboard.config import Config, load_config
from clapboard.errors import StartupError
from clapboard.pluginhost import PluginHost


class CliContext:
    def __init__(self):
        self.config_path: str | None = None
        self.commands_loaded = False
        self.startup_error: StartupError | None = None
        self._config: Config | None = None
        self._host: PluginHost | None = None
        self._apps: dict[bool, object] = {}

    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def host(self) -> PluginHost:
        if self._host is None:
            self._host = PluginHost(self.config()).load()
        return self._host

    def forget_apps(self) -> None:
        """Build the next app afresh, configuration re-read (``serve`` on SIGHUP)."""

        self._config = None
        self._host = None
        self._apps = {}

    def app(self, check_schema: bool = True):
        """The application, built once per command (``check_schema=False`` for set-up commands)."""

        if check_schema not in self._apps:
            from clapboard.app import create_app

            self._apps[check_schema] = create_app(self.config(), check_schema=check_schema)
        return self._apps[check_schema]


def startup_errors(func):
    """Turn start-up errors into a one-line message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except StartupError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper
