"""One CSV import, as the routes and the command run it: who, where, which file, and what it did.

A ``Job`` is built before the file is read (so a refused actor never gets
an answer about the file), checked by its kind's ``check``, then given the
parsed table and run by the kind's ``run`` inside one transaction: the first
bad line raises a ``CsvError`` and the transaction keeps nothing.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from clapboard.errors import BadRequest

from .kinds import Kind
from .reader import Table, parse_upload

TRUE = ("true", "1", "yes")
FALSE = ("false", "0", "no", "")


@dataclass
class Job:
    ctx: Any  # the data engine's Context (app, actor, params)
    kind: Kind
    project: dict | None
    update: bool = False
    options: dict = field(default_factory=dict)
    author: uuid.UUID | None = None  # the person comments and created_by name
    progress: Callable[[int], None] | None = None
    table: Table | None = None
    stats: Counter = field(default_factory=Counter)

    @property
    def app(self):
        return self.ctx.app

    @property
    def project_id(self) -> uuid.UUID:
        return self.project["id"]

    def advance(self, count: int = 1) -> None:
        if self.progress is not None:
            self.progress(count)

    def read(self, data: bytes) -> Table:
        """Parse the uploaded bytes (limits of ``[plugins.imports]``), with the kind's required columns."""

        module = self.kind.load()
        self.table = parse_upload(self.app, data, required=self.required(module))
        return self.table

    def required(self, module) -> tuple[str, ...]:
        found = getattr(module, "required", ())
        return tuple(found(self) if callable(found) else found)


def update_flag(params: dict) -> bool:
    """Zou's ``?update=true``; anything but true/false is a 400 (never a silent "no")."""

    raw = str(params.get("update", "false")).strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise BadRequest("Parameter 'update' must be true or false.")


def run(job: Job) -> list[dict]:
    """Check, then import ``job.table`` (already read); the rows answered, in file order."""

    module = job.kind.load()
    job.stats.clear()
    return module.run(job)
