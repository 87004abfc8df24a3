"""The realtime side of one serving process: the journal tailer and the polls it holds.

A poll of a session connected to ``/events`` with nothing to send waits here
(``hold``) instead of answering at once,
so events reach a listening client as soon as they commit. At most
``max_held_polls`` wait at once — each holds a waitress thread — and the next
ones are answered at once with a noop packet, so API requests always find a
free thread. A held poll ends early when:

* this process committed a change with events, or queued a packet (``wake``,
  called after the commit);
* the tailer thread saw the journal or the packet queue grow through another
  process (one cheap ``MAX(id)`` query every ``tail_seconds``).

The tailer also prunes old journal rows and sessions not seen for longer
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

from . import journal, sessions
from .models import utcnow

log = logging.getLogger("clapboard.realtime")

PRUNE_EVERY = 30.0  # seconds between two prunes of old journal rows and dead sessions
_hubs: dict[int, "Hub"] = {}
_lock = threading.Lock()


class Hub:
    def __init__(self, app):
        self.app = app
        self.settings = app.config.plugin("realtime")
        self.max_held = self.settings["max_held_polls"] or max(1, int(app.config["threads"]) // 2)
        self.pid = os.getpid()
        self.held = 0
        self.generation = 0  # bumped by every wake: a waiter compares it to see whether it was woken
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._seen = (None, None)
        self._last_prune = 0.0
        self._thread = threading.Thread(target=self._tail, name="clapboard-realtime", daemon=True)

    def start(self) -> "Hub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.wake()
        self._thread.join(10)

    def wake(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def try_hold(self) -> bool:
        """Take one of the held-poll slots; ``False`` when they are all taken (answer at once)."""

        with self._changed:
            if self.held >= self.max_held:
                return False
            self.held += 1
            return True

    def release(self) -> None:
        with self._changed:
            self.held -= 1

    def wait(self, since: int, seconds: float) -> int:
        """Wait up to ``seconds`` for a wake after generation ``since``; answers the generation now."""

        deadline = time.monotonic() + seconds
        with self._changed:
            while self.generation == since and not self._stopping.is_set():
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return self.generation

    def _tail(self) -> None:
        self.app.bind_thread()
        while not self._stopping.is_set():
            try:
                with self.app.db.connection_context():
                    self._look()
                    self._maybe_prune()
            except peewee.PeeweeException as exc:  # database away or not migrated yet: try again later
                log.warning("the realtime journal cannot be read now: %s", exc)
                self._stopping.wait(1.0)
            except Exception:  # noqa: BLE001 - the tailer must outlive any one failure
                log.exception("realtime tailer failed; going on")
                self._stopping.wait(1.0)
            self._stopping.wait(self.settings["tail_seconds"])

    def _look(self) -> None:
        seen = (journal.latest_id(), sessions.latest_packet_id())
        if seen != self._seen:
            self._seen = seen
            self.wake()

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
