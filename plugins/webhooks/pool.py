"""The senders of one process: a dispatcher thread that claims due deliveries and a bounded pool that sends them.

Started by ``serve_started`` in each process that serves (threads do not
cross the fork that makes ``clapboard serve``'s workers), or on the first
event of a process where that hook did not run (tests, commands). The
dispatcher claims only as many rows as there are idle senders, wakes when an
event committed (``kick``), when the next retry falls due, and at least every
``poll_seconds`` — so deliveries left by a killed process (their lease ran
out) go out after a restart without any new request. Request threads never
send: they only kick. ``stop`` claims nothing more and waits for the sends in
hand.
"""

from __future__ import annotations

import atexit
import logging
import os
import queue as queues
import threading
import time

import peewee

from . import queue, sender
from .models import utcnow

log = logging.getLogger("clapboard.webhooks")

PURGE_EVERY = 600.0  # seconds between two purges of old delivered rows
_pools: dict[int, "SenderPool"] = {}
_lock = threading.Lock()


class SenderPool:
    def __init__(self, app):
        self.app = app
        self.settings = app.config.plugin("webhooks")
        self.size = self.settings["workers"]
        self.pid = os.getpid()
        self._busy = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._work: queues.Queue = queues.Queue()
        self._thread = threading.Thread(target=self._dispatch, name="clapboard-webhooks", daemon=True)
        self._senders = [threading.Thread(target=self._sender, name=f"clapboard-webhook-{n}", daemon=True)
                         for n in range(self.size)]
        self._last_purge = 0.0

    def start(self) -> "SenderPool":
        for thread in (self._thread, *self._senders):
            thread.start()
        return self

    def kick(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """Claim nothing more; let the senders finish the deliveries in hand (each bounded by its timeout)."""

        self._stopping.set()
        self._wake.set()
        self._thread.join(timeout)
        for _ in self._senders:
            self._work.put(None)
        for thread in self._senders:
            thread.join(timeout)

    def _idle(self) -> int:
        with self._lock:
            return self.size - self._busy

    def _dispatch(self) -> None:
        self.app.bind_thread()
        while not self._stopping.is_set():
            self._wake.clear()
            wait = self._turn()
            if wait > 0:
                self._wake.wait(wait)

    def _turn(self) -> float:
        """One look at the outbox; answers how long to sleep (0: look again at once)."""

        poll = self.settings["poll_seconds"]
        try:
            with self.app.db.connection_context():
                if self._idle() <= 0:
                    return poll  # a sender that finishes wakes the dispatcher
                if self._claim():
                    return 0
                self._maybe_purge()
                return self._until_due(poll)
        except peewee.PeeweeException as exc:  # database away or not migrated yet: try again later
            log.warning("webhook deliveries cannot be read now: %s", exc)
        except Exception:  # noqa: BLE001 - the dispatcher must outlive any one failure
            log.exception("webhook dispatcher failed; going on")
        return poll

    def _claim(self) -> int:
        rows = queue.claim(self.app, self.settings, self._idle())
        if not rows:
            return 0
        hooks = queue.hooks_by_id(row.webhook_id for row in rows)
        for row in rows:
            with self._lock:
                self._busy += 1
            self._work.put((hooks.get(row.webhook_id), row))
        return len(rows)

    def _until_due(self, longest: float) -> float:
        due = queue.next_due(self.app)
        if due is None:
            return longest
        return max(0.05, min(longest, (due - utcnow()).total_seconds() + 0.01))

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._last_purge >= PURGE_EVERY:
            self._last_purge = time.monotonic()
            queue.purge(self.app, self.settings)

    def _sender(self) -> None:
        self.app.bind_thread()
        while True:
            item = self._work.get()
            if item is None:
                return
            self._send(*item)

    def _send(self, hook, row) -> None:
        try:
            with self.app.db.connection_context():
                send_one(self.app, self.settings, hook, row)
        except Exception:  # noqa: BLE001 - the row's lease runs out and it is sent again
            log.exception("webhook delivery %s could not be recorded", row.id)
        finally:
            with self._lock:
                self._busy -= 1
            self._wake.set()


def send_one(app, settings: dict, hook, row) -> str:
    """Send one claimed delivery and record its outcome; answers the row's new state."""

    started = utcnow()
    if hook is None:  # deleted between the claim and now
        outcome = sender.Outcome(None, 0, "the webhook was deleted")
    else:
        outcome = sender.send(hook, row, settings["timeout_seconds"])
    return queue.finish(app, settings, row, started, outcome)


def pool_of(app, start: bool = True) -> SenderPool | None:
    """This process's pool for ``app``, started when ``start`` (a pool made before a fork is left behind)."""

    with _lock:
        pool = _pools.get(id(app))
        if pool is not None and pool.pid == os.getpid() and pool.app is app:
            return pool
        if not start:
            return None
        pool = _pools[id(app)] = SenderPool(app).start()
    atexit.register(pool.stop, pool.settings["timeout_seconds"] + 5)  # a command ending: finish what it holds
    return pool


def stop(app) -> None:
    with _lock:
        pool = _pools.pop(id(app), None)
    if pool is not None and pool.pid == os.getpid():
        atexit.unregister(pool.stop)
        pool.stop()
