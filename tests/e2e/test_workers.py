"""`clapboard serve --workers N`: processes sharing one socket, restarted, replaced and drained."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clapboard.testing import test_database_url

from .conftest import Http
from .test_cli_server import _free_port


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _wait(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def supervisor(tmp_path):
    if not Path("/proc").is_dir():
        pytest.skip("needs /proc to find the workers")
    env = dict(os.environ, CLAPBOARD_DATA_DIR=str(tmp_path / "data"),
               CLAPBOARD_DATABASE_URL=test_database_url(tmp_path))
    env.pop("CLAPBOARD_CONFIG", None)
    clapboard = [sys.executable, "-m", "clapboard.cli"]
    init = subprocess.run(clapboard + ["init-db"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    port = _free_port()
    proc = subprocess.Popen(clapboard + ["serve", "--port", str(port), "--workers", "2"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    http = Http(f"http://127.0.0.1:{port}")

    def answering():
        try:
            return http.request("GET", "/status")[0] == 200
        except OSError:
            return False

    try:
        _wait(answering, 30)
        _wait(lambda: len(_children(proc.pid)) == 2)
        yield proc, http, port
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _all_answer(http, n=20) -> bool:
    return all(http.request("GET", "/status")[0] == 200 for _ in range(n))


def test_a_killed_worker_is_replaced_and_the_others_keep_serving(supervisor):
    proc, http, _port = supervisor
    first = _children(proc.pid)
    victim = sorted(first)[0]
    os.kill(victim, signal.SIGKILL)
    assert _all_answer(http)  # the surviving worker takes the connections
    replaced = _wait(lambda: (lambda now: now if len(now) == 2 and victim not in now else None)(_children(proc.pid)))
    assert victim not in replaced and len(replaced & first) == 1
    assert _all_answer(http)


def test_sighup_replaces_every_worker_without_refusing_a_request(supervisor):
    proc, http, _port = supervisor
    before = _children(proc.pid)
    proc.send_signal(signal.SIGHUP)
    refused = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if http.request("GET", "/status")[0] != 200:
                refused += 1
        except OSError:
            refused += 1
        now = _children(proc.pid)
        if len(now) == 2 and not now & before:
            break
    else:
        pytest.fail("the workers were not replaced")
    assert refused == 0


def test_workers_stop_when_their_supervisor_is_killed(supervisor):
    proc, _http, _port = supervisor
    workers = _children(proc.pid)
    proc.kill()  # SIGKILL: no chance to stop them
    proc.wait(timeout=10)

    def gone():
        return not any(Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) for pid in workers)

    assert _wait(gone, 20)


def _state(pid: int) -> str:
    try:
        return "zombie" if (Path(f"/proc/{pid}") / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z" else "alive"
    except OSError:
        return "gone"


def test_sigterm_finishes_a_request_in_flight_then_stops(supervisor):
    proc, http, port = supervisor
    with socket.create_connection(("127.0.0.1", port), timeout=15) as conn:
        body = b'{"email": "nobody@example.com", "password": "not the password"}'
        conn.sendall(b"POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        conn.sendall(body[10:])  # the worker holding this request is draining, not gone
        answer = conn.recv(65536)
    status_line = answer.split(b"\r\n")[0]
    assert status_line in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 401 Unauthorized"), answer[:200]
    assert proc.wait(timeout=45) == 0
    assert not _children(proc.pid)
