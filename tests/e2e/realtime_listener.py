"""A Kitsu-style listener: the real python-socketio client on namespace ``/events`` over long-polling."""

from __future__ import annotations

import threading
import time

import socketio


class Listener:
    """Connects like Kitsu (``path=/socket.io``, polling) and keeps every event received, with its arrival time."""

    def __init__(self, url: str, *, cookie: str | None = None, bearer: str | None = None,
                 token: str | None = None, path: str = "socket.io"):
        self.url, self.path = url, path
        self.headers = {}
        if cookie:
            self.headers["Cookie"] = f"access_token_cookie={cookie}"
        if bearer:
            self.headers["Authorization"] = f"Bearer {bearer}"
        self.auth = {"token": token} if token else None
        self.events: list[tuple[float, str, dict]] = []
        self.disconnected = threading.Event()
        self.lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.client.on("*", self._record, namespace="/events")
        self.client.on("disconnect", lambda *args: self.disconnected.set(), namespace="/events")

    def _record(self, name, data):
        with self.lock:
            self.events.append((time.monotonic(), name, data))

    def connect(self) -> "Listener":
        self.client.connect(self.url, namespaces=["/events"], transports=["polling"], headers=self.headers,
                            auth=self.auth, socketio_path=self.path, wait_timeout=5)
        return self

    def close(self) -> None:
        if self.client.connected:
            self.client.disconnect()

    def names(self) -> list[str]:
        with self.lock:
            return [name for _at, name, _data in self.events]

    def received(self, name: str, **match) -> list[dict]:
        with self.lock:
            return [data for _at, n, data in self.events
                    if n == name and all(data.get(k) == v for k, v in match.items())]

    def wait_for(self, name: str, since: float, seconds: float = 5.0, **match) -> float | None:
        """Seconds from ``since`` (a ``time.monotonic()``) to the arrival of an event ``name`` carrying
        ``match``, waiting up to ``seconds`` for it; ``None``: it never came."""

        while time.monotonic() - since < seconds:
            with self.lock:
                for at, n, data in self.events:
                    if n == name and at >= since and all(data.get(k) == v for k, v in match.items()):
                        return at - since
            time.sleep(0.01)
        return None
