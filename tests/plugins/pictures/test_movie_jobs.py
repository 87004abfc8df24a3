"""Movie jobs when things go wrong: files that are no movies, ffmpeg failing, processes dying,
many movies at once; a failure always ends ``broken``, never ``processing``."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from clapboard.cli import make_cli
from clapboard.plugins.data import models as m
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.pictures.movies import jobs
from clapboard.plugins.pictures.movies.models import MovieJob
from clapboard.plugins.pictures.movies.pool import MoviePool
from clapboard.plugins.pictures.movies.queue import MAX_ATTEMPTS
from clapboard.plugins.pictures.settings import settings, tmp_dir

from ..auth.conftest import FAST
from ..data.production.tasks.world import build_world, close
from .movietools import movie, new_preview, upload, wait

pytestmark = pytest.mark.ffmpeg

CONFIG = {"plugins": {"pictures": {"movie_preset": "ultrafast", "movie_workers": 2}}}
OUTPUTS = (("movies", "previews"), ("movies", "lowdef"), ("pictures", "thumbnails"), ("pictures", "original"),
           ("pictures", "tiles"))


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "pictures-movie-jobs", config=CONFIG)
    with world.db():
        m.Project.update(resolution="", fps="").where(m.Project.id == world.ids["P"]).execute()
    yield world
    jobs.stop(world.app)
    close(world)


@pytest.fixture
def paused(w):
    """The process's pool stopped (uploads record jobs nobody runs), a fresh one afterwards."""

    jobs.pool_for(w.app).stop()
    yield
    w.app.movie_pool = None


def job(w, preview) -> MovieJob | None:
    with w.db():
        return MovieJob.get_or_none(MovieJob.preview_file_id == preview)


def objects(w, preview) -> list:
    return [key for key in (("movies", "source"), *OUTPUTS) if w.app.storage.stat(*key, preview) is not None]


def dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 18), (200, 10, 10)).save(out, "PNG")
    return out.getvalue()


def sound_only() -> bytes:
    """An mp4 holding a tone and no picture: ffprobe reads it, it is still no movie."""

    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "tone.mp4"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac",
                        str(out)], check=True, timeout=60)
        return out.read_bytes()


@pytest.mark.parametrize("name,data", [("garbage.mp4", b"\x00\x01 not a movie at all " * 40),
                                       ("still.mp4", png()), ("notes.mov", b"ffmpeg, please read me\n" * 10),
                                       ("tone.mp4", sound_only())])
def test_a_file_that_is_no_movie_is_refused_and_leaves_nothing(w, name, data):
    preview, _ = new_preview(w)
    answer = upload(w.admin, preview, data, name)
    assert answer.status_code == 400 and answer.json["error"] is True, answer.text
    assert "movie" in answer.json["message"]
    row = w.stored(m.PreviewFile, preview)
    assert (row["status"], row["original_name"]) == ("processing", None)  # the claim given back
    assert job(w, preview) is None and objects(w, preview) == []
    assert upload(w.admin, preview, movie("mp4"), "retake.mp4").status_code == 201  # a real movie still may
    assert wait(w, preview)["status"] == "ready"


def test_a_playlist_cannot_pull_a_file_of_the_server_into_a_preview(w, tmp_path):
    secret = tmp_path / "someone else's take.mp4"
    secret.write_bytes(movie("mp4"))  # ffmpeg would read it, follow the playlist, and transcode it
    playlist = f"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n{secret}\n#EXT-X-ENDLIST\n".encode()
    preview, _ = new_preview(w)
    answer = upload(w.admin, preview, playlist, "innocent.mp4")
    assert answer.status_code == 400, answer.text
    assert job(w, preview) is None and objects(w, preview) == []


def test_a_movie_of_huge_frames_is_refused(w):
    values = settings(w.app)
    limit, values["max_image_pixels"] = values["max_image_pixels"], 64 * 36 - 1
    try:
        preview, _ = new_preview(w)
        answer = upload(w.admin, preview, movie("mp4"))
    finally:
        values["max_image_pixels"] = limit
    assert answer.status_code == 413 and "too large" in answer.json["message"], answer.text
    assert job(w, preview) is None and objects(w, preview) == []


