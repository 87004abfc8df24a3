"""Start and stop a Clapboard of this checkout (``clapboard init-db``, ``create-admin``, ``serve``).

Used by the CI smoke run; the same three commands a user types, in a data
directory of the caller's choice, on SQLite unless ``database_url`` is given.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass

from .api import Connection, loopback_target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LocalClapboard:
    process: subprocess.Popen
    url: str
    log_path: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _clapboard(*args: str, env: dict, log) -> None:
    command = [sys.executable, "-m", "clapboard.cli", *args]
    subprocess.run(command, env=env, check=True, stdout=log, stderr=subprocess.STDOUT)


def start(data_dir: str, email: str, password: str, database_url: str | None = None,
          port: int | None = None, timeout: float = 60.0) -> LocalClapboard:
    """Initialise the database, create the admin, serve; return once ``GET /status`` answers."""

    os.makedirs(data_dir, exist_ok=True)
    env = {**os.environ, "CLAPBOARD_DATA_DIR": data_dir}
    env.pop("CLAPBOARD_CONFIG", None)
    env.pop("CLAPBOARD_DATABASE_URL", None)
    if database_url:
        env["CLAPBOARD_DATABASE_URL"] = database_url
    port = port or free_port()
    log_path = os.path.join(data_dir, "clapboard.log")
    with open(log_path, "ab") as log:
        _clapboard("init-db", env=env, log=log)
        _clapboard("create-admin", email, "--password", password, env=env, log=log)
        process = subprocess.Popen([sys.executable, "-m", "clapboard.cli", "serve", "--port", str(port)], env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    server = LocalClapboard(process, f"http://127.0.0.1:{port}", log_path)
    conn = Connection(loopback_target(server.url), timeout=5)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"clapboard serve exited with {process.returncode}; see {log_path}")
            try:
                if conn.request("GET", "/status")[0] == 200:
                    return server
            except OSError:
                time.sleep(0.2)
    finally:
        conn.close()
    server.stop()
    raise RuntimeError(f"clapboard serve did not answer within {timeout} s; see {log_path}")
