"""A playlist's previews as a zip archive, written while it is sent.

The archive is never whole anywhere: ``zipfile`` writes into a small sink
that the response drains after each chunk, each preview is read from
storage in chunks and stored as it is (pictures and movies do not shrink
when deflated; data descriptors, as a non-seekable stream needs, and zip64
for large movies). Which files: every file of each pinned revision, as
Zou's zip holds them (movies in their served version, pictures as their
original PNG, other files as uploaded), named as a downloaded preview is,
a name met twice getting its place in front.
"""

from __future__ import annotations

import zipfile
from typing import Iterator

from clapboard.plugins.data.models import PreviewFile

from ..previews.naming import preview_file_name
from .running import stored_movie


class _Sink:
    """A write-only stream whose written bytes are taken out by ``drain`` (no ``tell``: zipfile streams)."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _where(app, preview: dict) -> tuple[str, str] | None:
    if preview["extension"] == "mp4":
        prefix = stored_movie(app, preview["id"])
        return ("movies", prefix) if prefix else None
    found = ("pictures", "original") if preview["extension"] == "png" else ("files", "previews")
    return found if app.storage.stat(*found, str(preview["id"])) else None


def zip_entries(app, shots) -> list[tuple[str, str, str, str]]:
    """``(name in the archive, bucket, prefix, object name)`` of every stored file of the pinned revisions."""

    wanted = [str(s["preview_file_id"]) for s in shots or [] if isinstance(s, dict) and s.get("preview_file_id")]
    pinned = {str(row["id"]): row for row in PreviewFile.select(PreviewFile.id, PreviewFile.task, PreviewFile.revision)
              .where(PreviewFile.id.in_(wanted)).dicts()} if wanted else {}
    entries, names = [], set()
    for preview_id in wanted:
        row = pinned.get(preview_id)
        if row is None:
            continue
        files = (PreviewFile.select().where(PreviewFile.task == row["task"], PreviewFile.revision == row["revision"])
                 .order_by(PreviewFile.position, PreviewFile.created_at).dicts())
        for preview in files:
            found = _where(app, preview)
            if found is None:
                continue  # not stored (processing, broken): left out
            name = preview_file_name({**preview, "task_id": preview["task"]})
            if name in names:
                name = f"{len(entries):04d}_{name}"
            names.add(name)
            entries.append((name, *found, str(preview["id"])))
    return entries


def stream_zip(storage, entries) -> Iterator[bytes]:
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, bucket, prefix, object_name in entries:
            with archive.open(name, "w", force_zip64=True) as member:
                for chunk in storage.read(bucket, prefix, object_name):
                    member.write(chunk)
                    yield from _some(sink)
            yield from _some(sink)
    yield from _some(sink)


def _some(sink: _Sink) -> Iterator[bytes]:
    data = sink.drain()
    if data:
        yield data
