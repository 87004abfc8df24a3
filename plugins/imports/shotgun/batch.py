"""Running one ShotGrid import: checks, one savepoint per item, refusals recorded, the rows answered.

The route and the ``clapboard import shotgun`` command both call ``run``, in
the transaction they hold (the request's, or the command's). Each item is
written inside a savepoint with an event buffer of its own: a refused item
rolls back its rows and drops its events, then is recorded in
``data_import_error``; an accepted one hands its events to the enclosing
transaction, delivered once it commits.

A conflict the database asks to retry (a deadlock, a serialisation failure)
is not an item's fault: it ends the run, and the core retries the whole
request. Permission refusals end it too (403 for the whole import).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Callable

import peewee

import clapboard
from clapboard import events as core_events
from clapboard.errors import BadRequest, ClapboardError, PermissionDenied, Unauthorized
from clapboard.plugins.data.engine import Context
from clapboard.plugins.data.models import DataImportError
from clapboard.transactions import retry_kind

from .kinds import KINDS
from .links import Links, Refused, whole_ids

SOURCE = "shotgun"


@dataclass
class Failure:
    index: int
    entry: object
    message: str
    errors: list = field(default_factory=list)
    error_id: str | None = None

    @property
    def shotgun_id(self):
        return self.entry.get("id") if isinstance(self.entry, dict) else None


@dataclass
class Outcome:
    kind: str
    rows: list = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)


@dataclass
class Run:
    """What an importer needs while it writes: who acts, the links, work left for the end, and what
    its ``prepare`` read ahead."""

    ctx: Context
    links: Links
    index: int = -1  # of the item being written
    later: list = field(default_factory=list)  # (index, entry, callable) run after every item
    sent_ids: set = field(default_factory=set)  # ShotGrid ids of the payload's own items
    statuses: dict = field(default_factory=dict)  # task status short name -> id
    default_status: object = None


@contextlib.contextmanager
def isolated(app):
    """A savepoint whose events reach the enclosing transaction only if it succeeds."""

    token = core_events.start_buffer()
    try:
        with app.db.atomic():
            yield
    except BaseException:
        core_events.take_buffer(token)
        raise
    for event in core_events.take_buffer(token):
        clapboard.emit(event.name, event.data, actor_id=event.actor_id)


def check_body(app, body) -> list:
    """The payload's items: a JSON array, not longer than the configured limit (400 otherwise)."""

    if not isinstance(body, list):
        raise BadRequest("Send a JSON array of ShotGrid entities.")
    limit = app.config.plugin("imports")["max_items"]
    if len(body) > limit:
        raise BadRequest(f"{len(body)} items sent, {limit} at most per import ([plugins.imports] max_items).")
    return whole_ids(body)


def _reason(exc: BaseException) -> tuple[str, list]:
    if isinstance(exc, ClapboardError):
        errors = exc.details.get("errors") or (exc.details.get("data") or {}).get("errors") or []
        return exc.message, list(errors)
    return f"The database refused the row: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}.", []


def _schema_message(problems: list[dict]) -> str:
    first = problems[0]
    text = f"{first['path'] or 'item'}: {first['message']}"
    return text + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")


def _fatal(exc: BaseException) -> bool:
    """Whether ``exc`` ends the whole import rather than refusing one item."""

    if isinstance(exc, (PermissionDenied, Unauthorized)):
        return True
    if isinstance(exc, ClapboardError) and exc.status >= 500:
        return True
    return retry_kind(exc) == "conflict"


def _attempt(app, outcome: Outcome, index: int, entry, work: Callable) -> object | None:
    try:
        with isolated(app):
            return work()
    except (Refused, ClapboardError, peewee.IntegrityError, peewee.DataError) as exc:
        if _fatal(exc):
            raise
        message, errors = _reason(exc) if not isinstance(exc, Refused) else (str(exc), [])
        outcome.failures.append(Failure(index, entry, message, errors))
        return None


def run(ctx: Context, kind: str, body, progress: Callable[[int], None] | None = None) -> Outcome:
    """Import ``body`` (ShotGrid entities of ``kind``); refused items are recorded, not raised."""

    importer = KINDS[kind]
    items = check_body(ctx.app, body)
    outcome = Outcome(kind=importer.name)
    state = Run(ctx=ctx, links=Links())
    importer.prepare(state, [item for item in items if isinstance(item, dict)])
    schema = f"imports/shotgun/{importer.name}#/$defs/item"
    for index, item in enumerate(items):
        problems = ctx.app.schemas.errors(schema, item)
        if problems:
            outcome.failures.append(Failure(index, item, _schema_message(problems), problems))
        else:
            state.index = index
            row = _attempt(ctx.app, outcome, index, item, lambda item=item: importer.write(state, item))
            if row is not None:
                outcome.rows.append(row)
        if progress is not None:
            progress(1)
    for index, entry, work in state.later:
        _attempt(ctx.app, outcome, index, entry, work)
    outcome.failures.sort(key=lambda failure: failure.index)
    _record(outcome)
    return outcome


def _record(outcome: Outcome) -> None:
    for failure in outcome.failures:
        row = DataImportError.create(source=SOURCE, event_data={
            "kind": outcome.kind, "index": failure.index, "entry": failure.entry, "message": failure.message,
            "errors": failure.errors})
        failure.error_id = str(row.id)
