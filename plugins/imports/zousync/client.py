"""A small client of a running Zou's REST API: log in, read JSON (``urllib``, no extra dependency).

The base URL may be Zou's own (``http://host:5000``) or Kitsu's (``…/api``).
Files (preview pictures, movies) are streamed to a local file in chunks, never
held whole in memory. Every failure becomes a ``SyncError`` whose message says what to fix (the
server unreachable, the credentials refused, a route missing).
"""

from __future__ import annotations

import http.client
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

CHUNK = 256 * 1024


class SyncError(Exception):
    """The sync cannot go on; the message is for the person who ran it."""


class ZouClient:
    def __init__(self, url: str, timeout: float = 120.0):
        self.base = url.rstrip("/")
        self.timeout = timeout
        self.token: str | None = None

    def _request(self, method: str, path: str, data: bytes | None = None, params: dict | None = None,
                 accept: str = "application/json") -> urllib.request.Request:
        url = f"{self.base}/{path.lstrip('/')}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", accept)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        return request

    def _call(self, method: str, path: str, body=None, params: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = self._request(method, path, data, params)
        url = request.full_url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return json.loads(answer.read() or b"null")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise SyncError(f"{method} {url} answered {exc.code}: {detail}") from exc
        except urllib.error.URLError as exc:
            raise SyncError(f"cannot reach {self.base}: {exc.reason}") from exc
        except (OSError, ValueError) as exc:
            raise SyncError(f"{method} {url} failed: {exc}") from exc

    def login(self, email: str, password: str) -> dict:
        try:
            answer = self._call("POST", "auth/login", {"email": email, "password": password})
        except SyncError as exc:
            raise SyncError(f"logging in to {self.base} as {email} failed ({exc})") from exc
        if not isinstance(answer, dict) or not answer.get("access_token"):
            raise SyncError(f"logging in to {self.base} as {email} gave no access token")
        self.token = answer["access_token"]
        return answer.get("user") or {}

    def get(self, path: str, **params):
        """The JSON answer of ``GET path`` (``True``/``False`` parameters sent as ``true``/``false``)."""

        clean = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in params.items() if v is not None}
        return self._call("GET", path, params=clean)

    def rows(self, path: str, **params) -> list[dict]:
        """The whole list behind ``/data/<path>`` (Zou answers every row when no page is asked)."""

        found = self.get(f"data/{path}", **params)
        if isinstance(found, dict) and "data" in found:
            found = found["data"]
        if not isinstance(found, list):
            raise SyncError(f"GET data/{path} did not answer a list")
        return found

    def download(self, path: str, target: Path) -> int:
        """Stream the body of ``GET path`` into the file ``target``; its size. A body cut short is a failure."""

        request = self._request("GET", path, accept="*/*")
        url = request.full_url
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer, open(target, "wb") as out:
                shutil.copyfileobj(answer, out, CHUNK)
                size, announced = out.tell(), answer.headers.get("Content-Length")
            # A read by chunks ends quietly where a connection closed: the announced length tells.
            if announced is not None and announced.isdigit() and int(announced) != size:
                raise SyncError(f"GET {url} was cut short: {size} of {announced} bytes")
            return size
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise SyncError(f"GET {url} answered {exc.code}: {detail}") from exc
        except urllib.error.URLError as exc:
            raise SyncError(f"cannot reach {self.base}: {exc.reason}") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise SyncError(f"GET {url} failed: {exc!r}") from exc
