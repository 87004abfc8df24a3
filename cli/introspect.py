"""Introspection commands: ``plugins``, ``routes``, ``openapi``."""

from __future__ import annotations

import json

import click

from .context import startup_errors


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (with requires, required_by, package).")
@click.option("--graph", type=click.Choice(["tree", "dot"]), is_flag=False, flag_value="tree", default=None,
              help="Print the dependency graph: an indented tree (default) or Graphviz DOT (--graph dot).")
@click.pass_obj
@startup_errors
def plugins(obj, as_json, graph):
    """List plugins: name, version, source, status, the plugins each requires, and hooks implemented.

    Unmet requirements (a required plugin disabled, broken or not installed; a
    cycle) are listed after the plugins and the exit status is 1.
    """
    from clapboard.pluginhost import PluginHost

    host = PluginHost(obj.config()).load(strict=False)
    infos = [info.as_dict() for info in host.infos.values()]
    if as_json:
        click.echo(json.dumps(infos, indent=2))
    elif graph:
        from .plugin_graph import dot, tree

        click.echo("\n".join(dot(infos) if graph == "dot" else tree(infos)))
    else:
        for info in infos:
            requires = ",".join(info["requires"]) or "-"
            line = (f"{info['name']:<14} {info['version'] or '-':<10} {info['source']:<12} {info['status']:<9} "
                    f"{requires:<12}")
            line += f" error: {info['error']}" if info["error"] else " " + ", ".join(info["hooks"])
            click.echo(line.rstrip())
    if host.problems:
        raise click.ClickException("; ".join(host.problems))


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
