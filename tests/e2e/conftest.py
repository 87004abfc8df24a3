import json
import urllib.error
import urllib.request

import pytest


class Http:
    """A tiny HTTP client over urllib: real sockets, no test shortcuts."""

    def __init__(self, base: str):
        self.base = base

    def request(self, method: str, path: str, body=None, headers=None, raw: bytes | None = None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def json(self, method: str, path: str, **kwargs):
        status, headers, content = self.request(method, path, **kwargs)
        return status, json.loads(content) if content else None


@pytest.fixture
def http(live_server):
    return Http(live_server.url)
