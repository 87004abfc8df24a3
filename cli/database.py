"""Schema commands: ``init-db`` and ``upgrade-db``."""

from __future__ import annotations

import click

from clapboard.migrations import upgrade

from .context import startup_errors


def _upgrade(app) -> list:
    with app.db.connection_context():
        return upgrade(app.db, app.migrations)


@click.command("init-db")
@click.pass_obj
@startup_errors
def init_db(obj):
    """Create or upgrade every enabled plugin's tables and add default data (idempotent)."""
    app = obj.app(check_schema=False)
    applied = _upgrade(app)
    with app.db.connection_context():
        with app.transaction():
            app.plugins.call_each("init_data", app=app)
    _report(applied)
    click.echo("Default data is in place.")


@click.command("upgrade-db")
@click.pass_obj
@startup_errors
def upgrade_db(obj):
    """Apply pending migrations of every enabled plugin."""
    app = obj.app(check_schema=False)
    applied = _upgrade(app)
    _report(applied)
    if applied:  # built again on the upgraded schema, so start-up work (the plugin registry) sees it
        obj.app(check_schema=True)


def _report(applied) -> None:
    if not applied:
        click.echo("The database schema is up to date.")
    for migration in applied:
        click.echo(f"Applied {migration.plugin} #{migration.number}: {migration.name}")


COMMANDS = [init_db, upgrade_db]
