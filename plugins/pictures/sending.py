"""Sending a stored object: type and length, validators and 304s, byte ranges, cache headers.

What a browser needs to show pictures from a cache and to seek in a movie:
``ETag`` and ``Last-Modified`` with 304 answers to ``If-None-Match`` /
``If-Modified-Since``, ``Accept-Ranges`` and a 206 for one ``Range`` (a 416
for a range past the end), ``Content-Disposition`` for downloads. A missing
object is a JSON 404, as every other missing thing.
"""

from __future__ import annotations

import re
from email.utils import format_datetime, parsedate_to_datetime

import falcon

from clapboard.errors import ClapboardError, NotFound

from .storage import Storage

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(ClapboardError):
    status = 416


def send(req, resp, storage: Storage, bucket: str, prefix: str, name: str, content_type: str, *,
         download: str | None = None, max_age: int = 0, missing: str | None = None) -> None:
    """Answer with the object (or 304 / 206 / 416); ``download`` names the file to save as."""

    found = storage.stat(bucket, prefix, name)
    if found is None:
        raise NotFound(missing or "The requested file was not found on the server.")
    resp.set_header("ETag", found.etag)
    resp.set_header("Last-Modified", format_datetime(found.modified, usegmt=True))
    resp.set_header("Accept-Ranges", "bytes")
    resp.set_header("Cache-Control", f"private, max-age={max_age}" if max_age else "private, no-cache")
    if download:
        resp.downloadable_as = download
    if _not_modified(req, found):
        resp.status = falcon.HTTP_304
        return
    resp.content_type = content_type
    start, length = 0, found.size
    wanted = req.get_header("Range")
    if wanted and _still_same(req, found):
        try:
            start, length = _range(wanted, found.size)
        except RangeNotSatisfiable:
            resp.set_header("Content-Range", f"bytes */{found.size}")  # what the client may ask instead
            raise
        resp.status = falcon.HTTP_206
        resp.set_header("Content-Range", f"bytes {start}-{start + length - 1}/{found.size}")
    resp.content_length = length
    if req.method == "HEAD":
        return
    resp.stream = storage.read(bucket, prefix, name, start, length)


def _not_modified(req, found) -> bool:
    tags = req.get_header("If-None-Match")
    if tags is not None:
        return tags.strip() == "*" or found.etag in [t.strip().removeprefix("W/") for t in tags.split(",")]
    since = req.get_header("If-Modified-Since")
    if since:
        try:
            return found.modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _still_same(req, found) -> bool:
    """``If-Range``: the range applies only while the object is the one the client has."""

    condition = req.get_header("If-Range")
    return condition is None or condition.strip() == found.etag


def _range(header: str, size: int) -> tuple[int, int]:
    """(start, length) of a single ``bytes=`` range; 416 when it cannot be served."""

    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        raise RangeNotSatisfiable(f"Cannot serve the range {header!r}: one 'bytes=start-end' range is "
                                  f"understood.", size=size)
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = min(int(last), size)
        return size - length, length
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable(f"The range {header!r} is outside the file ({size} bytes).", size=size)
    return start, end - start + 1
