"""A real ``clapboard serve --workers N`` on the test database, and clients that write to it at once.

- ``Server``: ``init-db``, ``create-admin`` and ``serve`` as subprocesses on
  ``clapboard.testing.test_database_url`` (SQLite in a temporary directory, or
  the PostgreSQL database of ``CLAPBOARD_TEST_DATABASE_URL``); the server's
  output goes to a file, read back for its retry lines and on failure.
- ``Client``: one keep-alive HTTP connection (``http.client``) with a bearer token.
- ``burst``: many requests, each on its own client and thread, released together
  by a barrier; every answer is kept (status, body, when it was sent and answered).
- ``rows``: the test database read directly with peewee, for what the API cannot
  show (duplicate link rows, microsecond creation times).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from clapboard.db import open_database
from clapboard.testing import test_database_url

from .test_cli_server import _free_port

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "concurrent admin password"
# Cheap password hashing: the tests log in a few times, they measure writes.
FAST_PASSWORDS = {"CLAPBOARD_PLUGINS__AUTH__ARGON2_TIME_COST": "1",
                  "CLAPBOARD_PLUGINS__AUTH__ARGON2_MEMORY_KIB": "1024",
                  "CLAPBOARD_PLUGINS__AUTH__ARGON2_PARALLELISM": "1"}
IDLE_RECONNECT = 30.0  # seconds: reopen a connection idle longer than this before a burst


@dataclass
class Answer:
    method: str
    path: str
    body: object
    status: int  # 0: no HTTP answer (the exception is in ``payload``)
    payload: bytes
    sent: float
    answered: float

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def json(self):
        return json.loads(self.payload) if self.payload else None

    def describe(self) -> str:
        body = json.dumps(self.body) if self.body is not None else ""
        body = body if len(body) <= 240 else body[:240] + "…"
        answer = self.payload[:800].decode(errors="replace")
        return f"{self.method} {self.path} -> {self.status} {answer}\n      (sent {body})"


class Client:
    """One keep-alive connection to the server."""

    def __init__(self, port: int, token: str | None = None, timeout: float = 60.0):
        self.port = port
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def ready(self) -> None:
        """An open TCP connection, fresh enough not to have been closed by the server meanwhile."""

        if self.conn is not None and time.monotonic() - self.last_used > IDLE_RECONNECT:
            self.close()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.connect()
            self.last_used = time.monotonic()

    def request(self, method: str, path: str, body=None) -> Answer:
        headers = {"Accept": "application/json", "Connection": "keep-alive"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        sent = time.monotonic()
        try:
            self.ready()
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Answer(method, path, body, 0, repr(exc).encode(), sent, time.monotonic())
        self.last_used = time.monotonic()
        if response.will_close:
            self.close()
        return Answer(method, path, body, response.status, payload, sent, self.last_used)

    def call(self, method: str, path: str, body=None):
        answer = self.request(method, path, body)
        assert answer.ok, answer.describe()
        return answer.json

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body=None):
        return self.call("POST", path, {} if body is None else body)

    def put(self, path: str, body=None):
        return self.call("PUT", path, {} if body is None else body)


def burst(clients: list[Client], calls: list[tuple]) -> list[Answer]:
    """Send ``calls[i]`` (``(method, path, body)``) on ``clients[i]``, all released at once."""

    assert len(clients) >= len(calls)
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def run(index: int) -> None:
        method, path, body = calls[index]
        client = clients[index]
        try:
            client.ready()
        finally:
            barrier.wait(timeout=60)
        answers[index] = client.request(method, path, body)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    missing = [calls[i] for i, answer in enumerate(answers) if answer is None]
    assert not missing, f"no answer within 120 s for {missing}"
    return answers  # type: ignore[return-value]


def overlap(answers: list[Answer]) -> int:
    """The largest number of these requests the server had in hand at one moment (client clock)."""

    moments = sorted([(a.sent, 1) for a in answers] + [(a.answered, -1) for a in answers])
    best = current = 0
    for _when, step in moments:
        current += step
        best = max(best, current)
    return best


def failures(answers: list[Answer], accepted=range(200, 300)) -> str:
    """The answers outside ``accepted``, one line each with its body ("" when there is none)."""

    bad = [a.describe() for a in answers if a.status not in accepted]
    return f"{len(bad)} of {len(answers)} answers failed:\n  " + "\n  ".join(bad) if bad else ""


class Server:
    """``clapboard serve --workers N`` on a fresh test database, with an admin."""

    def __init__(self, tmp_path: Path, workers: int = 4, threads: int = 8):
        self.tmp_path = tmp_path
        self.workers = workers
        self.threads = threads
        self.url = test_database_url(tmp_path)
        self.port = _free_port()
        self.log_path = tmp_path / "serve.log"
        self.proc: subprocess.Popen | None = None
        self._log = None
        self.env = dict(os.environ, CLAPBOARD_DATA_DIR=str(tmp_path / "data"), CLAPBOARD_DATABASE_URL=self.url,
                        CLAPBOARD_LOG_LEVEL="INFO", **FAST_PASSWORDS)
        self.env.pop("CLAPBOARD_CONFIG", None)

    @property
    def database(self) -> str:
        return "postgresql" if self.url.startswith("postgres") else "sqlite"

    def _cli(self, *args, timeout=120) -> str:
        done = subprocess.run([sys.executable, "-m", "clapboard.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=False)
        assert done.returncode == 0, f"clapboard {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def start(self) -> Server:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> Server:
        self._cli("init-db")
        self._cli("create-admin", ADMIN_EMAIL, "--password", ADMIN_PASSWORD)
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop(), the server writes to it
        self.proc = subprocess.Popen([sys.executable, "-m", "clapboard.cli", "serve", "--port", str(self.port),
                                      "--workers", str(self.workers), "--threads", str(self.threads)],
                                     env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        probe = Client(self.port, timeout=5)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError("the server stopped:\n" + self.log_tail())
            if probe.request("GET", "/status").status == 200:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the server did not answer:\n" + self.log_tail())
        probe.close()
        return self

    def stop(self) -> None:
        """SIGTERM (the supervisor drains its workers); workers still there afterwards are killed."""

        if self.proc is not None and self.proc.poll() is None:
            workers = self.worker_pids()
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for pid in workers:  # only if that pid is still one of this server's processes
                with contextlib.suppress(OSError):
                    if f"--port\0{self.port}\0".encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                        os.kill(pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def retried(self) -> list[str]:
        """The server's "retrying …" lines: transactions the database refused and that ran again."""

        return [line for line in self.log_text().splitlines() if "clapboard.transactions" in line]

    def errors(self) -> list[str]:
        return [line for line in self.log_text().splitlines() if " ERROR " in line or "Traceback" in line]

    def worker_pids(self) -> set[int]:
        """The worker processes' ids (children of the supervisor)."""

        found = set()
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.proc.pid:
                    found.add(int(entry.name))
        return found

    def serving(self, clients: list[Client]) -> dict[int, int]:
        """``{worker pid: connections}``: which processes hold these clients' connections (Linux ``/proc``)."""

        ports = {c.conn.sock.getsockname()[1] for c in clients if c.conn is not None and c.conn.sock is not None}
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                lines = Path(table).read_text().splitlines()[1:]
            except OSError:
                continue
            for line in lines:
                fields = line.split()
                local, remote = int(fields[1].rsplit(":", 1)[1], 16), int(fields[2].rsplit(":", 1)[1], 16)
                if local == self.port and remote in ports:
                    inodes.add(fields[9])
        counts: dict[int, int] = {}
        for pid in self.worker_pids():
            held = sum(_socket_inode(pid, fd) in inodes for fd in _fds(pid))
            if held:
                counts[pid] = held
        return counts

    def client(self, token: str | None = None) -> Client:
        return Client(self.port, token)

    def login(self, email: str, password: str) -> str:
        client = self.client()
        try:
            return client.post("/auth/login", {"email": email, "password": password})["access_token"]
        finally:
            client.close()


def _fds(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []


def _socket_inode(pid: int, fd: str) -> str | None:
    try:
        link = os.readlink(f"/proc/{pid}/fd/{fd}")
    except OSError:
        return None
    return link[8:-1] if link.startswith("socket:[") else None


@contextlib.contextmanager
def rows(url: str, models):
    """The test database opened in this process with ``models`` bound to it (peewee)."""

    db = open_database(url, max_connections=2)
    try:
        with db.bind_ctx(models), db.connection_context():
            yield db
    finally:
        db.close_all()
