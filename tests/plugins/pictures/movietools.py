"""Movies for the movie tests, made by ffmpeg, and the steps every movie test takes (helpers only).

``movie(...)`` encodes a real test pattern (``testsrc``, with a sine tone
unless ``audio=False``) in the container the extension names; ``upload``
posts it through ``POST /pictures/preview-files/<id>`` as Kitsu does;
``wait`` polls the preview row, a bounded number of times, until it is no
longer ``processing``.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

from .forms import file_form

CODECS = {"mp4": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"],
          "mov": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"],
          "webm": ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus"],
          "mkv": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]}
POLLS = 600  # × 0.1 s at most
_MADE: dict = {}


def movie(extension: str = "mp4", size: str = "64x36", seconds: float = 1, audio: bool = True,
          rate: int = 25) -> bytes:
    """A real movie: ffmpeg's test pattern (and a tone), ``size`` pixels, ``seconds`` long."""

    key = (extension, size, seconds, audio, rate)
    if key not in _MADE:
        with tempfile.TemporaryDirectory() as work:
            out = Path(work) / f"movie.{extension}"
            args = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size={size}:rate={rate}:duration={seconds}"]
            if audio:
                args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
            args += [*(CODECS[extension] if audio else [a for a in CODECS[extension] if a not in ("-c:a", "aac",
                                                                                               "libopus")]),
                     "-shortest", str(out)]
            subprocess.run(args, check=True, timeout=120)
            _MADE[key] = out.read_bytes()
    return _MADE[key]


def probe_bytes(data: bytes) -> dict:
    """ffprobe's view of a movie given as bytes."""

    with tempfile.NamedTemporaryFile(suffix=".mp4") as handle:
        handle.write(data)
        handle.flush()
        done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                               handle.name], capture_output=True, check=True, timeout=60)
    return json.loads(done.stdout)


def new_preview(w, client=None, task=None) -> tuple[str, str]:
    """(preview id, task id): a comment with a preview row on a fresh task, as Kitsu makes them."""

    client = client or w.admin
    task = task or w.new_task("SH1", "Animation")
    comment = client.simulate_post(f"/actions/tasks/{task}/comment",
                                   json={"task_status_id": w.types["wfa"], "comment": "a movie"})
    assert comment.status_code == 201, comment.text
    added = client.simulate_post(f"/actions/tasks/{task}/comments/{comment.json['id']}/add-preview", json={})
    assert added.status_code == 201, added.text
    return added.json["id"], task


def upload(client, preview_id: str, data: bytes, name: str = "shot.mp4", query: str = ""):
    return client.simulate_post(f"/pictures/preview-files/{preview_id}", query_string=query,
                                **file_form(name, data))


def wait(w, preview_id: str) -> dict:
    """The preview row once it is no longer ``processing`` (fails after ``POLLS`` looks)."""

    for _ in range(POLLS):
        row = w.admin.simulate_get(f"/data/preview-files/{preview_id}").json
        if row["status"] != "processing":
            return row
        time.sleep(0.1)
    raise AssertionError(f"preview {preview_id} still processing after {POLLS} looks")
