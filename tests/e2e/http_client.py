"""A small standard-library HTTP client for end-to-end tests: real sockets, JSON bodies,
every ``Set-Cookie`` header kept, and an optional browser-like cookie jar."""

from __future__ import annotations

import http.cookiejar
import json as jsonlib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.cookies import Morsel, SimpleCookie

BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


@dataclass
class Response:
    status: int
    headers: Message
    content: bytes

    @property
    def json(self):
        return jsonlib.loads(self.content) if self.content else None

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []

    def cookie(self, name: str) -> Morsel | None:
        """The ``Set-Cookie`` of this response for ``name``, parsed."""

        for header in self.set_cookies:
            parsed = SimpleCookie()
            parsed.load(header)
            if name in parsed:
                return parsed[name]
        return None

    def raw_cookie(self, name: str) -> str | None:
        """The ``Set-Cookie`` header text for ``name`` (to check flags SimpleCookie only half parses)."""

        return next((h for h in self.set_cookies if h.startswith(name + "=")), None)


class HttpClient:
    """``browser=True``: sends a Mozilla User-Agent and keeps cookies in a jar that honours Path."""

    def __init__(self, base: str, browser: bool = False):
        self.base = base
        self.browser = browser
        self.jar = http.cookiejar.CookieJar()
        handlers = [urllib.request.HTTPCookieProcessor(self.jar)] if browser else []
        self.opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, path: str, json=None, params: dict | None = None, token: str | None = None,
                headers: dict | None = None) -> Response:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        data = jsonlib.dumps(json).encode() if json is not None else None
        req = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.browser:
            req.add_header("User-Agent", BROWSER_AGENT)
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        for key, value in (headers or {}).items():
            req.add_header(key, value)
        try:
            with self.opener.open(req, timeout=15) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as err:
            with err:
                return Response(err.code, err.headers, err.read())

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json=None, **kwargs) -> Response:
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path: str, json=None, **kwargs) -> Response:
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path: str, json=None, **kwargs) -> Response:
        return self.request("DELETE", path, json=json, **kwargs)

    def cookies(self) -> dict[str, http.cookiejar.Cookie]:
        return {c.name: c for c in self.jar}
