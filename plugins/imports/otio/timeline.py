"""Reading an edit with OpenTimelineIO: the clips of its video tracks, with their frame ranges.

The adapter is chosen by the file's extension, among those the installed
OpenTimelineIO reads (``otio.adapters.suffixes_with_defined_adapters``); an
EDL is read at the production's frame rate with timecode mismatches
tolerated, as Zou reads it. Frames are counted as Zou counts them: a clip's
``frame_in``/``frame_out`` are its first and last frame in its track (so
the record timecode of an EDL, 10:00:00:00 or 00:00:00:00, does not shift
them) and ``nb_frames`` the length of the part of the media it uses.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import PurePath

from clapboard.errors import BadRequest

log = logging.getLogger("clapboard.imports.otio")


@dataclass
class Clip:
    name: str
    frame_in: int | None
    frame_out: int | None
    nb_frames: int | None


def supported_suffixes() -> set[str]:
    import opentimelineio as otio

    return set(otio.adapters.suffixes_with_defined_adapters(read=True))


def suffix_of(filename: str) -> str:
    """The extension (lower case, no dot) the adapter is chosen by; 400 when no adapter reads it."""

    suffix = PurePath(filename or "").suffix.lstrip(".").lower()
    supported = supported_suffixes()
    if suffix not in supported:
        raise BadRequest(f"Unsupported file type '.{suffix}'. Supported formats: {', '.join(sorted(supported))}.")
    return suffix


def read_clips(data: bytes, filename: str, fps: float, max_clips: int) -> list[Clip]:
    """The clips of the timeline in ``data``, track after track; 400 with the parser's reason when unreadable."""

    import opentimelineio as otio

    suffix = suffix_of(filename)
    options = {"rate": fps, "ignore_timecode_mismatch": True} if suffix == "edl" else {}
    with tempfile.TemporaryDirectory(prefix="clapboard-otio-") as folder:
        path = os.path.join(folder, f"timeline.{suffix}")
        with open(path, "wb") as file:
            file.write(data)
        try:
            timeline = otio.adapters.read_from_file(path, **options)
        except Exception as exc:  # every adapter has its own errors: all are the file's fault
            raise BadRequest(f"Failed to parse OTIO file: {_reason(exc)}") from exc
    if not isinstance(timeline, otio.schema.Timeline):
        raise BadRequest(f"Failed to parse OTIO file: it holds a {type(timeline).__name__}, not a timeline.")
    clips = [item for track in timeline.video_tracks() for item in track if isinstance(item, otio.schema.Clip)]
    if len(clips) > max_clips:
        raise BadRequest(f"The timeline has {len(clips)} clips; at most {max_clips} are read.")
    return [Clip(clip_name(clip), *_range(clip)) for clip in clips]


def _reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


def clip_name(clip) -> str:
    """The clip's name without extension, else its media's name (Zou's order of fallbacks)."""

    name = os.path.splitext(clip.name or "")[0]
    if name:
        return name
    media = clip.media_reference
    for value in (getattr(media, "name_prefix", None), getattr(media, "name", None)):
        if value:
            return os.path.splitext(value)[0]
    url = getattr(media, "target_url", None)
    return os.path.splitext(os.path.basename(url))[0] if url else ""


def _range(clip) -> tuple:
    """``(frame_in, frame_out, nb_frames)``; a part OpenTimelineIO cannot compute stays ``None``."""

    placed = _attempt(clip.range_in_parent) or _attempt(clip.trimmed_range)
    frame_in = _attempt(lambda: placed.start_time.to_frames()) if placed else None
    frame_out = _attempt(lambda: placed.end_time_inclusive().to_frames()) if placed else None
    used = clip.source_range or _attempt(clip.trimmed_range)
    nb_frames = _attempt(lambda: used.duration.to_frames()) if used else None
    return frame_in, frame_out, nb_frames


def _attempt(compute):
    try:
        return compute()
    except Exception as exc:  # a clip without media range: Zou logs and leaves the value out
        log.info("a clip's range could not be read: %s", _reason(exc))
        return None
