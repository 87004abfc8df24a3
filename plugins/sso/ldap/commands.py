"""``clapboard sync-ldap``: sync accounts with the directory once, printing what changed."""

from __future__ import annotations

import click

from clapboard.cli.context import startup_errors


def register(cli) -> None:
    """Add the LDAP commands."""

    @cli.command("sync-ldap")
    @click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
    @click.option("--allow-empty", is_flag=True,
                  help="Accept a directory search that finds no one (deactivates every directory account).")
    @click.option("--verbose", "-v", is_flag=True, help="List every account concerned.")
    @click.pass_obj
    @startup_errors
    def sync_ldap(obj, dry_run, allow_empty, verbose):
        """Create, update, deactivate and reactivate accounts from the LDAP directory ([plugins.sso.ldap])."""
        from .directory import DirectoryError
        from .sync import SyncError, run

        app = obj.app()
        try:
            with app.db.connection_context():
                report = run(app, dry_run=dry_run, allow_empty=allow_empty)
        except (DirectoryError, SyncError) as exc:
            raise click.ClickException(f"LDAP sync failed, nothing changed: {exc}") from exc
        click.echo(report.summary())
        for line in report.lines():
            if verbose or dry_run or line.startswith(("  conflicts:", "  skipped:")):
                click.echo(line)
