"""``clapboard import …`` (one subcommand per family) and top-level commands such as ``sync-from-zou``."""

from __future__ import annotations

from importlib import import_module

# Modules with ``register(import_group, cli)``.
COMMAND_MODULES: tuple[str, ...] = (
    "csv.commands",
    "shotgun.commands",
    "zousync.commands",
)


def group(cli):
    """The ``import`` command group (made once)."""

    found = cli.commands.get("import")
    if found is None:
        @cli.group("import")
        def found():
            """Import a studio's data (CSV, ShotGrid, Kitsu), as Zou's /import routes."""
    return found


def register(cli) -> None:
    imports = group(cli)
    for name in COMMAND_MODULES:
        import_module(f"{__package__}.{name}").register(imports, cli)
