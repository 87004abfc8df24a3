"""``clapboard serve``: the API under waitress."""

from __future__ import annotations

import click

from .context import startup_errors


@click.command()
@click.option("--host", default=None, help="Interface to listen on (config: host; default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (config: port; default 8080).")
@click.option("--threads", type=int, default=None, help="Worker threads (config: threads; default 8).")
@click.pass_obj
@startup_errors
def serve(obj, host, port, threads):
    """Serve the API with waitress (refuses an out-of-date database schema)."""
    import waitress

    config = obj.config()
    app = obj.app(check_schema=True)
    host = host or config["host"]
    port = port or config["port"]
    threads = threads or config["threads"]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Clapboard {app.version} listening on http://{shown}:{port}/ "
               f"(API docs: http://{shown}:{port}/apidocs, database: {_describe(config)})")
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="Clapboard",
        # A little above the app's own limit so the app answers 413 in JSON.
        max_request_body_size=config["max_body_size"] + 65536,
        channel_timeout=config["channel_timeout"],
        clear_untrusted_proxy_headers=True,
    )


def _describe(config) -> str:
    from clapboard.db import redact_url

    return redact_url(config["database_url"])


COMMANDS = [serve]
