"""The ``clapboard`` command line: core commands plus those plugins add.

Plugin commands are added through the ``register_commands`` hook once the
configuration (``--config``) is known, so a disabled plugin adds nothing.
"""

from __future__ import annotations

import sys

import click

from clapboard.errors import StartupError

from .context import CliContext


class ClapboardGroup(click.Group):
    """Adds plugin commands lazily, after the group's own options are parsed."""

    def _with_plugins(self, ctx: click.Context) -> None:
        obj = ctx.ensure_object(CliContext)
        if obj.commands_loaded:
            return
        obj.commands_loaded = True
        # Click resolves the subcommand before the group's callback runs: take ``--config`` from the
        # parsed options now, or plugin commands would be chosen (and built) without the file.
        obj.config_path = ctx.params.get("config_path") or obj.config_path
        try:
            host = obj.host()
        except StartupError as exc:  # a bad configuration: core commands (and --help) still work
            obj.startup_error = exc
            return
        try:
            host.collect("register_commands", cli=self)
        except StartupError as exc:  # a plugin's own failure: stop, naming it
            raise click.ClickException(str(exc)) from exc

    def list_commands(self, ctx):
        self._with_plugins(ctx)
        return super().list_commands(ctx)

    def get_command(self, ctx, name):
        command = super().get_command(ctx, name)
        if command is None:
            self._with_plugins(ctx)
            command = super().get_command(ctx, name)
        return command

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            obj = ctx.find_object(CliContext)
            if obj is not None and obj.startup_error is not None:
                raise click.ClickException(str(obj.startup_error)) from None
            raise


def make_cli() -> click.Group:
    """A fresh ``clapboard`` group: core commands now, plugin commands once configured."""

    @click.group(cls=ClapboardGroup)
    @click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="CLAPBOARD_CONFIG",
                  is_eager=True, help="TOML configuration file (also CLAPBOARD_CONFIG).")
    @click.version_option(package_name="clapboard")
    @click.pass_context
    def cli(ctx: click.Context, config_path: str | None) -> None:
        """Clapboard: production-tracking API compatible with Zou and gazu."""
        ctx.ensure_object(CliContext).config_path = config_path

    from . import catalog, database, introspect, scaffold, server

    for module in (server, database, introspect, scaffold, catalog):
        for command in module.COMMANDS:
            cli.add_command(command)
    return cli


def main(argv: list[str] | None = None) -> None:
    try:
        make_cli().main(args=argv, prog_name="clapboard")
    except StartupError as exc:  # pragma: no cover - click handles most paths
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
