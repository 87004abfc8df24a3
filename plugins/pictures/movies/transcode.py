"""ffmpeg runs that make Zou's movie outputs: HD and low-definition mp4, a frame, the tile strip.

Each run is one ``subprocess.run`` with an argument list (no shell, so no
file name is ever interpreted), stdin closed, a timeout (the process is
killed past it) and a modest ``-threads`` so that the pool's workers share
the machine's cores instead of fighting for them. A failed run raises
``TranscodeError`` with the end of ffmpeg's own message.

The encodings follow Zou's ``normalize_movie``: H.264 in yuv420p with BT.709
colour tags, a key frame every 2 frames (frame-accurate scrubbing in the
review player), ``+faststart`` (playable before it is fully downloaded),
even dimensions, and a silent stereo track added when the movie has no
sound (players and playlist builds expect one).
"""

from __future__ import annotations

import math
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..settings import settings
from .probe import READ_ONLY_MOVIES, MovieInfo

HD_BITRATE = 28  # Mbit/s, Zou's default (a project's hd_bitrate_compression overrides it)
LD_BITRATE = 6
LOWDEF_WIDTH = 1280
TILE_HEIGHT = 100
TILE_COLUMNS = 8
TILE_MAX_ROWS = 480  # beyond 8 × 480 frames, frames are sampled evenly over the movie
_FULL = re.compile(r"^\s*(\d{2,5})\s*x\s*(\d{2,5})\s*$")
_HEIGHT_ONLY = re.compile(r"^\s*x\s*(\d{2,5})\s*$")


class TranscodeError(RuntimeError):
    """An ffmpeg run failed or took too long."""


@dataclass(frozen=True)
class Tools:
    ffmpeg: str
    ffprobe: str
    threads: int
    preset: str
    timeout: int


@dataclass(frozen=True)
class Target:
    width: int
    height: int
    rate: str  # frame rate given to ffmpeg's -r ("25", "24.000", "30000/1001")


def tools(app) -> Tools:
    values = settings(app)
    share = max(1, (os.cpu_count() or 1) // values["movie_workers"])
    return Tools(values["ffmpeg"], values["ffprobe"], share, values["movie_preset"],
                 values["movie_timeout_seconds"])


def run(tool: Tools, args: list, timeout: int | None = None) -> None:
    command = [tool.ffmpeg, "-nostdin", "-hide_banner", "-v", "error", "-y", *[str(a) for a in args]]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout or tool.timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise TranscodeError(f"ffmpeg took longer than {timeout or tool.timeout} s and was stopped.") from exc
    except OSError as exc:  # not installed, not executable: the job fails (retried once it is)
        raise TranscodeError(f"ffmpeg cannot be run ({tool.ffmpeg!r}: {exc.strerror or exc}).") from exc
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise TranscodeError("ffmpeg failed: " + (" / ".join(lines[-3:]) or f"exit status {done.returncode}"))


def even(value: float) -> int:
    return max(2, 2 * math.ceil(value / 2))


def resolution_is_valid(resolution) -> bool:
    """``1920x1080`` or ``x1080``, as Zou accepts them on a project or an entity's data."""

    return isinstance(resolution, str) and bool(_FULL.match(resolution) or _HEIGHT_ONLY.match(resolution))


def hd_target(info: MovieInfo, resolution: str | None, fps: str | None) -> Target:
    """The HD version's size and rate: the entity's or project's resolution (``1920x1080``, or
    ``x1080`` with the width from the movie's aspect) and frame rate when set, else the movie's.
    As in Zou the movie is scaled to exactly that size: one of another aspect ratio is stretched."""

    full, height_only = _FULL.match(resolution or ""), _HEIGHT_ONLY.match(resolution or "")
    if full:
        width, height = int(full.group(1)), int(full.group(2))
    elif height_only:
        height = int(height_only.group(1))
        width = math.floor(info.width / info.height * height)
    else:
        width, height = info.width, info.height
    return Target(even(width), even(height), _rate(fps) or info.rate)


def lowdef_target(hd: Target) -> Target:
    """1280 px wide as Zou's low definition, never wider than the HD version itself."""

    width = min(LOWDEF_WIDTH, hd.width)
    return Target(even(width), even(hd.height / hd.width * width), hd.rate)


def _rate(fps: str | None) -> str | None:
    try:
        value = float(str(fps).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return f"{value:.3f}" if 0 < value <= 240 else None


def encode(tool: Tools, source: Path, info: MovieInfo, target: Target, bitrate: int, out: Path) -> None:
    """``source`` as an H.264/AAC mp4 of ``target``'s size and rate at ``bitrate`` Mbit/s."""

    args: list = [*READ_ONLY_MOVIES, "-i", source]
    if info.has_audio:
        audio = ["-map", "0:a:0"]
    else:
        args += ["-f", "lavfi", "-t", f"{info.duration:.3f}", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"]
        audio = ["-map", "1:a:0"]
    args += ["-map", "0:v:0", *audio, "-threads", tool.threads,
             "-vf", f"scale={target.width}:{target.height},setsar=1", "-r", target.rate,
             "-c:v", "libx264", "-preset", tool.preset, "-b:v", f"{bitrate}M", "-pix_fmt", "yuv420p",
             "-x264opts", "keyint=2:scenecut=0", "-color_primaries", "1", "-color_trc", "1", "-colorspace", "1",
             "-c:a", "aac", "-movflags", "+faststart", "-f", "mp4", out]
    run(tool, args)


def frame(tool: Tools, source: Path, seconds: float, out: Path) -> None:
    """The frame shown at ``seconds`` as a PNG (``TranscodeError`` when there is none there)."""

    run(tool, ["-ss", f"{max(0.0, seconds):.3f}", *READ_ONLY_MOVIES, "-i", source, "-threads", tool.threads,
               "-frames:v", "1", "-f", "image2", "-c:v", "png", out])
    if not out.exists() or out.stat().st_size == 0:
        raise TranscodeError(f"The movie has no frame at {seconds:.3f} s.")


def tiles(tool: Tools, source: Path, info: MovieInfo, out: Path) -> None:
    """Zou's contact sheet: frames 100 px high (width from the display aspect ratio), 8 a row,
    every frame of a short movie, frames sampled evenly once there would be more than 480 rows."""

    most = TILE_COLUMNS * TILE_MAX_ROWS
    frames = info.frames
    sample = ""
    if frames > most:
        sample, frames = f"fps={most / info.duration:.6f},", most
    rows = math.ceil(frames / TILE_COLUMNS)
    width = math.ceil(TILE_HEIGHT * info.aspect)
    run(tool, [*READ_ONLY_MOVIES, "-i", source, "-threads", tool.threads, "-an",
               "-vf", f"{sample}scale={width}:{TILE_HEIGHT},tile={TILE_COLUMNS}x{rows}",
               "-frames:v", "1", "-f", "image2", "-c:v", "png", out])
    if not out.exists() or out.stat().st_size == 0:
        raise TranscodeError("ffmpeg made no tile strip.")
