"""Copying the files of the copied previews: each variant Zou serves, stored as it is where Clapboard serves it.

Optional: files are copied only when the ``pictures`` plugin is enabled, which
gives the app its storage (``app.storage``: ``put``, ``stat``); otherwise the
step is skipped and the report says why. Nothing of that plugin is imported:
its storage is reached through the app and the layout is Zou's own (bucket,
prefix, the preview's id), listed below with the Zou route serving each object.

Zou's variants are copied rather than made again from the original: the same
bytes on both sides, and no Pillow or ffmpeg work (a studio's movies are
already transcoded). An object already stored is left alone, so a second run
downloads nothing. A download that fails (a variant Zou never made, a cut
connection) is counted and named in the report; the others go on. Each file
is streamed to a temporary file, then stored whole.
"""

from __future__ import annotations

import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from .client import SyncError, ZouClient

SHOWN_FAILURES = 20

# (bucket, prefix, Zou route); ``{id}`` is the preview's id on Zou.
PICTURE = (("pictures", "original", "pictures/originals/preview-files/{id}.png"),
           ("pictures", "previews", "pictures/previews/preview-files/{id}.png"),
           ("pictures", "thumbnails", "pictures/thumbnails/preview-files/{id}.png"),
           ("pictures", "thumbnails-square", "pictures/thumbnails-square/preview-files/{id}.png"))
MOVIE = PICTURE + (("movies", "previews", "movies/originals/preview-files/{id}.mp4"),
                   ("movies", "lowdef", "movies/low/preview-files/{id}.mp4"),
                   ("pictures", "tiles", "movies/tiles/preview-files/{id}.png"))
NOT_STORED = ("processing", "broken")  # Zou has no file for them (yet)


@dataclass
class FileCounts:
    copied: int = 0
    skipped: int = 0
    failed: int = 0
    not_ready: int = 0
    failures: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"copied": self.copied, "skipped": self.skipped, "failed": self.failed,
                "not_ready": self.not_ready, "failures": self.failures}


def storage_of(app):
    """The pictures plugin's storage, or ``None`` when that plugin is not enabled."""

    return getattr(app, "storage", None)


def objects(preview: dict) -> tuple[tuple[str, str, str], ...]:
    """What Zou stores for a preview, by its extension: the picture variants, a movie's too, or the file."""

    extension = (preview.get("extension") or "").lower()
    if extension == "png":
        return PICTURE
    if extension == "mp4":
        return MOVIE
    quoted = urllib.parse.quote(extension, safe="")
    return (("files", "previews", "pictures/originals/preview-files/{id}." + quoted),)


def copy_files(client: ZouClient, storage, previews: list[tuple[dict, object]]) -> FileCounts:
    """Copy the objects of ``previews`` (Zou's row, the id stored here) that ``storage`` does not hold yet."""

    counts = FileCounts()
    with tempfile.TemporaryDirectory(prefix="clapboard-zou-files-") as work:
        partial = Path(work) / "download"
        for row, stored_id in previews:
            if row.get("status") in NOT_STORED:
                counts.not_ready += 1
                continue
            name = str(stored_id)
            for bucket, prefix, route in objects(row):
                if storage.stat(bucket, prefix, name) is not None:
                    counts.skipped += 1
                    continue
                try:
                    client.download(route.format(id=urllib.parse.quote(str(row["id"]), safe="")), partial)
                except SyncError as exc:
                    counts.failed += 1
                    if len(counts.failures) < SHOWN_FAILURES:
                        counts.failures.append(str(exc))
                    continue
                storage.put(bucket, prefix, name, partial)
                counts.copied += 1
        partial.unlink(missing_ok=True)
    return counts
