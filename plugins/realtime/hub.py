"""The realtime side of one serving process: the journal tailer, and the polls it holds and answers.

A poll of a session connected to ``/events`` with nothing to send waits here
(``hold``) instead of answering at once, so events reach a listening client
as soon as they commit. At most ``max_held_polls`` wait at once — each holds
a waitress thread — and the next ones are answered at once with a noop
packet, so API requests always find a free thread.

The held polls are answered by the hub's thread, all at once (``batch.py``):
one journal read and one short write per wake for the whole process, however
many polls it holds; a held poll's thread only waits for its answer, or for
its ping to fall due. The thread runs a batch when:

* this process committed a change with events, or queued a packet (``wake``,
  called after the commit);
* it saw the journal or the packet queue grow through another process (one
  cheap ``MAX(id)`` query each, every ``tail_seconds``).

A poll looks at the database itself (``polling._due``) before it is held, and
``hold`` refuses it when a wake came in between (``generation``), so an event
committed meanwhile is never left waiting for the next one.

The thread also prunes old journal rows and sessions not seen for longer
than the ping timeout. Started by ``serve_started`` (threads do not cross the
workers' fork), lazily by the first poll elsewhere (in-process tests).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import timedelta

import peewee

from . import batch, identity, journal, sessions
from .models import utcnow

log = logging.getLogger("clapboard.realtime")

PRUNE_EVERY = 30.0  # seconds between two prunes of old journal rows and dead sessions
CLAIMED_WAIT = 30.0  # the longest a timed-out poll waits for the batch that claimed it (it always answers)
IDLE_SECONDS = 5.0  # the tailer's sleep while no poll is held: a held poll wakes it at once
_hubs: dict[int, "Hub"] = {}
_lock = threading.Lock()


class Waiter:
    """One held poll: its session, the login to judge again before it is answered, and its answer."""

    def __init__(self, sid: str, actor, token: str | None, path: str):
        self.sid, self.actor, self.token, self.path = sid, actor, token, path
        self.person_id = identity.person_of(actor)
        self.pending = False  # events or packets were waiting when it came: run a batch at once
        self.answer: list[str] | None = None
        self.done = threading.Event()


class Hub:
    def __init__(self, app):
        self.app = app
        self.settings = app.config.plugin("realtime")
        self.max_held = self.settings["max_held_polls"] or max(1, int(app.config["threads"]) // 2)
        self.pid = os.getpid()
        self.held = 0
        self.generation = 0  # bumped by every wake: a poll about to be held compares it to see it missed none
        self._lock = threading.Lock()
        self._waiters: set[Waiter] = set()
        self._dirty = threading.Event()  # a batch is due
        self._stopping = threading.Event()
        self._seen = (None, None)
        self._last_prune = 0.0
        self._thread = threading.Thread(target=self._tail, name="clapboard-realtime", daemon=True)

    def start(self) -> "Hub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._dirty.set()
        self._thread.join(10)
        with self._lock:
            waiting, self._waiters = self._waiters, set()
        for waiter in waiting:
            waiter.done.set()  # no answer: the poll looks again by itself

    def wake(self) -> None:
        """Events committed: polls about to be held see the new generation and look by themselves; a
        batch runs only when some poll is held (a process with no listener does no work per write)."""

        with self._lock:
            self.generation += 1
            waiting = bool(self._waiters)
        if waiting:
            self._dirty.set()

    @property
    def waiting(self) -> int:
        """How many polls wait for a batch's answer now."""

        with self._lock:
            return len(self._waiters)

    def try_hold(self) -> bool:
        """Take one of the held-poll slots; ``False`` when they are all taken (answer at once)."""

        with self._lock:
            if self.held >= self.max_held:
                return False
            self.held += 1
            return True

    def release(self) -> None:
        with self._lock:
            self.held -= 1

    def hold(self, waiter: Waiter, since: int, seconds: float) -> list[str] | None:
        """Wait up to ``seconds`` for a batch to answer ``waiter``: its packets, or ``None`` when the poll
        should look by itself (a wake after generation ``since``, its ping due, the session changed)."""

        with self._lock:
            if self.generation != since or self._stopping.is_set():
                return None
            first = not self._waiters
            self._waiters.add(waiter)
        if waiter.pending or first:  # the first held poll: the tailer starts looking at the journal again
            self._dirty.set()
        if not waiter.done.wait(seconds):
            with self._lock:
                if waiter in self._waiters:
                    self._waiters.discard(waiter)
                    return None
            waiter.done.wait(CLAIMED_WAIT)  # a batch took it just now: its cursor may be moving
        return waiter.answer

    def _tail(self) -> None:
        self.app.bind_thread()
        while not self._stopping.is_set():
            try:
                with self.app.db.connection_context():
                    if self.waiting or self._dirty.is_set():  # idle: nobody to wake, no read
                        self._look()
                    if self._dirty.is_set():
                        self._dirty.clear()
                        self._answer()
                    self._maybe_prune()
            except peewee.PeeweeException as exc:  # database away or not migrated yet: try again later
                log.warning("the realtime journal cannot be read now: %s", exc)
                self._dirty.set()
                self._stopping.wait(1.0)
            except Exception:  # noqa: BLE001 - the tailer must outlive any one failure
                log.exception("realtime tailer failed; going on")
                self._dirty.set()
                self._stopping.wait(1.0)
            # With polls held, look every tail_seconds; idle, sleep until a poll is held (or it is time to prune).
            self._dirty.wait(self.settings["tail_seconds"] if self.waiting else IDLE_SECONDS)

    def _look(self) -> None:
        seen = (journal.latest_id(), sessions.latest_packet_id())
        if seen != self._seen:
            self._seen = seen
            self.wake()

    def _answer(self) -> None:
        """One batch for every held poll (``batch.py``): those it answers leave the held ones first, so a
        poll whose wait ends meanwhile waits for this answer instead of looking by itself."""

        with self._lock:
            waiting = list(self._waiters)
        if not waiting:
            return
        plans, more = batch.plan(self.app, waiting)
        if more:
            self._dirty.set()
        with self._lock:
            claimed = {w for w, p in plans.items() if p.claims and w in self._waiters}
            self._waiters.difference_update(claimed)
        answers: dict = {}
        try:
            writing = {w: p for w, p in plans.items() if p.writes and (not p.claims or w in claimed)}
            if writing:
                answers = batch.commit(self.app, writing)
        finally:
            for waiter in claimed:
                waiter.answer = answers.get(waiter) or None
                waiter.done.set()

    def _maybe_prune(self) -> None:
        if time.monotonic() - self._last_prune < PRUNE_EVERY:
            return
        self._last_prune = time.monotonic()
        dead = utcnow() - timedelta(seconds=self.settings["ping_interval_seconds"]
                                    + self.settings["ping_timeout_seconds"] + 10)
        with self.app.db.atomic():
            journal.prune(self.settings["keep_seconds"])
            sessions.prune(dead)


def hub_of(app, start: bool = True) -> Hub | None:
    """This process's hub for ``app``, started on first use when ``start`` (one made before a fork
    is left behind)."""

    with _lock:
        hub = _hubs.get(id(app))
        if hub is not None and hub.pid == os.getpid() and hub.app is app:
            return hub
        if not start:
            return None
        hub = _hubs[id(app)] = Hub(app).start()
        return hub


def stop(app) -> None:
    with _lock:
        hub = _hubs.pop(id(app), None)
    if hub is not None and hub.pid == os.getpid():
        hub.stop()
