"""The README's path: `clapboard init-db` then `clapboard serve`, as real processes."""

import os
import socket
import subprocess
import sys
import time

import pytest

from clapboard.testing import test_database_url

from .conftest import Http


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    env = dict(os.environ, CLAPBOARD_DATA_DIR=str(tmp_path / "data"),
               CLAPBOARD_DATABASE_URL=test_database_url(tmp_path))
    env.pop("CLAPBOARD_CONFIG", None)
    clapboard = [sys.executable, "-m", "clapboard.cli"]
    init = subprocess.run(clapboard + ["init-db"], env=env, capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    port = _free_port()
    proc = subprocess.Popen(clapboard + ["serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    http = Http(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http.request("GET", "/")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not answer: " + proc.stdout.read())
    yield http
    proc.terminate()
    proc.wait(timeout=10)


def test_init_db_then_serve_answers_the_core_routes(served):
    for prefix in ("", "/api"):
        assert served.json("GET", prefix + "/")[1]["api"] == "Clapboard"
        assert served.json("GET", prefix + "/status")[1]["database-up"] is True
        assert served.json("GET", prefix + "/openapi.json")[1]["openapi"] == "3.1.0"
        status, headers, _page = served.request("GET", prefix + "/apidocs")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
