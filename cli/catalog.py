"""``clapboard permissions`` and ``clapboard events``: what the enabled plugins declare.

Policies are written against these action names and listeners (webhooks,
``on_event``) against these event names; listing them with their plugin shows
what a subset of plugins brings, and that a disabled plugin leaves none behind.
"""

from __future__ import annotations

import json

import click

from .context import startup_errors


def _print(rows: list[dict], key: str, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row[key]:<48} {row['plugin'] or '-':<12} {row['description']}".rstrip())


@click.command("permissions")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@startup_errors
def permissions(obj, as_json):
    """List the actions every enabled plugin declares (register_permissions), with their plugin."""
    app = obj.app(check_schema=False)
    rows = [{"action": p.action, "plugin": p.plugin, "description": p.description} for p in app.permissions]
    _print(rows, "action", as_json)


@click.command("events")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@startup_errors
def events(obj, as_json):
    """List the events every enabled plugin declares (register_events), with their plugin."""
    app = obj.app(check_schema=False)
    rows = [{"name": e.name, "plugin": e.plugin, "description": e.description} for e in app.event_types]
    _print(rows, "name", as_json)


COMMANDS = [permissions, events]
