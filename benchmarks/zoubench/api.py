"""One keep-alive HTTP connection to a Zou-compatible server, loopback only."""

from __future__ import annotations

import http.client
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

TIMEOUT = 300.0
# How an idle keep-alive connection closed by the server shows up on the next request.
STALE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, http.client.RemoteDisconnected)


class ApiError(RuntimeError):
    """A non-2xx answer where the caller needed a success."""

    def __init__(self, method: str, path: str, status: int, body: bytes):
        self.status = status
        self.body = body
        super().__init__(f"{method} {path}: HTTP {status} {body[:300]!r}")


@dataclass(frozen=True)
class Target:
    """Where a server listens: host, port and path prefix (Kitsu's ``/api``, or none)."""

    url: str
    host: str
    port: int
    prefix: str


def loopback_target(url: str) -> Target:
    """Parse ``url``; refuse anything that is not plain HTTP on a loopback address."""

    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"{url!r}: only http:// URLs are measured")
    host = parts.hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)} if host else set()
    except socket.gaierror as exc:
        raise ValueError(f"{url!r}: cannot resolve {host!r}") from exc
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"{url!r}: refusing a non-loopback host (this tool only loads 127.0.0.1 / ::1)")
    return Target(url=url.rstrip("/"), host=host, port=parts.port or 80, prefix=parts.path.rstrip("/"))


class Connection:
    """An ``http.client`` connection kept alive across requests, reopened after a transport error.

    ``request`` returns ``(status, body bytes)`` with the body fully read; ``call`` decodes JSON
    and raises :class:`ApiError` on a non-2xx answer.
    """

    def __init__(self, target: Target, token: str | None = None, timeout: float = TIMEOUT):
        self.target = target
        self.token = token
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None
        self._used = False
        self.reconnects = 0  # requests sent again after the server had closed an idle connection

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _connection(self) -> http.client.HTTPConnection:
        if self._conn is None:
            self._conn = http.client.HTTPConnection(self.target.host, self.target.port, timeout=self.timeout)
            self._used = False
        return self._conn

    def request(self, method: str, path: str, body=None, headers: dict | None = None,
                raw: bytes | None = None) -> tuple[int, bytes]:
        sent = {"Connection": "keep-alive", "Accept": "application/json"}
        if self.token:
            sent["Authorization"] = "Bearer " + self.token
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        sent.update(headers or {})
        reused = self._conn is not None and self._used
        try:
            return self._send(method, path, data, sent)
        except STALE:
            if not reused:
                raise
        # The server closed an idle keep-alive connection before reading the request: send it again.
        self.reconnects += 1
        return self._send(method, path, data, sent)

    def _send(self, method: str, path: str, data: bytes | None, headers: dict) -> tuple[int, bytes]:
        conn = self._connection()
        try:
            conn.request(method, self.target.prefix + path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self._used = True
        if response.will_close:
            self.close()
        return response.status, payload

    def timed_get(self, path: str, chunk: int = 65536) -> dict:
        """A GET read in chunks: status, seconds until the headers, total seconds, bytes, body."""

        self.close()  # a fresh connection: an idle one may have been closed by the server
        started = time.perf_counter()
        conn = self._connection()
        try:
            conn.request("GET", self.target.prefix + path, headers={
                "Connection": "keep-alive", "Authorization": "Bearer " + (self.token or "")})
            response = conn.getresponse()
            headers_at = time.perf_counter() - started
            parts = []
            while block := response.read(chunk):
                parts.append(block)
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if response.will_close:
            self.close()
        body = b"".join(parts)
        return {"status": response.status, "headers_seconds": headers_at,
                "seconds": time.perf_counter() - started, "bytes": len(body), "body": body}

    def call(self, method: str, path: str, body=None, **kw):
        status, payload = self.request(method, path, body, **kw)
        if not 200 <= status < 300:
            raise ApiError(method, path, status, payload)
        return json.loads(payload) if payload else None

    def get(self, path: str):
        return self.call("GET", path)

    def post(self, path: str, body=None):
        return self.call("POST", path, {} if body is None else body)

    def put(self, path: str, body=None):
        return self.call("PUT", path, {} if body is None else body)


def login(target: Target, email: str, password: str) -> str:
    """A bearer access token for ``email`` (``POST /auth/login``, as gazu does)."""

    conn = Connection(target)
    try:
        answer = conn.call("POST", "/auth/login", {"email": email, "password": password})
    finally:
        conn.close()
    token = (answer or {}).get("access_token")
    if not token:
        raise ApiError("POST", "/auth/login", 200, b"no access_token in the answer")
    return token


def server_version(target: Target) -> dict:
    """``GET /``: Zou answers ``{"api": ..., "version": ...}``; Clapboard the same."""

    conn = Connection(target, timeout=10)
    try:
        status, payload = conn.request("GET", "/")
    except OSError as exc:
        return {"error": str(exc)}
    finally:
        conn.close()
    try:
        return json.loads(payload) if status == 200 else {"status": status}
    except ValueError:
        return {"status": status}
