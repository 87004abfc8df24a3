"""What a movie is made of, read with ffprobe's JSON output.

Only containers with a real video stream count as movies: ffprobe also opens
still pictures (a PNG renamed ``.mp4`` is ``png_pipe`` with one frame), text
and garbage fail outright, and so do containers other than those of the
movie extensions (``READ_ONLY_MOVIES``: a playlist must not pull other files
in). Either way the caller gets ``NotAMovie`` and the upload is refused with a
400, never decoded as something else.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from clapboard.errors import ServiceUnavailable

# Demuxers of the movie extensions (mp4/mov/m4v, mkv/webm, avi, wmv), and local files only: a
# playlist (HLS, concat…) named ".mp4" would otherwise make ffmpeg read other files of the server,
# or URLs, into the preview.
READ_ONLY_MOVIES = ["-format_whitelist", "mov,matroska,avi,asf", "-protocol_whitelist", "file"]
PROBE_TIMEOUT = 120  # seconds: ffprobe reads headers only, a stuck one is a broken file
# Demuxers of still pictures: a picture is never a movie, whatever its file name says.
_PICTURE_FORMATS = ("image2", "_pipe", "gif", "apng", "webp", "tiff", "bmp")


class NotAMovie(ValueError):
    """The file cannot be read as a movie (message fit for the client)."""


@dataclass(frozen=True)
class MovieInfo:
    width: int  # as displayed (a 90° rotation swaps the coded sizes)
    height: int
    duration: float  # seconds
    fps: float
    rate: str  # the frame rate as ffprobe writes it ("25/1", "30000/1001"), given back to ffmpeg as is
    has_audio: bool
    aspect: float  # display aspect ratio (sample aspect ratio applied)
    format_name: str

    @property
    def frames(self) -> int:
        return max(1, round(self.duration * self.fps))


def probe(ffprobe: str, path: Path) -> MovieInfo:
    """The movie's dimensions, duration, frame rate and sound, or ``NotAMovie``."""

    args = [ffprobe, "-v", "error", *READ_ONLY_MOVIES, "-print_format", "json", "-show_format", "-show_streams",
            str(path)]
    try:
        done = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, timeout=PROBE_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise NotAMovie("The movie could not be read (ffprobe took too long).") from exc
    except OSError as exc:  # the server's fault, not the file's: a 503 naming what to install
        raise ServiceUnavailable(f"Movies cannot be read on this server: ffprobe cannot be run ({ffprobe!r}: "
                                 f"{exc.strerror or exc}). Install ffmpeg or set [plugins.pictures] ffprobe.") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").replace(str(path), "file").strip().splitlines()
        raise NotAMovie("The file is not a movie ffmpeg can read" + (f": {reason[-1]}" if reason else "."))
    return describe(json.loads(done.stdout or b"{}"))


def describe(found: dict) -> MovieInfo:
    """``MovieInfo`` from ffprobe's ``-show_format -show_streams`` JSON."""

    container = found.get("format") or {}
    format_name = container.get("format_name", "")
    streams = found.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"
                  and not (s.get("disposition") or {}).get("attached_pic")), None)
    if video is None or any(mark in format_name for mark in _PICTURE_FORMATS):
        raise NotAMovie("The file is not a movie: it has no video stream (a picture or another kind of file).")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        raise NotAMovie("The movie's video stream has no dimensions.")
    rate = _rate(video)
    duration = _number(video.get("duration")) or _number(container.get("duration"))
    if not duration or duration <= 0:
        raise NotAMovie("The movie has no duration (a still picture or a truncated file).")
    aspect = _aspect(video, width, height)
    if _rotation(video) in (90, 270):
        width, height, aspect = height, width, 1 / aspect
    return MovieInfo(width=width, height=height, duration=duration, fps=float(Fraction(rate)), rate=rate,
                     has_audio=any(s.get("codec_type") == "audio" for s in streams), aspect=aspect,
                     format_name=format_name)


def _number(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _rate(video: dict) -> str:
    for key in ("r_frame_rate", "avg_frame_rate"):
        value = video.get(key) or ""
        try:
            if Fraction(value) > 0:
                return value
        except (ValueError, ZeroDivisionError):
            continue
    return "25/1"  # Zou's default frame rate


def _aspect(video: dict, width: int, height: int) -> float:
    ratio = video.get("display_aspect_ratio") or ""
    try:
        across, down = (int(x) for x in ratio.split(":"))
        if across > 0 and down > 0:
            return across / down
    except ValueError:
        pass
    return width / height


def _rotation(video: dict) -> int:
    angle = (video.get("tags") or {}).get("rotate")
    for side in video.get("side_data_list") or []:
        if "rotation" in side:
            angle = side["rotation"]
    try:
        return int(float(angle)) % 360
    except (TypeError, ValueError):
        return 0
