"""The event stream across real server processes that share only the database.

``clapboard serve --workers 2`` (the kernel hands each poll of a client to
either worker), and two separate ``clapboard serve`` on two ports where the
comment is written through one and listened to on the other. A comment with
a status change reaches every listener within a second. SQLite file by
default; PostgreSQL with ``CLAPBOARD_TEST_DATABASE_URL``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from .conftest import Http
from .realtime_listener import Listener
from .test_cli_server import _free_port
from .test_movies_restart import CLAPBOARD, PASSWORD, call, prepared_env

SETTINGS = {"CLAPBOARD_PLUGINS__REALTIME__PING_INTERVAL_SECONDS": "3",
            "CLAPBOARD_PLUGINS__REALTIME__MAX_HELD_POLLS": "6"}


class Serve:
    def __init__(self, env: dict, workers: int):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = Http(self.url)
        self.proc = subprocess.Popen(CLAPBOARD + ["serve", "--port", str(self.port), "--workers", str(workers)],
                                     env=dict(env, **SETTINGS), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if self.http.request("GET", "/status")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not answer")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


@pytest.fixture
def env(tmp_path):
    return prepared_env(tmp_path)


@pytest.fixture
def servers():
    started = []

    def start(env, workers):
        started.append(Serve(env, workers))
        return started[-1]

    yield start
    for served in started:
        served.stop()


def _token(http) -> str:
    status, body = http.json("POST", "/auth/login", body={"email": "boss@example.com", "password": PASSWORD})
    assert status == 200, body
    return body["access_token"]


def _task(http, token) -> tuple[str, str]:
    """A project, a shot and its task made over HTTP; answers the task id and another status's id."""

    def first(path, **match):
        status, rows = call(http, token, "GET", path)
        assert status == 200, rows
        return next(r for r in rows if all(r.get(k) == v for k, v in match.items()))["id"]

    status, project = call(http, token, "POST", "/data/projects", {"name": "Realtime"})
    assert status == 201, project
    status, asset = call(http, token, "POST", "/data/entities", {
        "project_id": project["id"], "entity_type_id": first("/data/entity-types", name="Character"), "name": "Hero"})
    assert status == 201, asset
    status, task = call(http, token, "POST", "/data/tasks", {
        "project_id": project["id"], "entity_id": asset["id"], "task_type_id": first("/data/task-types"),
        "task_status_id": first("/data/task-status", short_name="todo"), "name": "main"})
    assert status == 201, task
    return task["id"], first("/data/task-status", short_name="wip")


def _comment_arrives(writer, listen_urls, token) -> None:
    task_id, wip = _task(writer.http, token)
    listeners = [Listener(url, token=token).connect() if n % 2 else Listener(url, bearer=token).connect()
                 for n, url in enumerate(listen_urls)]
    try:
        time.sleep(0.5)  # the listeners' polls are held now, in whichever process got them
        since = time.monotonic()
        status, comment = call(writer.http, token, "POST", f"/actions/tasks/{task_id}/comment",
                               {"task_status_id": wip, "comment": "across processes"})
        assert status == 201, comment
        for listener in listeners:
            took = listener.wait_for("comment:new", since, comment_id=comment["id"])
            assert took is not None and took < 1.0, (took, listener.names())
            assert listener.wait_for("task:status-changed", since, task_id=task_id) is not None
            assert listener.wait_for("task:update", since, task_id=task_id) is not None
    finally:
        for listener in listeners:
            listener.close()


def test_one_serve_with_two_workers(env, servers):
    served = servers(env, 2)
    _comment_arrives(served, [served.url] * 4, _token(served.http))


def test_written_through_one_serve_listened_to_on_another(env, servers):
    writer, reader = servers(env, 1), servers(env, 2)
    _comment_arrives(writer, [reader.url] * 3, _token(writer.http))
