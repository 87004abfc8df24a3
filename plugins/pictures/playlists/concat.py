"""One movie from a playlist's movies, with ffmpeg, as Zou's ``build_playlist_movie`` makes it.

Movies that already share the target size and frame rate and all carry
sound are joined by the concat demuxer without re-encoding (exact, quick);
anything else, or a demuxer that refuses them, goes through the concat
filter: each movie scaled to the target size (stretched, as Zou's builds
and normalised previews are), its frame rate and sound made uniform (a silent
track for a movie without one), encoded once as H.264/AAC with
``+faststart``. Every run is ``transcode.run``: argument lists, no shell,
inputs limited to local movie files, a timeout.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from ..movies import transcode
from ..movies.probe import READ_ONLY_MOVIES, MovieInfo

log = logging.getLogger("clapboard.pictures.playlists")
_FULL = re.compile(r"^\s*(\d{2,5})\s*x\s*(\d{2,5})\s*$")
DEFAULT_FPS = "25.000"
SILENCE = "anullsrc=channel_layout=stereo:sample_rate=48000"


def target(resolution: str | None, fps: str | None, first: MovieInfo) -> transcode.Target:
    """The project's ``WxH`` when it gives both, else the first movie's size; its rate, else 25 fps."""

    full = _FULL.match(resolution or "")
    width, height = (int(full.group(1)), int(full.group(2))) if full else (first.width, first.height)
    return transcode.Target(transcode.even(width), transcode.even(height), _rate(fps) or DEFAULT_FPS)


def _rate(fps: str | None) -> str | None:
    """The production's frame rate as ffmpeg takes it (``25.000``), or ``None`` when it gives none."""

    try:
        value = float(str(fps).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return f"{value:.3f}" if 0 < value <= 240 else None


def _same(info: MovieInfo, goal: transcode.Target) -> bool:
    return ((info.width, info.height) == (goal.width, goal.height) and info.has_audio
            and abs(info.fps - float(goal.rate)) < 0.01)


def concatenate(tool: transcode.Tools, movies: list[tuple[Path, MovieInfo]], goal: transcode.Target, out: Path,
                exact: bool = True) -> str:
    """Write the movies one after the other into ``out``; answers the way used (``demuxer``/``filter``)."""

    if not movies:
        raise ValueError("The playlist has no movie to build from.")
    if exact and all(_same(info, goal) for _, info in movies):
        try:
            _demuxer(tool, [path for path, _ in movies], out)
            return "demuxer"
        except transcode.TranscodeError as exc:
            log.warning("the concat demuxer refused the playlist's movies, re-encoding them: %s", exc)
    _filter(tool, movies, goal, out)
    return "filter"


def _demuxer(tool: transcode.Tools, paths: list[Path], out: Path) -> None:
    listing = out.with_suffix(".txt")
    listing.write_text("".join(f"file '{path.name}'\n" for path in paths))  # names the build chose: no quotes
    transcode.run(tool, ["-f", "concat", "-safe", "0", "-protocol_whitelist", "file", "-i", listing,
                         "-map", "0:v:0", "-map", "0:a:0", "-c", "copy", "-movflags", "+faststart", "-f", "mp4", out])


def _filter(tool: transcode.Tools, movies: list[tuple[Path, MovieInfo]], goal: transcode.Target, out: Path) -> None:
    args: list = []
    for path, _ in movies:
        args += [*READ_ONLY_MOVIES, "-i", path]
    graph, joined = [], ""
    extra = len(movies)
    for index, (_, info) in enumerate(movies):
        if info.has_audio:
            sound = f"{index}:a:0"
        else:  # a silent track as long as the movie, so that every piece has sound to join
            args += ["-f", "lavfi", "-t", f"{info.duration:.3f}", "-i", SILENCE]
            sound, extra = f"{extra}:a:0", extra + 1
        graph.append(f"[{index}:v:0]scale={goal.width}:{goal.height},setsar=1,fps={goal.rate},format=yuv420p[v{index}]")
        graph.append(f"[{sound}]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo[a{index}]")
        joined += f"[v{index}][a{index}]"
    graph.append(f"{joined}concat=n={len(movies)}:v=1:a=1[v][a]")
    args += ["-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]", "-threads", tool.threads,
             "-c:v", "libx264", "-preset", tool.preset, "-pix_fmt", "yuv420p", "-c:a", "aac",
             "-movflags", "+faststart", "-f", "mp4", out]
    transcode.run(tool, args)
