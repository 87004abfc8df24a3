"""``clapboard import shotgun KIND FILE.json``: the ShotGrid import of the routes, from a file.

FILE holds the JSON array a route takes. The import runs as the system, in one
transaction, through ``batch.run`` (the routes' own code path): refused items
are recorded in ``data_import_error`` as the routes record them. Prints a
summary, or with ``--json`` ``{kind, imported, errors: [{index, id, message,
error_id}]}``; the exit status is 0 when the file was read, whatever items
were refused, and 1 when it could not be (not JSON, not an array, too long).
"""

from __future__ import annotations

import json
import sys

import click

from clapboard.cli.context import startup_errors

from .kinds import KINDS


def _items(path: str):
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise click.ClickException(f"{path}: not a readable JSON file ({exc}).") from exc


def _import(app, kind: str, items):
    from clapboard import SYSTEM
    from clapboard.errors import ClapboardError
    from clapboard.plugins.data.engine import Context

    from .batch import check_body, run

    try:
        count = len(check_body(app, items))
    except ClapboardError as exc:
        raise click.ClickException(exc.message) from exc
    with click.progressbar(length=count, label=f"Importing {kind}", file=sys.stderr) as bar, \
            app.db.connection_context(), app.transaction():
        return run(Context(app=app, actor=SYSTEM, params={}), kind, items, progress=bar.update)


def _report(outcome, as_json: bool) -> None:
    errors = [{"index": f.index, "id": f.shotgun_id, "message": f.message, "error_id": f.error_id}
              for f in outcome.failures]
    if as_json:
        click.echo(json.dumps({"kind": outcome.kind, "imported": len(outcome.rows), "errors": errors}))
        return
    click.echo(f"{outcome.kind}: {len(outcome.rows)} imported, {len(errors)} refused.")
    for error in errors:
        click.echo(f"  item {error['index']} (ShotGrid id {error['id']}): {error['message']}")
    if errors:
        click.echo("Refused items are kept in the import errors (GET /import/shotgun/errors).")


def register(import_group, cli) -> None:
    @import_group.command("shotgun")
    @click.argument("kind", type=click.Choice(sorted(KINDS)))
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
    @click.pass_obj
    @startup_errors
    def shotgun(obj, kind, file, as_json):
        """Import ShotGrid entities of KIND from FILE (a JSON array, as the ShotGrid Python API returns them).

        Import in ShotGrid's order: persons, projects, project-connections, steps, status, episodes,
        sequences, scenes, assets, shots, tasks, versions, notes.
        """
        app = obj.app()
        _report(_import(app, kind, _items(file)), as_json)
