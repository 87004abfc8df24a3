"""Files under a root directory, in Zou's sharded layout."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from . import CHUNK, Stored


class LocalStorage:
    name = "local"

    def __init__(self, root: Path):
        self.root = root

    def path(self, bucket: str, prefix: str, name: str) -> Path:
        if not name or "/" in name or name.startswith("."):
            raise ValueError(f"not an object name: {name!r}")
        return self.root / bucket / prefix / name[:3] / name[3:6] / name

    def put(self, bucket, prefix, name, source: Path) -> None:
        target = self.path(bucket, prefix, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copied beside the target then renamed over it: readers see the old file or the new one.
        handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.")
        try:
            with os.fdopen(handle, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out, CHUNK)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def stat(self, bucket, prefix, name) -> Stored | None:
        try:
            found = self.path(bucket, prefix, name).stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return Stored(found.st_size, datetime.fromtimestamp(int(found.st_mtime), timezone.utc),
                      f'"{found.st_size:x}-{found.st_mtime_ns:x}"')

    def read(self, bucket, prefix, name, start: int = 0, length: int | None = None) -> Iterator[bytes]:
        handle = open(self.path(bucket, prefix, name), "rb")
        return _chunks(handle, start, length)

    def fetch(self, bucket, prefix, name, target: Path) -> None:
        shutil.copyfile(self.path(bucket, prefix, name), target)

    def delete(self, bucket, prefix, name) -> None:
        self.path(bucket, prefix, name).unlink(missing_ok=True)


def _chunks(handle, start: int, length: int | None) -> Iterator[bytes]:
    with handle:
        handle.seek(start)
        left = length
        while left is None or left > 0:
            chunk = handle.read(CHUNK if left is None else min(CHUNK, left))
            if not chunk:
                return
            if left is not None:
                left -= len(chunk)
            yield chunk
