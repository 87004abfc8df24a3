"""``clapboard export csv KIND``: the same bytes as the matching ``/export/csv/…`` route, to a file or stdout.

The command builds the export with the routes' own functions, as the system
actor (it sees everything, as an admin does), and writes its chunks as they
come: a large export never sits in memory. Long exports show a progress bar
on stderr when it is a terminal; ``--json`` prints a summary (kind, rows,
bytes, file, attachment name, seconds: ``schemas/exports/summary.json``) for
scripts, on stdout when the CSV goes to a file, on stderr when the CSV itself
goes to stdout.
"""

from __future__ import annotations

import json
import sys
import time
import uuid
from importlib import import_module

import click

from clapboard.cli.context import startup_errors

# KIND -> (module, function): the route's builder, imported when the command runs.
PROJECT_KINDS = {"assets": ("assets", "export"), "shots": ("shots", "export"), "edits": ("edits", "export"),
                 "casting": ("casting", "export")}
STUDIO_KINDS = {"persons": ("persons", "export"), "projects": ("studio", "projects"), "tasks": ("tasks", "export"),
                "time-spents": ("time_spents", "export"), "task-types": ("studio", "task_types")}
KINDS = (*PROJECT_KINDS, *STUDIO_KINDS, "playlist")


def builder(module: str, name: str):
    return getattr(import_module(f"{__package__}.{module}"), name)


def _project_id(name: str):
    """A project by name (or by id)."""

    from clapboard.plugins.data.models import Project

    found = Project.select(Project.id).where(Project.name == name).scalar()
    as_id = _maybe_id(name)
    if found is None and as_id is not None:
        found = Project.select(Project.id).where(Project.id == as_id).scalar()
    if found is None:
        raise click.ClickException(f"no project named {name!r}")
    return found


def _maybe_id(text: str):
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def build(app, kind: str, project: str | None, playlist: str | None, params: dict):
    """The export ``kind`` asks for, as the system actor."""

    from clapboard.actors import SYSTEM
    from clapboard.plugins.data.crud.service import Context

    ctx = Context(app=app, actor=SYSTEM, params=params)
    if kind in PROJECT_KINDS:
        if not project:
            raise click.UsageError(f"{kind} needs --project NAME")
        return builder(*PROJECT_KINDS[kind])(ctx, _project_id(project))
    if kind == "playlist":
        if not playlist:
            raise click.UsageError("playlist needs --playlist ID")
        return builder("playlists", "export")(ctx, playlist)
    return builder(*STUDIO_KINDS[kind])(ctx)


def write(export, out, progress: bool) -> int:
    """Write every chunk to ``out``; the number of bytes written."""

    written = 0
    total = export.total() if progress and export.total is not None else None
    if total is None:
        for chunk in export.chunks:
            out.write(chunk)
            written += len(chunk)
        return written
    with click.progressbar(length=total, label="Exporting", file=sys.stderr) as bar:
        done = 0
        for chunk in export.chunks:
            out.write(chunk)
            written += len(chunk)
            bar.update(export.encoder.rows - done)
            done = export.encoder.rows
    return written


def register(export_group) -> None:
    @export_group.command("csv")
    @click.argument("kind", type=click.Choice(KINDS))
    @click.option("--project", help="The production (its name, or its id) for assets, shots, edits and casting.")
    @click.option("--playlist", help="The playlist's id (KIND playlist).")
    @click.option("--episode", help="Only this episode (an id; assets also take main and all, casting main and "
                                    "all), as the route's episode_id.")
    @click.option("--shot-casting", is_flag=True, help="Casting: the assets cast in shots (is_shot_casting).")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                  help="Write to FILE instead of stdout.")
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON summary for scripts.")
    @click.option("--progress/--no-progress", default=None,
                  help="A progress bar on stderr while writing to FILE (default: when stderr is a terminal).")
    @click.pass_obj
    @startup_errors
    def export_csv(obj, kind, project, playlist, episode, shot_casting, output, as_json, progress):
        """Export KIND as CSV, byte for byte what GET /export/csv/… answers.

        KIND: assets, shots, edits, casting (with --project), persons, projects,
        tasks, time-spents, task-types, or playlist (with --playlist).
        """
        from clapboard.errors import ClapboardError

        app = obj.app()
        params = {}
        if episode:
            params["episode_id"] = episode
        if shot_casting:
            params["is_shot_casting"] = "true"
        started = time.monotonic()
        with app.db.connection_context():
            try:
                export = build(app, kind, project, playlist, params)
                if output:
                    with open(output, "wb") as out:
                        size = write(export, out, progress=sys.stderr.isatty() if progress is None else progress)
                else:
                    size = write(export, sys.stdout.buffer, progress=False)
                    sys.stdout.buffer.flush()
            except ClapboardError as exc:
                raise click.ClickException(exc.message) from exc
        if as_json:
            summary = {"kind": kind, "rows": export.encoder.rows, "bytes": size, "file": output,
                       "name": export.name, "seconds": round(time.monotonic() - started, 3)}
            click.echo(json.dumps(summary), err=not output)
