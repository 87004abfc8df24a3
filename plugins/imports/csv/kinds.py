"""The table of CSV imports: one ``Kind`` per kind of rows, shared by the routes and the command.

Adding a kind is one entry in ``KINDS``: it gives a route (``Kind.path``) and
a ``clapboard import csv <name>`` choice, both running the same code. The
kind's module (``clapboard.plugins.imports.csv.<module>``) provides:

- ``check(job)``: refuse the actor (``PermissionDenied``) before the file is
  read; the project, when the kind has one, is already read (404 outside the
  actor's reach).
- ``run(job) -> list[dict]``: import ``job.table`` inside the request's (or
  command's) one transaction and answer the created or updated rows; raise
  ``reader.CsvError(message, line_number)`` on the first bad line, which
  leaves nothing written.

``Kind.options`` are extra values a kind needs besides the project: a route
passes its path fields under their names (``task_type_id``), the command its
options under theirs (``--task-type`` as ``task_type``, as typed: a name or
an id); the kind's module resolves both into ``job.options``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Option:
    """An extra command-line option of a kind (``--<name>``), with its help text."""

    name: str
    help: str


@dataclass(frozen=True)
class Kind:
    name: str
    module: str
    path: str
    summary: str
    project: bool = True
    options: tuple[Option, ...] = ()
    extra_paths: tuple[str, ...] = ()
    answer: str = "imports/csv-answers#/$defs/entities"  # the JSON Schema of the 201 answer

    def load(self):
        """The kind's module (``check`` and ``run``), imported on first use."""

        return import_module(f"{__package__}.{self.module}")


PROJECT = "/import/csv/projects/{project_id}"

KINDS: dict[str, Kind] = {
    "persons": Kind("persons", "persons", "/import/csv/persons",
                    "Import persons (admins only); rows found by e-mail.", project=False,
                    answer="imports/csv-answers#/$defs/persons"),
    "assets": Kind("assets", "assets", f"{PROJECT}/assets",
                   "Import assets; rows found by name and asset type (and episode)."),
    "shots": Kind("shots", "shots", f"{PROJECT}/shots",
                  "Import shots; rows found by name within their sequence (and episode)."),
    "edits": Kind("edits", "edits", f"{PROJECT}/edits",
                  "Import edits; rows found by name (within their episode)."),
    "casting": Kind("casting", "casting", f"{PROJECT}/casting",
                    "Import casting: each line casts an asset into a shot, an asset or an episode.",
                    answer="imports/csv-lines"),
    "estimations": Kind(
        "estimations", "estimations", f"{PROJECT}/task-types/{{task_type_id}}/estimations",
        "Import a task type's estimations, dates and difficulty; tasks found by entity (Parent, Entity).",
        options=(Option("task-type", "The task type (name or id) whose tasks the file plans."),
                 Option("episode", "Only the assets and sequences of this episode (name or id).")),
        extra_paths=(f"{PROJECT}/episodes/{{episode_id}}/task-types/{{task_type_id}}/estimations",),
        answer="imports/csv-lines"),
}


def kind(name: str) -> Kind:
    """The kind called ``name`` (``KeyError`` when unknown)."""

    return KINDS[name]
