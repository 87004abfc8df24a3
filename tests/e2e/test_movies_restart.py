"""A movie being transcoded when the whole server is killed (``kill -9``) is finished after a restart.

Real processes all the way: ``clapboard serve --workers 2`` forks its workers
from the built app (the movie pool's threads are made after the fork), the
movie goes up over HTTP as Kitsu sends it, the server and its ffmpeg are
killed while the job is ``running`` (seen with ``clapboard pictures
movie-jobs``; any start of the app, that command's too, queues the job of a
dead process again), and a new server — its workers woken by the first
request — makes the preview ready and serves its movie.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clapboard.testing import test_database_url

from ..plugins.pictures.forms import file_form
from ..plugins.pictures.movietools import movie
from .conftest import Http
from .test_cli_server import _free_port

pytestmark = pytest.mark.ffmpeg

PASSWORD = "a long enough password 1"
CLAPBOARD = [sys.executable, "-m", "clapboard.cli"]


def _until(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Server:
    def __init__(self, env: dict):
        self.env = env
        self.port = _free_port()
        self.http = Http(f"http://127.0.0.1:{self.port}")
        self.proc = None

    def start(self, **settings) -> None:
        env = dict(self.env, **{f"CLAPBOARD_PLUGINS__PICTURES__{k.upper()}": str(v) for k, v in settings.items()})
        self.proc = subprocess.Popen(CLAPBOARD + ["serve", "--port", str(self.port), "--workers", "2"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

        def answering():
            try:
                return self.http.request("GET", "/status")[0] == 200
            except OSError:
                return False

        _until(answering, 120, "the server")

    def kill(self) -> None:
        """``kill -9`` of the supervisor, its workers and their ffmpeg (one process group)."""

        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


def prepared_env(tmp_path) -> dict:
    """The environment of a server on a fresh data dir, its database made and its admin created."""

    env = dict(os.environ, CLAPBOARD_DATA_DIR=str(tmp_path / "data"),
               CLAPBOARD_DATABASE_URL=test_database_url(tmp_path))
    env.pop("CLAPBOARD_CONFIG", None)
    for command in (["init-db"], ["create-admin", "boss@example.com", "--password", PASSWORD]):
        done = subprocess.run(CLAPBOARD + command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    return env


@pytest.fixture
def server(tmp_path):
    served = Server(prepared_env(tmp_path))
    yield served
    served.kill()


def jobs_listed(env) -> str:
    done = subprocess.run(CLAPBOARD + ["pictures", "movie-jobs"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def call(http, token, method, path, body=None, **extra):
    status, _headers, content = http.request(method, path, body=body,
                                             headers={"Authorization": f"Bearer {token}", **extra.get("headers", {})},
                                             raw=extra.get("raw"))
    return status, json.loads(content) if content else None


def a_preview(http, token) -> str:
    """Project, asset, task, comment and its preview row, made over HTTP as Kitsu makes them."""

    def first(path, **match):
        status, rows = call(http, token, "GET", path)
        assert status == 200, rows
        return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))["id"]

    status, project = call(http, token, "POST", "/data/projects", {"name": "Restart"})
    assert status == 201, project
    kind = first("/data/entity-types", name="Character")
    task_type, todo = first("/data/task-types"), first("/data/task-status", short_name="todo")
    status, asset = call(http, token, "POST", "/data/entities",
                         {"project_id": project["id"], "entity_type_id": kind, "name": "Hero"})
    assert status == 201, asset
    status, task = call(http, token, "POST", "/data/tasks", {"project_id": project["id"], "entity_id": asset["id"],
                                                             "task_type_id": task_type, "task_status_id": todo,
                                                             "name": "main"})
    assert status == 201, task
    status, comment = call(http, token, "POST", f"/actions/tasks/{task['id']}/comment",
                           {"task_status_id": todo, "comment": "first cut"})
    assert status == 201, comment
    status, preview = call(http, token, "POST", f"/actions/tasks/{task['id']}/comments/{comment['id']}/add-preview",
                           {})
    assert status == 201, preview
    return preview["id"]


def test_a_movie_cut_short_by_a_killed_server_is_finished_after_the_restart(server, tmp_path):
    server.start(movie_preset="veryslow")  # 1080p at veryslow: the job runs long enough to be caught running
    status, login = server.http.json("POST", "/auth/login", body={"email": "boss@example.com", "password": PASSWORD})
    assert status == 200, login
    token = login["access_token"]
    preview = a_preview(server.http, token)
    form = file_form("long take.mov", movie("mov", size="320x180", seconds=8))
    status, answer = call(server.http, token, "POST", f"/pictures/preview-files/{preview}", raw=form["body"],
                          headers=form["headers"])
    assert status == 201 and answer["status"] == "processing", answer

    _until(lambda: "running" in jobs_listed(server.env), 120, "the job to run")
    server.kill()
    # The command's own start finds the job's process gone (once the kernel has ended it).
    listed = _until(lambda: (found := jobs_listed(server.env)) and "queued   attempts=1 owner=-" in found and found,
                    60, "the job to be queued again")
    assert "1 movie job(s)" in listed, listed

    server.start(movie_preset="ultrafast")
    _, row = call(server.http, token, "GET", f"/data/preview-files/{preview}")
    assert row["status"] == "processing"

    def ready():
        _, found = call(server.http, token, "GET", f"/data/preview-files/{preview}")
        return found if found["status"] != "processing" else None

    row = _until(ready, 180, "the preview")
    assert row["status"] == "ready" and (row["width"], row["height"]) == (1920, 1080)
    assert "0 movie job(s)" in jobs_listed(server.env)
    status, headers, content = server.http.request("GET", f"/movies/originals/preview-files/{preview}.mp4",
                                                   headers={"Authorization": f"Bearer {token}",
                                                            "Range": "bytes=0-1023"})
    assert status == 206 and headers["Content-Type"] == "video/mp4" and len(content) == 1024
    whole = tmp_path / "hd.mp4"
    whole.write_bytes(server.http.request("GET", f"/movies/originals/preview-files/{preview}.mp4",
                                          headers={"Authorization": f"Bearer {token}"})[2])
    probed = json.loads(subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                                        str(whole)], capture_output=True, check=True, text=True).stdout)
    assert [s["codec_name"] for s in probed["streams"]] == ["h264", "aac"]
    assert Path(whole).stat().st_size > 0
