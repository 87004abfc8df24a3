"""Whole GET answers kept per process and revalidated against the change counters.

A cacheable answer (GET, 200, a body rather than a stream, no write during
the request, route not opted out with ``Operation(cache=False)``) is kept
under its caller and URL, with the counters of every table read while it was
computed. The next identical request costs one small query (the counters) and
no route code while those tables are unchanged; any write to one of them, in
any process, makes it recompute. Answers carry a strong ``ETag`` (a hash of
the body) and ``Cache-Control: private, no-cache``; ``If-None-Match`` gets a
304 without a body.

It runs after authentication and the route-level permission check, which are
never cached: a caller who lost access is refused before the cache is asked.
"""

from __future__ import annotations

import hashlib
import mmap

import falcon

from .caching import LRU, Recording, dependencies, request_wrote, valid


class _Body:
    """A kept body in its own anonymous memory map, outside the heap: thousands of long-lived
    answers between the short-lived objects of every request would pin the heap's pages (its
    memory grew four times the size of what was kept); a map is handed back whole when dropped."""

    __slots__ = ("_map", "size")

    def __init__(self, body: bytes):
        self.size = len(body)
        self._map = mmap.mmap(-1, max(self.size, 1))
        self._map.write(body)

    def bytes(self) -> bytes:
        return self._map[:self.size]

    def __del__(self):
        try:
            self._map.close()
        except (AttributeError, BufferError):
            pass


def actor_key(actor) -> tuple:
    if actor is None:
        return ("anonymous",)
    return (actor.kind, actor.id, actor.role)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


# Headers of the answer that are not replayed: they belong to each response, or are set here.
_OWN_HEADERS = frozenset({"set-cookie", "x-request-id", "etag", "cache-control", "content-length", "content-type",
                          "date", "x-content-type-options"})


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


class ResponseCacheMiddleware:
    def __init__(self, app, max_bytes: int):
        self.app = app
        self.items = LRU(max_bytes)

    def _key(self, req) -> tuple:
        # The raw path: some answers differ with a trailing slash (relative links of /apidocs/).
        query = req.query_string
        return actor_key(req.context.get("actor")) + (req.env.get("PATH_INFO", req.path) + "?" + query,)

    def process_resource(self, req, resp, resource, params):
        generations = self.app.generations
        if req.method != "GET" or resource is None or generations is None or not self.items.max_bytes:
            return
        found = self.app.operation_for(req.uri_template, "GET")
        if found is None or not found[1].cache or not generations.ready:
            return
        key = self._key(req)
        snapshot = generations.snapshot()
        hit = self.items.get(key)
        if hit is not None:
            etag, body, content_type, headers, deps = hit[1]
            if valid(deps, snapshot):
                resp.content_type = content_type
                if headers:
                    resp.set_headers(headers)
                self._answer(req, resp, etag, body.bytes())
                resp.complete = True
                return
        recording = Recording()
        recording.__enter__()
        req.context.cache_entry = (key, snapshot, recording)

    def process_response(self, req, resp, resource, req_succeeded):
        entry = req.context.get("cache_entry")
        if entry is None:
            return
        req.context.cache_entry = None
        key, snapshot, recording = entry
        recording.stop()
        if not req_succeeded or resp.status not in (200, falcon.HTTP_200) or resp.stream is not None:
            return
        if request_wrote() or resp._cookies:  # a GET that writes or sets a cookie is never kept
            return
        body = resp.render_body()
        if not isinstance(body, bytes):
            return
        etag = etag_of(body)
        headers = {name: value for name, value in resp.headers.items() if name.lower() not in _OWN_HEADERS}
        self.items.put(key, (etag, _Body(body), resp.content_type, headers,
                             dependencies(recording.tables, snapshot)),
                       len(body) + 200)
        self._answer(req, resp, etag, body)

    @staticmethod
    def _answer(req, resp, etag: str, body: bytes) -> None:
        resp.set_header("ETag", etag)
        resp.set_header("Cache-Control", "private, no-cache")
        if _matches(req.get_header("If-None-Match"), etag):
            resp.status = falcon.HTTP_304
            resp.delete_header("Content-Type")
            resp.data = None
            resp.media = None
            resp.text = None
            return
        resp.status = falcon.HTTP_200
        resp.data = body
