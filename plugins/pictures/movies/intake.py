"""Accepting an uploaded movie: probed, its source stored, the row's columns answered.

Runs in the upload's request outside any transaction (probing and storing
take time), before the short final transaction that records the row and its
job. Nothing slow happens here: transcoding is the job's work. A file that
is not a movie is a 400 and leaves nothing stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from clapboard.errors import BadRequest, PayloadTooLarge

from ..settings import settings
from .probe import NotAMovie, probe

_NORMALIZE: OrderedDict = OrderedDict()  # preview id -> ?normalize of its upload, until its job is recorded
_LOCK = threading.Lock()


def accept_movie(app, preview_id, spooled, normalize: bool) -> dict:
    """Probe the spooled upload, store it under ``movies/source/<id>``, answer the row's columns
    (status ``processing`` until the job is done; ``data`` keeps the original's measures, as Zou)."""

    values = settings(app)
    normalize = bool(normalize) and values["normalize_movies"]
    try:
        info = probe(values["ffprobe"], spooled.path)
    except NotAMovie as exc:
        raise BadRequest(f"The uploaded file cannot be used as a movie preview: {exc}") from exc
    if info.width * info.height > values["max_image_pixels"]:  # each frame would be a decompression bomb
        raise PayloadTooLarge(f"The movie's frames are too large ({info.width}×{info.height}; the limit is "
                              f"{values['max_image_pixels']} pixels).")
    try:
        app.storage.put("movies", "source", str(preview_id), spooled.path)
    except BaseException:
        app.storage.delete("movies", "source", str(preview_id))
        raise
    with _LOCK:
        _NORMALIZE[str(preview_id)] = bool(normalize)
        while len(_NORMALIZE) > 1024:  # uploads that failed before recording their job
            _NORMALIZE.popitem(last=False)
    return {"extension": "mp4", "status": "processing", "file_size": spooled.size, "width": info.width,
            "height": info.height, "duration": info.duration,
            "data": {"original_width": info.width, "original_height": info.height,
                     "original_duration": info.duration, "original_file_size": spooled.size,
                     "original_fps": round(info.fps, 3)}}


def normalize_asked(preview_id) -> bool:
    """Whether the upload of ``preview_id`` asked for normalisation (the upload's ``?normalize``,
    remembered from ``accept_movie`` until ``forget``, so a retried transaction reads it again)."""

    with _LOCK:
        return _NORMALIZE.get(str(preview_id), True)


def forget(preview_id) -> None:
    with _LOCK:
        _NORMALIZE.pop(str(preview_id), None)
