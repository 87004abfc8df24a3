"""``benchmarks/pictures.py`` against a live in-process server, with small media: it keeps working.

No timing is asserted: the figures must exist and count what happened.
"""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

# test_tools puts benchmarks/ on the path (for zoubench) and has the live server fixture.
from .test_tools import BENCHMARKS, EMAIL, PASSWORD, Connection, live, login, loopback_target  # noqa: F401

pytestmark = pytest.mark.ffmpeg


def _tool():
    spec = importlib.util.spec_from_file_location("bench_pictures", os.path.join(BENCHMARKS, "pictures.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_uploads_are_measured_and_movies_followed_until_ready(live, tmp_path):  # noqa: F811
    out = tmp_path / "pictures.json"
    code = _tool().main([
        live.url + "/api", "--pictures", "3", "--movies", "2", "--clients", "2", "--picture-size", "640x360",
        "--movie-mb", "1", "--movie-seconds", "1", "--media-dir", str(tmp_path / "media"), "--poll", "0.1",
        "--ready-timeout", "180", "--procs", str(os.getpid()), "--email", EMAIL, "--password", PASSWORD,
        "--json", str(out)])
    figures = json.loads(out.read_text())
    picture, movie = figures["results"]
    assert code == 0, figures
    assert (picture["kind"], picture["uploads"], picture["ok"], picture["errors"]) == ("picture", 3, 3, 0)
    assert picture["p50_ms"] > 0 and picture["p99_ms"] >= picture["p50_ms"] and picture["uploads_per_s"] > 0
    assert (movie["kind"], movie["ok"], movie["ready"], movie["broken"], movie["still_processing"]) == \
        ("movie", 2, 2, 0, 0)
    assert movie["ready_p99_s"] >= movie["ready_p50_s"] >= 0
    assert picture["memory"]["peak_rss_mib"] > 0 and picture["memory"]["processes"] == 1
    # The previews really are there, each ready, on the task of its kind.
    target = loopback_target(live.url)
    conn = Connection(target, login(target, EMAIL, PASSWORD))
    try:
        for kind, count in (("picture", 3), ("movie", 2)):
            rows = conn.get(f"/data/preview-files?task_id={figures['tasks'][kind]}")
            assert sorted(r["status"] for r in rows) == ["ready"] * count
    finally:
        conn.close()
