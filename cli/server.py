"""``clapboard serve``: the API under waitress, in one process or several sharing one socket."""

from __future__ import annotations

import os

import click

from .context import startup_errors


def default_workers(config) -> int:
    """One process per core: each serves with its own interpreter (no shared GIL).

    SQLite's WAL lets readers of several processes work at once and writers wait
    for each other (``BEGIN IMMEDIATE`` and a busy timeout), so both databases
    take the same default.
    """

    return max(1, os.cpu_count() or 1)


@click.command()
@click.option("--host", default=None, help="Interface to listen on (config: host; default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (config: port; default 8080).")
@click.option("--threads", type=int, default=None, help="Threads per process (config: threads; default 8).")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Processes sharing the socket (config: workers; 0 or unset: one per core).")
@click.pass_obj
@startup_errors
def serve(obj, host, port, threads, workers):
    """Serve the API with waitress (refuses an out-of-date database schema).

    With several workers, SIGHUP replaces them with fresh ones (configuration
    re-read, no connection refused) and SIGTERM lets them finish their requests.
    """
    from .workers import Supervisor, listen, serve_socket, tame_malloc

    tame_malloc()
    config = obj.config()
    host = host or config["host"]
    port = port or config["port"]
    threads = threads or config["threads"]
    workers = workers if workers is not None else config["workers"]
    workers = workers or default_workers(config)
    app = obj.app(check_schema=True)  # fails here, before binding, on a bad configuration or schema
    sock = listen(host, port)
    options = {
        "ident": "Clapboard",
        # A little above the app's own limit so the app answers 413 in JSON.
        "max_request_body_size": config["max_body_size"] + 65536,
        "channel_timeout": config["channel_timeout"],
        "clear_untrusted_proxy_headers": True,
        # A streamed answer (a CSV export, a whole /data list) waits for the client past 1 MiB buffered,
        # instead of waitress's default 16 MiB per connection: memory stays flat whatever the rows.
        "outbuf_high_watermark": 1 << 20,
    }
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Clapboard {app.version} listening on http://{shown}:{sock.getsockname()[1]}/ "
               f"(API docs: http://{shown}:{sock.getsockname()[1]}/apidocs, database: {_describe(config)}, "
               f"{workers} worker{'s' if workers > 1 else ''} x {threads} threads)", err=False)
    if workers == 1:
        serve_socket(app, sock, threads, options)
        return

    def build_app():
        if build_app.first is not None:
            first, build_app.first = build_app.first, None
            return first
        obj.forget_apps()
        return obj.app(check_schema=True)

    build_app.first = app
    raise SystemExit(Supervisor(build_app, sock, workers, threads, options).run())


def _describe(config) -> str:
    from clapboard.db import redact_url

    return redact_url(config["database_url"])


COMMANDS = [serve]
