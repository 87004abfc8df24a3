"""A stand-in for Kitsu's web server: its own port, an index page, and ``/api/*`` passed to Clapboard.

As Kitsu is deployed behind nginx, the browser only ever talks to this port;
requests under ``/api`` are forwarded unchanged (path, method, body, headers,
the ``Host`` the browser used) and the answers come back with every
``Set-Cookie``. Each forwarded request is recorded, so a test can check what
the browser sent (which cookies went where, that no ``Authorization`` header
was ever used).
"""

from __future__ import annotations

import http.client
import http.server
import threading
from dataclasses import dataclass, field
from urllib.parse import urlsplit

INDEX = b"<!doctype html><html><head><title>Kitsu</title></head><body><div id=\"app\"></div></body></html>"
# Headers that concern one connection, not the request (RFC 9110), plus the length we recompute.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "content-length"}


@dataclass
class Forwarded:
    method: str
    path: str
    headers: dict
    status: int


@dataclass
class KitsuProxy:
    upstream: str  # the Clapboard server's URL
    forwarded: list = field(default_factory=list)

    def __post_init__(self):
        target = urlsplit(self.upstream)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                if self.path != "/api" and not self.path.startswith("/api/"):
                    self._send(200, [("Content-Type", "text/html; charset=utf-8")], INDEX)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["X-Forwarded-For"] = self.client_address[0]
                headers["X-Forwarded-Proto"] = "http"
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    answer = connection.getresponse()
                    payload = answer.read()
                    kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP]
                finally:
                    connection.close()
                proxy.forwarded.append(Forwarded(self.command, self.path, dict(self.headers.items()), answer.status))
                self._send(answer.status, kept, payload)

            def _send(self, status, headers, payload):
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="kitsu-proxy", daemon=True)

    def start(self) -> "KitsuProxy":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
