"""A real HTTP receiver on loopback for webhook tests: records what arrives, answers as told, can hang.

``statuses`` lists the answers to give in turn (the last one repeats);
``hang`` (a ``threading.Event``) makes each request wait until it is set.
Every request is recorded with its headers, raw body and whether the
signature checks out with ``secret`` (set once the webhook exists), the way
``docs/webhooks.md`` tells a receiver to check it.
"""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time


def verify(secret: str, raw: bytes, header: str | None) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return header is not None and hmac.compare_digest(expected, header)


class _Quiet(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A sender killed mid-request (the point of some tests) resets its connection: not news."""


class Receiver:
    def __init__(self, statuses=(200,), hang: threading.Event | None = None):
        self.statuses = list(statuses)
        self.hang = hang
        self.secret: str | None = None
        self.received: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if receiver.hang is not None:
                    receiver.hang.wait(60)
                status = receiver.record(self.headers, raw, self.path)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = _Quiet(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def record(self, headers, raw: bytes, path: str = "") -> int:
        with self.lock:
            status = self.status_for(headers)
            self.received.append({"headers": dict(headers), "raw": raw, "body": json.loads(raw), "path": path,
                                  "signed": verify(self.secret or "", raw, headers.get("X-Clapboard-Signature-256")),
                                  "status": status})
            return status

    def status_for(self, headers) -> int:
        """The answer to this request (called under ``lock``, before it is recorded)."""

        return self.statuses[min(len(self.received), len(self.statuses) - 1)]

    def bodies(self, event: str | None = None) -> list[dict]:
        with self.lock:
            return [r["body"] for r in self.received if event is None or r["body"]["event"] == event]

    def wait_for(self, count: int, seconds: float = 30.0) -> list[dict]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(f"{len(self.received)} requests received, {count} expected")

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.hang is not None:
            self.hang.set()
        self.server.shutdown()
        self.server.server_close()


def until(predicate, seconds: float = 30.0, what: str = "the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