@pytest.fixture
def cli(w, monkeypatch):
    monkeypatch.setenv("CLAPBOARD_DATABASE_URL", w.app.config["database_url"])
    monkeypatch.setenv("CLAPBOARD_DATA_DIR", w.app.config["data_dir"])
    monkeypatch.setenv("CLAPBOARD_SECRET_KEY", w.app.secret_key)
    monkeypatch.setenv("CLAPBOARD_PLUGINS__PICTURES__MOVIE_PRESET", "ultrafast")
    for key, value in FAST.items():
        monkeypatch.setenv(f"CLAPBOARD_PLUGINS__AUTH__{key.upper()}", str(value))

    def run(*args):
        result = CliRunner().invoke(make_cli(), list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_a_movie_ffmpeg_fails_on_ends_broken_and_can_be_retried(w, cli):
    preview, _ = new_preview(w)
    values = settings(w.app)
    values["ffmpeg"] = "false"  # a real program that fails: every run of "ffmpeg" exits with status 1
    try:
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
        assert wait(w, preview)["status"] == "broken"
    finally:
        values["ffmpeg"] = "ffmpeg"
    assert objects(w, preview) == [("movies", "source")]  # outputs removed, the upload kept for a retry
    failed = job(w, preview)
    assert failed.state == "failed" and "ffmpeg failed" in failed.last_error
    assert preview in [e["preview_file_id"] for e in w.events("preview-file:update")]
    assert failed.preview_file_id.hex in cli("pictures", "movie-jobs").replace("-", "")

    assert "1 failed movie job(s) queued again" in cli("pictures", "retry-movies", "--run")
    assert wait(w, preview)["status"] == "ready"
    assert job(w, preview) is None and len(objects(w, preview)) == 1 + len(OUTPUTS)


def test_a_job_whose_process_died_is_queued_again_at_start(w, paused):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, movie("mp4")).status_code == 201
    assert job(w, preview).state == "queued"  # recorded with the upload, nobody ran it
    host = socket.gethostname()
    alive, gone, elsewhere = new_preview(w)[0], preview, new_preview(w)[0]
    with w.db():
        MovieJob.update(state="running", owner=f"{host}:{dead_pid()}", attempts=1, claimed_at=utcnow()).where(
            MovieJob.preview_file_id == gone).execute()
        for other, owner in ((alive, f"{host}:{os.getpid()}"), (elsewhere, "another-host:12")):
            MovieJob.insert(preview_file_id=other, state="running", owner=owner, attempts=1, claimed_at=utcnow(),
                            created_at=utcnow()).execute()
    jobs.recover_at_start(w.app)
    requeued = job(w, gone)
    assert (requeued.state, requeued.owner, requeued.attempts) == ("queued", None, 1)
    assert job(w, alive).state == job(w, elsewhere).state == "running"  # their processes may still run them

    with w.db():  # far longer than any run may take: that process is gone too
        MovieJob.update(claimed_at=utcnow() - timedelta(days=30)).where(
            MovieJob.preview_file_id == elsewhere).execute()
        MovieJob.delete().where(MovieJob.preview_file_id == alive).execute()
    jobs.recover_at_start(w.app)
    assert job(w, elsewhere).state == "queued"

    w.app.movie_pool = None  # the restarted process
    jobs.start(w.app, gone)
    assert wait(w, gone)["status"] == "ready"
    assert job(w, gone) is None
    with w.db():
        MovieJob.delete().where(MovieJob.preview_file_id == elsewhere).execute()


def test_a_job_interrupted_too_often_is_given_up(w, paused):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, movie("mp4")).status_code == 201
    with w.db():
        MovieJob.update(state="running", owner=f"{socket.gethostname()}:{dead_pid()}", attempts=MAX_ATTEMPTS,
                        claimed_at=utcnow()).where(MovieJob.preview_file_id == preview).execute()
    jobs.recover_at_start(w.app)
    assert job(w, preview).state == "failed"
    assert w.stored(m.PreviewFile, preview)["status"] == "broken"


def test_a_movie_left_processing_without_a_job_is_broken_at_start(w, paused):
    orphan, recent, untouched = new_preview(w)[0], new_preview(w)[0], new_preview(w)[0]
    long_ago = utcnow() - timedelta(hours=3)
    with w.db():
        m.PreviewFile.update(original_name="crashed", updated_at=long_ago).where(m.PreviewFile.id == orphan).execute()
        m.PreviewFile.update(original_name="uploading").where(m.PreviewFile.id == recent).execute()
        m.PreviewFile.update(updated_at=long_ago).where(m.PreviewFile.id == untouched).execute()  # no upload yet
    jobs.recover_at_start(w.app)
    assert w.stored(m.PreviewFile, orphan)["status"] == "broken"
    assert w.stored(m.PreviewFile, recent)["status"] == "processing"  # an upload may be between claim and commit
    assert w.stored(m.PreviewFile, untouched)["status"] == "processing"  # waiting for its file, as in Zou


