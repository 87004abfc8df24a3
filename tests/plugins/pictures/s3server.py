"""A real S3-compatible HTTP server for the tests: moto's standalone server on loopback.

It runs in a child process (its objects, threads and memory stay out of the
test process), listens on a free port it reports on its first output line, and
stops when its stdin closes, so a test run that dies leaves no server behind.
Each user of it takes its own bucket prefix: tests never see each other's
objects. ``s3_config`` is the ``[plugins.pictures]`` table pointing an app at it.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import dataclass

ACCESS_KEY = "testing"
SECRET_KEY = "testing"


@dataclass
class S3Server:
    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start() -> S3Server:
    process = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("http://127.0.0.1:"):
        process.kill()
        process.wait()
        raise RuntimeError(f"moto's server did not start (first line: {line!r})")
    return S3Server(process, line)


def s3_config(server: S3Server, bucket_prefix: str | None = None, **extra) -> dict:
    """The ``[plugins.pictures]`` settings of an app storing in ``server`` (own buckets by default)."""

    return {"storage": "s3", "s3_endpoint_url": server.url, "s3_region": "us-east-1",
            "s3_access_key": ACCESS_KEY, "s3_secret_key": SECRET_KEY,
            "s3_bucket_prefix": bucket_prefix or f"t{uuid.uuid4().hex[:10]}-", "s3_create_buckets": True,
            **extra}


def _serve() -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"http://{host}:{port}", flush=True)
    sys.stdin.read()  # until the parent closes the pipe (or dies)
    server.stop()


if __name__ == "__main__":
    _serve()
