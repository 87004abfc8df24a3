"""Introspection commands: ``plugins``, ``routes``, ``openapi``."""

from __future__ import annotations

import json

import click

from .context import startup_errors


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@startup_errors
def plugins(obj, as_json):
    """List plugins: name, version, source, status and hooks implemented."""
    infos = [info.as_dict() for info in obj.host().infos.values()]
    if as_json:
        click.echo(json.dumps(infos, indent=2))
        return
    for info in infos:
        line = f"{info['name']:<14} {info['version'] or '-':<10} {info['source']:<12} {info['status']:<9}"
        if info["error"]:
            line += f" error: {info['error']}"
        else:
            line += " " + ", ".join(info["hooks"])
        click.echo(line.rstrip())


@click.command("routes")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@startup_errors
def routes(obj, as_json):
    """List every route with its methods and owning plugin (all also under /api)."""
    app = obj.app(check_schema=False)
    rows = []
    for route in app.routes:
        for method in route.methods():
            op = route.operation(method)
            rows.append({"method": method, "path": route.path, "plugin": route.plugin,
                         "action": op.action, "public": op.public, "summary": op.summary})
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['method']:<7} {row['path']:<70} {row['plugin']}")


@click.command("openapi")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_obj
@startup_errors
def openapi(obj, output):
    """Print the OpenAPI 3.1 document."""
    from clapboard.openapi import build_openapi

    text = json.dumps(build_openapi(obj.app(check_schema=False)), indent=2)
    if output:
        with open(output, "w") as fh:
            fh.write(text + "\n")
    else:
        click.echo(text)


COMMANDS = [plugins, routes, openapi]
