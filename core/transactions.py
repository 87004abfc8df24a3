"""One transaction per writing request, retried as a whole when the database asks for it.

Every POST/PUT/PATCH/DELETE responder runs inside a transaction (on SQLite
``BEGIN IMMEDIATE`` behind one lock per process). When the database refuses
the transaction in a way a second try can cure — PostgreSQL picked it as a
deadlock victim or could not serialise it, SQLite found the file locked by
another process, or a unique key was taken between a check and an insert by a
request that committed first — everything is rolled back (rows, events,
the answer being built) and the responder runs again, a bounded number of
times with a short random pause. No answer is sent before the transaction
that produced it has committed. A unique-key refusal is retried once only: if
the fresh attempt is refused again, the duplicate is real and the client gets
its 400.

Writes that must survive an error answer (failed-login counters) set
``req.context.commit_on_error``. Events are delivered after commit only; just
before it, the ``before_commit`` hook sees them inside the transaction (an
outbox written there commits with the change or not at all).
Side effects outside the database made during an attempt (a file stored for a
row being written) register their undoing with ``on_rollback``: it runs when
that attempt does not commit, before any retry.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import random
import time

import peewee

from . import events
from .db import is_sqlite
from .errors import IntegrityViolation

log = logging.getLogger("clapboard.transactions")

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ATTEMPTS = 6
# PostgreSQL: serialization_failure, deadlock_detected, lock_not_available.
_RETRY_STATES = {"40001", "40P01", "55P03"}
_UNIQUE_STATE = "23505"
_undo: contextvars.ContextVar[list | None] = contextvars.ContextVar("clapboard_undo", default=None)


def on_rollback(undo) -> bool:
    """Call ``undo()`` if the current unit of work's attempt ends without committing; ``False``
    when no unit of work is running (the caller then cleans up itself)."""

    pending = _undo.get()
    if pending is None:
        return False
    pending.append(undo)
    return True


def _run_undo(pending: list) -> None:
    for undo in reversed(pending):
        try:
            undo()
        except Exception:  # one failed clean-up must not hide the request's own error
            log.exception("undoing a side effect of a rolled-back transaction failed")


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (exc, exc.__cause__, exc.__context__, getattr(exc, "orig", None)):
        state = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if state:
            return state
    return None


def retry_kind(exc: BaseException) -> str | None:
    """``"conflict"`` (retry freely), ``"duplicate"`` (retry once) or ``None`` (a real error).

    A refusal the engine already turned into an answer (``IntegrityViolation``
    raised from the database's error, as the generic create and update do) is
    judged as the database's error it came from.
    """

    if isinstance(exc, IntegrityViolation) and isinstance(exc.__cause__, peewee.PeeweeException):
        exc = exc.__cause__
    if not isinstance(exc, peewee.PeeweeException):
        return None
    state = _sqlstate(exc)
    text = str(exc).lower()
    if state in _RETRY_STATES or "deadlock detected" in text or "could not serialize" in text:
        return "conflict"
    if isinstance(exc, peewee.OperationalError) and ("database is locked" in text or "database table is locked"
                                                     in text):
        return "conflict"
    if isinstance(exc, peewee.IntegrityError) and (state == _UNIQUE_STATE or "unique constraint failed" in text
                                                   or "duplicate key" in text):
        return "duplicate"
    return None


def retried(app, work, duplicates: bool = False):
    """``work()`` in one ``app.transaction()`` (events after commit), run again from the start when the
    database asks for it (a deadlock, a serialisation failure, a busy SQLite file; with ``duplicates``, a
    unique key taken meanwhile too), as requests are. For background work and commands, which have no
    request transaction around them."""

    for attempt in range(1, ATTEMPTS + 1):
        try:
            with app.transaction():
                return work()
        except Exception as exc:  # noqa: BLE001 - judged by retry_kind, re-raised otherwise
            kind = retry_kind(exc)
            if kind is None or (kind == "duplicate" and not duplicates) or attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.005, 0.02) * attempt)


class _Snapshot:
    """What a responder may have changed on the response, to start a retry afresh."""

    def __init__(self, resp):
        self.headers = dict(resp._headers)
        self.cookies = resp._cookies

    def restore(self, resp) -> None:
        resp.status = 200
        resp.media = None
        resp.data = None
        resp.text = None
        resp.stream = None
        resp._headers = dict(self.headers)
        resp._cookies = self.cookies


class UnitOfWork:
    def __init__(self, app):
        self.app = app

    def _attempt(self, req, resp, responder, params) -> None:
        """Run the responder in one transaction; deliver its events once it committed."""

        db = self.app.db
        sqlite = is_sqlite(db)
        token = events.start_buffer()
        lock = self.app.write_lock if sqlite else contextlib.nullcontext()
        committed = False
        # A nested unit of work (a savepoint) leaves its undoing to the outermost one.
        undo_token = _undo.set([]) if _undo.get() is None else None
        try:
            with lock:
                txn = db.atomic("IMMEDIATE") if sqlite else db.atomic()
                txn.__enter__()
                outbox_failed = False
                try:
                    responder(req, resp, **params)
                    keep = _status(resp) < 400 or req.context.get("commit_on_error")
                    if keep:
                        outbox_failed = True
                        before_commit(self.app)
                        outbox_failed = False
                except BaseException as exc:
                    if req.context.get("commit_on_error") and retry_kind(exc) is None and not outbox_failed:
                        try:
                            before_commit(self.app)
                        except BaseException as outbox_exc:
                            txn.__exit__(type(outbox_exc), outbox_exc, outbox_exc.__traceback__)
                            raise
                        txn.__exit__(None, None, None)
                        committed = True
                    else:
                        txn.__exit__(type(exc), exc, exc.__traceback__)
                    raise
                if not keep:
                    txn.__exit__(RuntimeError, RuntimeError("rolled back: error answer"), None)
                else:
                    txn.__exit__(None, None, None)  # commit: may raise, and then nothing was kept
                    committed = True
        finally:
            pending = events.take_buffer(token)
            if undo_token is not None:
                undo = _undo.get()
                _undo.reset(undo_token)
                if not committed and undo:
                    _run_undo(undo)
            if committed and pending:
                events.deliver(self.app, pending)

    def run(self, req, resp, responder, params) -> None:
        snapshot = _Snapshot(resp)
        duplicates = 0
        for attempt in range(1, ATTEMPTS + 1):
            try:
                self._attempt(req, resp, responder, params)
            except BaseException as exc:
                kind = retry_kind(exc)
                if kind is None or attempt == ATTEMPTS or (kind == "duplicate" and duplicates):
                    raise
                duplicates += kind == "duplicate"
                log.info("retrying %s %s (attempt %s): %s", req.method, req.path, attempt + 1,
                         str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                snapshot.restore(resp)
                time.sleep(random.uniform(0.005, 0.02) * attempt)
                continue
            return


def before_commit(app) -> None:
    """The ``before_commit`` hook with the events the current unit emitted (none: no call)."""

    pending = events._buffer.get()
    if pending:
        app.hook.before_commit(app=app, events=list(pending))


def in_transaction(req, resp, work, **params) -> None:
    """Run ``work(req, resp, **params)`` as one unit of work (retried as a whole, events after
    commit): the database phase of a responder whose route says ``transaction=False``."""

    req.context.app.unit_of_work.run(req, resp, work, params)


def _status(resp) -> int:
    status = resp.status
    return status if isinstance(status, int) else int(str(status)[:3])


class TransactionalResource:
    """Wraps the write responders of a resource in a ``UnitOfWork``; the others pass through."""

    def __init__(self, resource, suffix: str | None, unit: UnitOfWork):
        self.resource = resource
        for method in ("GET", "HEAD", "OPTIONS", *WRITE_METHODS):
            name = "on_" + method.lower() + ("_" + suffix if suffix else "")
            responder = getattr(resource, name, None)
            if responder is None:
                continue
            setattr(self, name, self._wrap(responder, unit) if method in WRITE_METHODS else responder)

    @staticmethod
    def _wrap(responder, unit: UnitOfWork):
        def call(req, resp, **params):
            unit.run(req, resp, responder, params)

        call.__doc__ = responder.__doc__
        return call
