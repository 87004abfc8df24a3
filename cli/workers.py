"""Serving on one socket with several processes: a supervisor and its forked workers.

The supervisor binds the listening socket, builds the application once (so a
broken configuration stops the start before any worker exists), then forks
``workers`` processes that each serve the shared socket with waitress; the
kernel spreads connections between them. It restarts a worker that dies
(``kill -9`` included), replaces every worker with fresh ones on ``SIGHUP``
(configuration re-read, no connection refused: the socket stays open), and on
``SIGTERM``/``SIGINT`` lets each worker finish the requests it holds before it
exits. Everything the processes must share lives in the database (sessions,
revocations, events, cache counters), so they need nothing else in common.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import time

log = logging.getLogger("clapboard.serve")

DRAIN_SECONDS = 30
RESPAWN_PAUSE = 1.0  # after a worker died young, so a crash loop does not spin


def tame_malloc(arenas: int = 2, mmap_threshold: int = 256 * 1024) -> None:
    """Keep a worker's memory flat under glibc: a couple of shared arenas instead of one per
    thread (tens of MB each under SQLite's page cache and big JSON answers), and a fixed mmap
    threshold, so large blocks (a login's 19 MB of argon2 memory) go back to the system when freed
    instead of raising the threshold and staying in the heap. No-op elsewhere."""

    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
        libc.mallopt(-3, mmap_threshold)  # M_MMAP_THRESHOLD (also stops its dynamic growth)
    except (OSError, AttributeError):
        pass


def listen(host: str, port: int, backlog: int = 1024) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.setblocking(False)
    return sock


IDLE_SECONDS = 0.5  # a connection this quiet while draining carries no request: close it


def _idle(channel) -> bool:
    """Nothing received, nothing being served or sent, and quiet for a moment (a connection
    accepted just before the drain gets the time to send its request)."""

    return not getattr(channel, "requests", None) and getattr(channel, "request", None) is None \
        and not getattr(channel, "total_outbufs_len", 0) \
        and time.time() - getattr(channel, "last_activity", 0) > IDLE_SECONDS


def serve_socket(app, sock: socket.socket, threads: int, options: dict, supervised: bool = False) -> None:
    """Serve ``sock`` until SIGTERM/SIGINT (or, ``supervised``, until the supervisor dies), then
    finish the requests in hand and return."""

    import waitress.server

    server = waitress.server.create_server(app, sockets=[sock], threads=threads, **options)
    app.hook.serve_started(app=app)  # in this process: background threads do not cross a fork
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    asyncore = server.asyncore
    parent = os.getppid() if supervised else None
    while not stopping:
        # poll(), not select(): a process holding more than 1024 descriptors (long polls, connections) keeps serving
        asyncore.loop(timeout=0.5, map=server._map, count=1, use_poll=True)
        if parent is not None and os.getppid() != parent:  # the supervisor died (kill -9): no orphans
            log.warning("worker %s: supervisor gone, stopping", os.getpid())
            break
    server.close()  # this process's listening socket only: siblings keep serving
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        channels = [c for c in list(server._map.values()) if hasattr(c, "requests")]
        for channel in channels:
            if _idle(channel):
                channel.handle_close()
        if not any(hasattr(c, "requests") for c in server._map.values()):
            break
        asyncore.loop(timeout=0.1, map=server._map, count=1, use_poll=True)
    server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
    asyncore.close_all(server._map)


class Supervisor:
    """Keeps ``count`` workers serving ``sock``; ``build_app()`` makes the app they fork with."""

    def __init__(self, build_app, sock: socket.socket, count: int, threads: int, options: dict):
        self.build_app = build_app
        self.sock = sock
        self.count = count
        self.threads = threads
        self.options = options
        self.workers: dict[int, float] = {}  # pid -> started at
        self.signals: list[int] = []

    def _fork(self, app) -> int:
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                serve_socket(app, self.sock, self.threads, self.options, supervised=True)
            except BaseException:  # noqa: BLE001 - report and leave with a failure status
                log.exception("worker %s failed", os.getpid())
                code = 1
            finally:
                os._exit(code)
        self.workers[pid] = time.monotonic()
        return pid

    def _spawn(self, app, how_many: int) -> None:
        for _ in range(how_many):
            self._fork(app)

    @staticmethod
    def _release(app) -> None:
        """No database connection may cross a fork: each worker opens its own. What is built so
        far is frozen out of the garbage collector, so its passes do not copy the pages the
        workers share with the supervisor."""

        close_all = getattr(app.db, "close_all", None)
        if not app.db.is_closed():
            app.db.close()
        if close_all is not None:
            close_all()
        gc.collect()
        gc.freeze()

    def _stop(self, pids, how=signal.SIGTERM) -> None:
        for pid in pids:
            try:
                os.kill(pid, how)
            except ProcessLookupError:
                pass

    def _reap(self) -> list[tuple[int, int]]:
        gone = []
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            started = self.workers.pop(pid, None)
            if started is not None:
                gone.append((pid, status))
        return gone

    def run(self) -> int:
        app = self.build_app()
        self._release(app)
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(signum, lambda s, f: self.signals.append(s))
        self._spawn(app, self.count)
        while True:
            while self.signals:
                signum = self.signals.pop(0)
                if signum in (signal.SIGTERM, signal.SIGINT):
                    return self._shutdown()
                if signum == signal.SIGHUP:
                    app = self._restart() or app
            for pid, status in self._reap():
                log.warning("worker %s ended (%s); starting another", pid, _describe(status))
                time.sleep(RESPAWN_PAUSE)
                self._fork(app)
            time.sleep(0.2)

    def _restart(self):
        """Fresh workers from a freshly built app; the old ones finish their requests and leave."""

        log.info("SIGHUP: replacing %s workers", len(self.workers))
        try:
            app = self.build_app()
        except Exception:  # a broken new configuration keeps the old workers serving
            log.exception("restart refused: the application could not be built")
            return None
        self._release(app)
        old = list(self.workers)
        for pid in old:  # the old ones are not replaced when they exit
            self.workers.pop(pid)
        self._spawn(app, self.count)
        self._stop(old)
        return app

    def _shutdown(self) -> int:
        self._stop(list(self.workers))
        deadline = time.monotonic() + DRAIN_SECONDS + 10
        while self.workers and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.1)
        self._stop(list(self.workers), signal.SIGKILL)
        self._reap()
        self.sock.close()
        return 0


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"status {os.WEXITSTATUS(status)}"
