"""``clapboard pictures movie-jobs`` and ``clapboard pictures retry-movies``.

A movie that failed keeps its job row (``failed``, with the reason): once
the cause is fixed (ffmpeg installed, disk freed…), ``retry-movies`` queues
those jobs again (their previews back to ``processing``); a running server
picks them up within minutes, or ``--run`` processes them in the command.
"""

from __future__ import annotations

import time

import click

from clapboard.cli.context import startup_errors


def _group(cli):
    """The ``pictures`` command group (made here unless another module of the plugin made it)."""

    found = cli.commands.get("pictures")
    if found is None:
        @cli.group("pictures")
        def found():
            """Pictures and movies of previews."""
    return found


def register(cli) -> None:
    group = _group(cli)

    @group.command("movie-jobs")
    @click.pass_obj
    @startup_errors
    def movie_jobs(obj):
        """List the movie jobs waiting, running or failed."""
        from .models import MovieJob

        app = obj.app()
        with app.db.connection_context():
            jobs = list(MovieJob.select().order_by(MovieJob.created_at))
        for job in jobs:
            click.echo(f"{job.preview_file_id}  {job.state:<8} attempts={job.attempts} owner={job.owner or '-'}"
                       + (f"  {job.last_error}" if job.last_error else ""))
        click.echo(f"{len(jobs)} movie job(s).")

    @group.command("retry-movies")
    @click.option("--run", is_flag=True, help="Process the queued jobs in this command and wait for them.")
    @click.pass_obj
    @startup_errors
    def retry_movies(obj, run):
        """Queue the failed movie jobs again (their previews back to processing)."""
        from . import queue
        from .jobs import pool_for
        from .models import MovieJob

        app = obj.app()

        def requeue():
            ids = [j.preview_file_id for j in MovieJob.select().where(MovieJob.state == "failed")]
            MovieJob.update(state="queued", attempts=0, last_error=None).where(
                MovieJob.preview_file_id.in_(ids)).execute()
            for preview_id in ids:
                queue.set_status(app, preview_id, "processing")
            return len(ids)

        with app.db.connection_context():
            click.echo(f"{queue.write(app, requeue)} failed movie job(s) queued again.")
        if not run:
            return
        pool = pool_for(app)
        pool.kick()
        while True:  # the pool's threads end once no job is left to claim
            time.sleep(0.5)
            if not pool.busy():
                break
        click.echo(f"{pool.finished} movie job(s) processed.")
