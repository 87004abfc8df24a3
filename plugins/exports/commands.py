"""``clapboard export …``: the command group; each export module adds its command."""

from __future__ import annotations

from importlib import import_module

COMMAND_MODULES: tuple[str, ...] = (
    "command",
)


def group(cli):
    """The ``export`` command group (made once)."""

    found = cli.commands.get("export")
    if found is None:
        @cli.group("export")
        def found():
            """Export the studio's data (CSV, as Zou's /export routes)."""
    return found


def register(cli) -> None:
    export = group(cli)
    for name in COMMAND_MODULES:
        import_module(f"{__package__}.{name}").register(export)
