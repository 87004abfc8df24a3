"""Where picture, movie and file bytes live: one small interface, two backends.

Objects are named as Zou names them: a *bucket* (``pictures``, ``movies``,
``files``), a *prefix* (``thumbnails``, ``thumbnails-square``, ``previews``,
``original``, ``tiles``, ``lowdef``, ``source``, ``attachments`` …) and the id
of the row they belong to. The local backend keeps Zou's sharded layout
(``<root>/<bucket>/<prefix>/<id[0:3]>/<id[3:6]>/<id>``); object storage uses the
key ``<prefix>-<id>`` in one bucket per kind. An object is always written whole
from a local file (never half visible) and read back in chunks, from any byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator, Protocol

BUCKETS = ("pictures", "movies", "files")
CHUNK = 256 * 1024


@dataclass(frozen=True)
class Stored:
    """What is known of a stored object without reading it."""

    size: int
    modified: datetime  # UTC, whole seconds
    etag: str  # quoted, strong


class Storage(Protocol):
    name: str

    def put(self, bucket: str, prefix: str, name: str, source: Path) -> None:
        """Store the local file ``source`` as the object (replacing a previous one whole)."""

    def stat(self, bucket: str, prefix: str, name: str) -> Stored | None:
        """The object's size, time and entity tag; ``None`` when there is none."""

    def read(self, bucket: str, prefix: str, name: str, start: int = 0, length: int | None = None
             ) -> Iterator[bytes]:
        """The object's bytes from ``start`` (``length`` of them, or to the end), in chunks."""

    def fetch(self, bucket: str, prefix: str, name: str, target: Path) -> None:
        """Copy the object to the local file ``target`` (for ffmpeg, which reads files)."""

    def delete(self, bucket: str, prefix: str, name: str) -> None:
        """Remove the object; nothing happens when there is none."""


def open_storage(app) -> Storage:
    """The backend the plugin's settings choose."""

    from ..settings import settings

    values = settings(app)
    if values["storage"] == "s3":
        from .s3 import S3Storage

        return S3Storage(values)
    from .local import LocalStorage

    root = values["local_root"] or str(Path(app.config["data_dir"]) / "previews")
    return LocalStorage(Path(root))
