"""The periodic directory sync of a serving process (``[plugins.sso.ldap] sync_minutes``).

Every serving process starts a daemon thread, but one sync per interval runs
for all of them: a turn first takes a lease, a row of ``sso_flow`` under a fixed
key that only one process can insert. It is held long while the sync runs, then
kept until the interval ends, so the other processes' turns in that interval
find it and skip. A failed sync (directory down) is logged and tried again at
the next interval; it never stops the thread.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import timedelta

import peewee

from .. import flows
from ..models import Flow
from .settings import ldap_settings

log = logging.getLogger("clapboard.sso.ldap")

LEASE_KIND = "ldap-sync"
LEASE_KEY = "ldap-sync-lease"
HOLD_MINUTES = 30  # how long a running sync keeps others out (far beyond its LDAP timeouts)

_lock = threading.Lock()
_runners: dict[int, "Runner"] = {}


def take_lease(app) -> bool:
    """Whether this process may sync now (no other one did during this interval or is syncing)."""

    try:
        with app.transaction():
            flows.start(LEASE_KIND, {"pid": os.getpid()}, HOLD_MINUTES, key=LEASE_KEY)
        return True
    except peewee.IntegrityError:
        return False


def keep_lease(app, minutes: float) -> None:
    """Let the lease run out ``minutes`` after the sync started instead of ``HOLD_MINUTES``."""

    with app.transaction():
        Flow.update(expires_at=flows.utcnow() + timedelta(minutes=minutes)).where(Flow.key == LEASE_KEY).execute()


class Runner:
    def __init__(self, app, minutes: float):
        self.app, self.minutes, self.pid = app, minutes, os.getpid()
        self.runs = 0  # syncs this process ran (tests and logs)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="clapboard-ldap-sync", daemon=True)

    def start(self) -> "Runner":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(ldap_settings(self.app)["timeout"] + 5)

    def _loop(self) -> None:
        self.app.bind_thread()
        while not self._stopping.is_set():
            self.turn()
            self._stopping.wait(self.minutes * 60)

    def turn(self) -> None:
        from .directory import DirectoryError  # ldap3: loaded by the processes that sync, not by every one
        from .sync import SyncError, run

        try:
            with self.app.db.connection_context():
                if not take_lease(self.app):
                    return
                try:
                    report = run(self.app)
                    self.runs += 1
                finally:  # a little less than the interval: this process's next turn finds it gone
                    keep_lease(self.app, self.minutes * 0.9)
                log.info("%s", report.summary())
        except (DirectoryError, SyncError) as exc:
            log.warning("periodic LDAP sync failed, nothing changed: %s", exc)
        except Exception:  # noqa: BLE001 - the thread must outlive any one failure
            log.exception("periodic LDAP sync failed")


def start(app) -> None:
    """Start the periodic sync when configured (once per process and app)."""

    conf = ldap_settings(app)
    if not conf["enabled"] or not conf["sync_minutes"]:
        return
    with _lock:
        runner = _runners.get(id(app))
        if runner is not None and runner.pid == os.getpid() and runner.app is app:
            return
        _runners[id(app)] = Runner(app, conf["sync_minutes"]).start()


def runner_of(app) -> Runner | None:
    return _runners.get(id(app))


def stop(app) -> None:
    """Stop it."""

    with _lock:
        runner = _runners.pop(id(app), None)
    if runner is not None and runner.pid == os.getpid():
        runner.stop()