def test_the_pool_runs_no_more_jobs_at_once_than_movie_workers(w, paused):
    previews = [new_preview(w)[0] for _ in range(5)]
    for preview in previews:
        assert upload(w.admin, preview, movie("mp4", seconds=2)).status_code == 201
    assert [job(w, p).state for p in previews] == ["queued"] * 5
    w.app.movie_pool = None
    pool = jobs.pool_for(w.app)
    for preview in previews:
        jobs.start(w.app, preview)
    assert [wait(w, p)["status"] for p in previews] == ["ready"] * 5
    for _ in range(200):  # a worker counts its job just after committing it: the last count may trail
        if pool.finished == 5:
            break
        time.sleep(0.05)
    assert pool.finished == 5
    assert 1 <= pool.peak <= settings(w.app)["movie_workers"] == 2


def test_two_processes_never_run_one_job_twice(w, paused):
    previews = [new_preview(w)[0] for _ in range(4)]
    for preview in previews:
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
    first, second = MoviePool(w.app, 2), MoviePool(w.app, 2)  # as the pools of two API processes
    for preview in previews:
        first.kick(uuid.UUID(preview))
        second.kick(uuid.UUID(preview))
    assert [wait(w, p)["status"] for p in previews] == ["ready"] * 4
    first.stop()
    second.stop()
    assert first.finished + second.finished == 4  # each job claimed by exactly one of them


def test_a_serving_process_picks_up_work_nobody_runs(w, paused, monkeypatch):
    orphan, queued = new_preview(w)[0], new_preview(w)[0]
    for preview in (orphan, queued):
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
    with w.db():  # one left running by a process that died, one whose process died before starting it
        MovieJob.update(state="running", owner=f"{socket.gethostname()}:{dead_pid()}", attempts=1,
                        claimed_at=utcnow()).where(MovieJob.preview_file_id == orphan).execute()
    w.app.movie_pool = None
    monkeypatch.setattr(jobs, "WAKE_SECONDS", 0.0)  # any request now wakes the pool, as one a minute does
    assert w.client("user").simulate_get("/data/projects").status_code == 200
    assert wait(w, orphan)["status"] == "ready" and wait(w, queued)["status"] == "ready"
    assert job(w, orphan) is None and job(w, queued) is None


def test_work_folders_a_killed_job_left_are_removed_at_start(w):
    root = tmp_dir(w.app)
    old, fresh = root / "movie-killed", root / "movie-running-elsewhere"
    for folder in (old, fresh):
        folder.mkdir()
        (folder / "hd.mp4").write_bytes(b"half an encode")
    week_ago = time.time() - 7 * 24 * 3600
    for path in (old / "hd.mp4", old):
        os.utime(path, (week_ago, week_ago))
    jobs.recover_at_start(w.app)
    assert not old.exists() and (fresh / "hd.mp4").exists()
    shutil.rmtree(fresh)


def test_a_server_without_ffprobe_answers_503_and_keeps_the_preview_free(w):
    """The server's fault, not the file's: a JSON 503 naming what to install; nothing stored or claimed."""

    preview, _ = new_preview(w)
    values = settings(w.app)
    values["ffprobe"] = "/nonexistent/ffprobe"
    try:
        answer = upload(w.admin, preview, movie("mp4"))
    finally:
        values["ffprobe"] = "ffprobe"
    assert answer.status_code == 503 and answer.json["error"] is True, answer.text
    assert "ffprobe" in answer.json["message"]
    assert objects(w, preview) == [] and job(w, preview) is None
    assert w.stored(m.PreviewFile, preview)["original_name"] is None
    assert upload(w.admin, preview, movie("mp4")).status_code == 201  # once ffprobe is there: accepted


def test_a_job_without_ffmpeg_ends_broken_with_the_reason(w):
    preview, _ = new_preview(w)
    values = settings(w.app)
    values["ffmpeg"] = "/nonexistent/ffmpeg"
    try:
        assert upload(w.admin, preview, movie("mp4")).status_code == 201
        assert wait(w, preview)["status"] == "broken"
    finally:
        values["ffmpeg"] = "ffmpeg"
    assert "ffmpeg cannot be run" in job(w, preview).last_error
