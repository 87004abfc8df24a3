"""Copying a Zou studio into this Clapboard: each step read from Zou, then written by the Kitsu import's upsert.

Ids are kept, except where Clapboard already has its own row for the same
thing (its default task statuses, departments, entity types…, a person with
the same e-mail): that row is updated and every later row pointing at Zou's
id is rewritten to it (``IdMap``), the same way on every run. A step is one
transaction; rows equal to what is stored are not written, so a second run
changes only what changed on the Zou side. No event is emitted (a bulk copy);
nothing is deleted but the casting links Zou no longer has; no password is copied (Zou never serves them): copied
people sign in once an admin sets their password. Last, the files of the copied
previews, when the optional ``pictures`` plugin stores files here (``files``).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from clapboard.actors import SYSTEM
from clapboard.plugins.imports.kitsu.idmap import IdMap
from clapboard.plugins.imports.kitsu.kinds import SYNC_KINDS, model_for
from clapboard.plugins.imports.kitsu.prepare import RowError
from clapboard.plugins.imports.kitsu.upsert import upsert

from .client import SyncError, ZouClient
from .files import copy_files, storage_of
from .plan import STEPS, Scope, projects

CHUNK = 500
FILES = "preview files (pictures, movies)"


@dataclass
class Report:
    """Per step: rows read from Zou and what the copy did with them; steps skipped and why."""

    source: str
    counts: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    files: dict | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict:
        total = {key: sum(c.get(key, 0) for c in self.counts.values())
                 for key in ("created", "updated", "unchanged", "removed")}
        return {"source": self.source, "models": self.counts, "skipped": self.skipped, "total": total,
                "files": self.files, "seconds": round(self.seconds, 2)}


def sync(app, url: str, email: str, password: str, project_names: tuple[str, ...] = (),
         progress: Callable[[str, str], None] | None = None) -> Report:
    """Copy the Zou studio at ``url`` into ``app``; ``progress(step, phase)`` is told of each step."""

    started = time.monotonic()
    tell = progress or (lambda step, phase: None)
    client = ZouClient(url)
    client.login(email, password)
    tell("projects", "reading")
    scope = Scope(client, projects(client, project_names), set(), set(), set())
    report = Report(source=client.base)
    ids = IdMap()
    previews: list[tuple[dict, object]] = []
    for step in STEPS:
        kind = SYNC_KINDS[step.kind]
        if model_for(app, kind.table) is None:
            report.skipped[step.kind] = "the plugin that stores them is not enabled here"
            tell(step.kind, "skipped")
            continue
        tell(step.kind, "reading")
        rows = step.read(scope)
        tell(step.kind, "writing")
        try:
            with app.db.connection_context(), app.transaction():
                outcome = upsert(app, SYSTEM, kind, rows, silent=True, ids=ids, adopt=True)
                counts = {"read": len(rows), **outcome.counts()}
                if step.prune is not None:
                    column, among = step.prune
                    counts["removed"] = prune(app, kind, column, getattr(scope, among), outcome.ids)
        except RowError as exc:
            row = rows[exc.details["index"]] if isinstance(rows[exc.details["index"]], dict) else {}
            raise SyncError(f"{step.kind}: {exc.message} (Zou id {row.get('id')})") from exc
        report.counts[step.kind] = counts
        if step.kind == "preview-files":
            previews = list(zip(rows, outcome.ids))
        tell(step.kind, "done")
    storage = storage_of(app)
    if storage is None:
        report.skipped[FILES] = "the pictures plugin, which stores them, is not enabled here"
        tell(FILES, "skipped")
    else:
        tell(FILES, "copying")
        report.files = copy_files(client, storage, previews).as_dict()
        tell(FILES, "done")
    report.seconds = time.monotonic() - started
    return report


def prune(app, kind, column: str, owners: set, kept: list) -> int:
    """Remove the stored rows of ``kind`` whose ``column`` is among ``owners`` and whose id is not ``kept``."""

    model = model_for(app, kind.table)
    field = model._meta.columns[column]
    kept = set(kept)
    owners = sorted(owners)
    gone = []
    for start in range(0, len(owners), CHUNK):
        chunk = [uuid.UUID(str(owner)) for owner in owners[start:start + CHUNK]]
        gone.extend(row_id for (row_id,) in model.select(model.id).where(field.in_(chunk)).tuples()
                    if row_id not in kept)
    for start in range(0, len(gone), CHUNK):
        model.delete().where(model.id.in_(gone[start:start + CHUNK])).execute()
    return len(gone)


__all__ = ["Report", "SyncError", "sync"]
