"""``clapboard sync-from-zou URL --email … --password … [--project NAME …] [--json]``."""

from __future__ import annotations

import json

import click

from clapboard.cli.context import startup_errors

from .plan import STEPS
from .progress import Progress

COLUMNS = ("read", "created", "updated", "unchanged")


def _summary(report: dict) -> str:
    width = max([len("model")] + [len(name) for name in report["models"]])
    lines = [f"{'model':<{width}}  " + "  ".join(f"{c:>9}" for c in COLUMNS)]
    for name, counts in report["models"].items():
        removed = f"  ({counts['removed']} removed)" if counts.get("removed") else ""
        lines.append(f"{name:<{width}}  " + "  ".join(f"{counts[c]:>9}" for c in COLUMNS) + removed)
    total = report["total"]
    removed = f"  ({total['removed']} removed)" if total.get("removed") else ""
    lines.append(f"{'total':<{width}}  {'':>9}  " + "  ".join(f"{total[c]:>9}" for c in COLUMNS[1:]) + removed)
    files = report.get("files")
    if files is not None:
        lines.append(f"preview files: {files['copied']} copied, {files['skipped']} already stored, "
                     f"{files['failed']} failed" + (f", {files['not_ready']} previews not ready on Zou"
                                                    if files["not_ready"] else ""))
        lines.extend(f"  {failure}" for failure in files["failures"])
    for name, why in report["skipped"].items():
        lines.append(f"{name}: skipped, {why}")
    lines.append(f"Copied from {report['source']} in {report['seconds']:.1f} s.")
    return "\n".join(lines)


def register(import_group, cli) -> None:
    @cli.command("sync-from-zou")
    @click.argument("url")
    @click.option("--email", required=True, help="An admin of the Zou server.")
    @click.option("--password", required=True, prompt=True, hide_input=True)
    @click.option("--project", "projects", multiple=True, metavar="NAME",
                  help="Copy only this production (repeat for several); all of them by default.")
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (for scripts).")
    @click.pass_obj
    @startup_errors
    def sync_from_zou(obj, url, email, password, projects, as_json):
        """Copy a running Zou's studio into Clapboard (people, settings, productions, tasks, comments…).

        The files of the previews (pictures, movies) come too when the pictures plugin is enabled.

        Ids are kept; Clapboard's own defaults are matched by name. Run it again to bring over what
        changed: rows equal to what is stored are left alone. Passwords are not copied.
        """
        from .client import SyncError
        from .run import sync

        app = obj.app()
        with Progress(len(STEPS) + 1) as progress:  # and the files
            try:
                report = sync(app, url, email, password, projects, progress).as_dict()
            except SyncError as exc:
                raise click.ClickException(str(exc)) from exc
        click.echo(json.dumps(report, indent=2) if as_json else _summary(report))
