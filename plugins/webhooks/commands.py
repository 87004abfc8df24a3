"""``clapboard webhooks …``: register, list and remove webhooks, inspect and replay deliveries, send.

The commands use the same service functions as the API, in
``app.transaction()``. ``send`` sends due deliveries in the foreground until
none is left, for setups without a running server and for debugging.
"""

from __future__ import annotations

import contextlib
import json

import click

from . import pool, queue, service
from .models import STATES, Webhook


@contextlib.contextmanager
def _app(obj):
    """The command's app, closed at the end: senders a replay woke finish what they hold first."""

    app = obj.app()
    try:
        yield app
    finally:
        app.close()


def _done(app, work):
    with app.db.connection_context():
        return queue.write(app, work)


def _fail(exc) -> click.ClickException:
    return click.ClickException(getattr(exc, "message", str(exc)))


def register(cli) -> None:
    @cli.group("webhooks")
    def webhooks():
        """Outgoing webhooks: targets, deliveries, sending."""

    @webhooks.command("add")
    @click.argument("url")
    @click.option("--event", "events", multiple=True, required=True,
                  help="Event name, prefix ending in * (task:*) or *; repeat for several.")
    @click.option("--name", default="", help="A label.")
    @click.option("--project", "project_id", default=None, help="Only events of this project id.")
    @click.option("--allow-private-network", is_flag=True, help="Allow a private, loopback or link-local target.")
    @click.pass_obj
    def add(obj, url, events, name, project_id, allow_private_network):
        """Register URL; prints its id and its secret (shown only now)."""
        body = {"url": url, "events": list(events), "name": name, "allow_private_network": allow_private_network}
        if project_id:
            body["project_id"] = project_id
        with _app(obj) as app:
            try:
                hook = _done(app, lambda: service.create(app, body))
            except service.BadRequest as exc:
                raise _fail(exc) from exc
        click.echo(f"id: {hook.id}\nsecret: {hook.secret}")

    @webhooks.command("list")
    @click.pass_obj
    def list_hooks(obj):
        """List the webhooks (without their secrets)."""
        with _app(obj) as app, app.db.connection_context():
            for hook in Webhook.select().order_by(Webhook.created_at):
                state = "active" if hook.active else "inactive"
                click.echo(f"{hook.id}  {state:8}  {','.join(hook.events)}  {hook.url}  {hook.name}".rstrip())

    @webhooks.command("remove")
    @click.argument("hook_id")
    @click.pass_obj
    def remove(obj, hook_id):
        """Delete a webhook and its deliveries."""
        with _app(obj) as app:
            try:
                _done(app, lambda: service.delete(hook_id))
            except service.NotFound as exc:
                raise _fail(exc) from exc
        click.echo(f"removed {hook_id}")

    @webhooks.command("deliveries")
    @click.option("--state", type=click.Choice(STATES), default=None)
    @click.option("--webhook", "webhook_id", default=None, help="Only this webhook's deliveries.")
    @click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
    @click.pass_obj
    def deliveries(obj, state, webhook_id, limit, as_json):
        """List deliveries, newest first."""
        try:
            with _app(obj) as app, app.db.connection_context():
                rows = [service.delivery_view(r) for r in service.deliveries(
                    {"state": state, "webhook_id": webhook_id}).limit(limit)]
        except service.BadRequest as exc:
            raise _fail(exc) from exc
        for row in rows:
            if as_json:
                click.echo(json.dumps(row, default=str))
            else:
                click.echo(f"{row['id']}  {row['state']:9}  {row['attempts']:>2}  "
                           f"{row['last_status_code'] or '-':>3}  {row['event']}  {row['created_at']:%Y-%m-%d %H:%M:%S}")

    @webhooks.command("replay")
    @click.argument("delivery_id")
    @click.pass_obj
    def replay(obj, delivery_id):
        """Queue a delivery again (same delivery id); a server or `webhooks send` sends it."""
        with _app(obj) as app:
            try:
                _done(app, lambda: service.replay(delivery_id))
            except service.NotFound as exc:
                raise _fail(exc) from exc
        click.echo(f"queued {delivery_id}")

    @webhooks.command("send")
    @click.pass_obj
    def send(obj):
        """Send the due deliveries in the foreground until none is due; prints what happened."""
        counts: dict[str, int] = {}
        with _app(obj) as app, app.db.connection_context():
            settings = app.config.plugin("webhooks")
            while True:
                rows = queue.claim(app, settings, settings["workers"])
                if not rows:
                    break
                hooks = queue.hooks_by_id(r.webhook_id for r in rows)
                for row in rows:
                    state = pool.send_one(app, settings, hooks.get(row.webhook_id), row)
                    counts[state] = counts.get(state, 0) + 1
            purged = queue.purge(app, settings)
        summary = ", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "nothing due"
        click.echo(f"{summary}; {purged} old delivered row(s) purged")
