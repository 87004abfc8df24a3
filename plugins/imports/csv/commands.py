"""``clapboard import csv KIND FILE --project NAME [--update] [--json] [--as EMAIL]``.

The same path as the routes (a ``Job`` run by the kind's module, in one
transaction), as the system actor: every check but the permission one
applies. ``--as`` names the person the import writes as (comments, the
creator of new rows); a file with comments or status changes needs one.
A progress bar follows the rows on a terminal, a summary ends the run;
``--json`` prints the summary (or the refusal) as one JSON object instead.
Options a kind declares (``Kind.options``) are offered as ``--<name>``.
"""

from __future__ import annotations

import json
import sys
import uuid

import click

from clapboard.cli.context import startup_errors

from .kinds import KINDS


def _dest(name: str) -> str:
    """The key an option's value has in ``job.options``: ``--task-type`` gives ``task_type``."""

    return name.replace("-", "_")


def _options():
    declared: dict = {}
    for kind in KINDS.values():
        for option in kind.options:
            declared.setdefault(_dest(option.name), option.help)

    def decorate(func):
        for name, help_text in sorted(declared.items(), reverse=True):
            func = click.option(f"--{name.replace('_', '-')}", name, default=None, help=help_text)(func)
        return func

    return decorate


def _project(ctx, reference: str) -> dict:
    from clapboard.plugins.data.engine import one
    from clapboard.plugins.data.models import Project

    try:
        project_id = uuid.UUID(reference)
    except ValueError:
        project_id = Project.select(Project.id).where(Project.name == reference).scalar()
    if project_id is None or not Project.select().where(Project.id == project_id).exists():
        raise click.ClickException(f"no project named {reference!r}")
    return one(ctx, Project, project_id, relations=False)


def _author(email: str | None):
    if email is None:
        return None
    from clapboard.plugins.data.models import Person

    found = Person.select(Person.id).where((Person.email == email.strip().lower())
                                           | (Person.desktop_login == email.strip())).scalar()
    if found is None:
        raise click.ClickException(f"no person with e-mail or desktop login {email!r}")
    return found


def _summary(kind: str, project: dict | None, rows: list, stats) -> dict:
    return {"kind": kind, "project": project["name"] if project else None, "rows": len(rows),
            **{key: stats.get(key, 0) for key in ("created", "updated", "unchanged")},
            **{key: value for key, value in sorted(stats.items())
               if value and key not in ("created", "updated", "unchanged")}}


def _say(summary: dict) -> str:
    where = f" into {summary['project']}" if summary["project"] else ""
    extra = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in summary.items()
                      if key not in ("kind", "project", "rows", "created", "updated", "unchanged") and value)
    return (f"Imported {summary['rows']} lines of {summary['kind']}{where}: {summary['created']} created, "
            f"{summary['updated']} updated, {summary['unchanged']} unchanged" + (f"; {extra}." if extra else "."))


def register(imports, cli) -> None:
    @imports.command("csv")
    @click.argument("kind", type=click.Choice(sorted(KINDS)))
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--project", default=None, help="The project's name or id (every kind but persons).")
    @click.option("--update", is_flag=True, help="Update the rows the file names that exist already.")
    @click.option("--json", "as_json", is_flag=True, help="Print the summary (or the refusal) as JSON.")
    @click.option("--as", "author", default=None, metavar="EMAIL",
                  help="The person the import writes as (comments, creator of new rows).")
    @_options()
    @click.pass_obj
    @startup_errors
    def import_csv(obj, kind, file, project, update, as_json, author, **extra):
        """Import a CSV file as Zou's /import/csv routes do (all or nothing)."""
        from clapboard.actors import SYSTEM
        from clapboard.errors import ClapboardError
        from clapboard.plugins.data.engine import Context

        from .job import Job, run

        chosen = KINDS[kind]
        given = {name: value for name, value in extra.items() if value is not None}
        unknown = sorted(set(given) - {_dest(option.name) for option in chosen.options})
        if unknown:
            raise click.UsageError(f"{kind} takes no --{unknown[0].replace('_', '-')}")
        if chosen.project != (project is not None):
            raise click.UsageError(f"{kind} needs --project" if chosen.project else f"{kind} takes no --project")
        app = obj.app()
        with open(file, "rb") as handle:
            data = handle.read()
        with app.db.connection_context():
            ctx = Context(app=app, actor=SYSTEM, params={})
            job = Job(ctx, chosen, _project(ctx, project) if chosen.project else None, update=update,
                      options=given, author=_author(author))
            try:
                chosen.load().check(job)
                table = job.read(data)
                with click.progressbar(length=len(table.rows), label=f"Importing {kind}", file=sys.stderr,
                                       hidden=as_json) as bar:
                    job.progress = bar.update
                    with app.transaction():
                        rows = run(job)
            except ClapboardError as exc:
                if as_json:
                    click.echo(json.dumps(exc.to_dict()))
                    sys.exit(1)
                where = f"line {exc.details['line_number']}: " if exc.details.get("line_number") else ""
                raise click.ClickException(f"{where}{exc.message} (nothing was imported)") from exc
        summary = _summary(kind, job.project, rows, job.stats)
        click.echo(json.dumps(summary) if as_json else _say(summary))
