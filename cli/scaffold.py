"""``clapboard new-plugin NAME``: a complete, installable plugin package to start from.

It writes what ``docs/plugins.md`` describes (entry point, model and
migration, JSON Schema, routes with their permission, event, listener,
command, config block, tests, README) so an author starts from working,
tested code rather than from the hooks' reference.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from . import plugin_template


def _command_taken(ctx: click.Context, name: str) -> bool:
    """Whether ``clapboard NAME`` already exists: the plugin's command group would replace it."""

    group = ctx.parent
    if group is None or not isinstance(group.command, click.Group):
        return False
    return name in group.command.list_commands(group)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)


@click.command("new-plugin")
@click.argument("name")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Folder to write clapboard-NAME/ into (default: the current folder).")
@click.pass_context
def new_plugin(ctx, name, directory):
    """Write DIR/clapboard-NAME/: a plugin package ready to install, test and change."""
    problem = plugin_template.name_problem(name)
    if problem is None and _command_taken(ctx, name):
        problem = f"'clapboard {name}' is already a command; the plugin's commands would replace it"
    if problem:
        raise click.BadParameter(problem, param_hint="NAME")
    target = directory / f"clapboard-{name}"
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise click.UsageError(f"{_shown(target)} already exists and is not empty; "
                               "remove it or choose another --dir")
    created = not target.exists()
    try:
        written = plugin_template.write(name, target)
    except OSError as exc:
        if created:
            shutil.rmtree(target, ignore_errors=True)  # leave nothing half-written behind
        raise click.ClickException(f"cannot write {_shown(target)}: {exc.strerror or exc}") from exc
    click.echo(f"Wrote the plugin package {_shown(target)}/ ({len(written)} files):")
    for path in written:
        click.echo(f"  {_shown(path)}")
    shown = _shown(target)
    steps = [(f"pip install -e {shown}", "next to Clapboard, which finds it on its next start"),
             ("clapboard init-db", f"creates the table plugin_{name}_item"),
             (f"cd {shown} && pytest", "its tests (on PostgreSQL too: CLAPBOARD_TEST_DATABASE_URL)")]
    width = max(len(command) for command, _ in steps)
    click.echo("\nNext steps:")
    for command, why in steps:
        click.echo(f"  {command.ljust(width)}  # {why}")
    click.echo(f"{shown}/README.md says what each file does.")

COMMANDS = [new_plugin]
