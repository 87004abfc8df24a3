"""``clapboard serve --workers 2`` on S3 storage: each forked worker makes its own client, on first use.

The supervisor builds the app and forks; a client (its connection pool) made
before the fork would be shared by the workers. Pictures go up and come down
over HTTP, many at once, until both workers have served some; the server's
log then names the process of every S3 client made: each worker once, the
supervisor (which serves nothing) never. Nothing lands on the local disk.
"""

from __future__ import annotations

import io
import re
import subprocess
import threading

import pytest
from PIL import Image

from ..plugins.pictures.conftest import s3_server  # noqa: F401  (the session's S3 server)
from ..plugins.pictures.forms import file_form
from ..plugins.pictures.s3server import s3_config
from ..plugins.pictures.samples import picture
from .test_movies_restart import CLAPBOARD, PASSWORD, Server, _until, a_preview, call, prepared_env
from .test_workers import _children

CLIENT_MADE = re.compile(r"S3 client for \S+ made in process (\d+)")


class LoggedServer(Server):
    """B's restart server, its output kept in a file (the log says which process made a client)."""

    def start(self, log_path, **settings) -> None:
        env = dict(self.env, **{f"CLAPBOARD_PLUGINS__PICTURES__{k.upper()}": str(v) for k, v in settings.items()})
        with open(log_path, "ab") as log:
            self.proc = subprocess.Popen(CLAPBOARD + ["serve", "--port", str(self.port), "--workers", "2"], env=env,
                                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

        def answering():
            try:
                return self.http.request("GET", "/status")[0] == 200
            except OSError:
                return False

        _until(answering, 60, "the server")


def previews(http, token, count: int) -> list[str]:
    first = a_preview(http, token)
    _, row = call(http, token, "GET", f"/data/preview-files/{first}")
    _, statuses = call(http, token, "GET", "/data/task-status")
    todo = next(s["id"] for s in statuses if s["short_name"] == "todo")
    ids = [first]
    for index in range(count - 1):
        status, comment = call(http, token, "POST", f"/actions/tasks/{row['task_id']}/comment",
                               {"task_status_id": todo, "comment": f"take {index + 2}"})
        assert status == 201, comment
        status, preview = call(http, token, "POST",
                               f"/actions/tasks/{row['task_id']}/comments/{comment['id']}/add-preview", {})
        assert status == 201, preview
        ids.append(preview["id"])
    return ids


def round_trips(http, token, ids: list[str]) -> None:
    """Upload a picture to each preview and fetch its thumbnail, all at once (fresh connections)."""

    answers, lock = [], threading.Lock()

    def one(preview_id):
        form = file_form("frame.png", picture("png", 640, 360))
        up = call(http, token, "POST", f"/pictures/preview-files/{preview_id}", raw=form["body"],
                  headers=form["headers"])
        down = http.request("GET", f"/pictures/thumbnails/preview-files/{preview_id}.png",
                            headers={"Authorization": f"Bearer {token}"})
        with lock:
            answers.append((up, down))

    threads = [threading.Thread(target=one, args=(p,)) for p in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == len(ids)
    for (up_status, row), (down_status, headers, content) in answers:
        assert up_status == 201 and row["status"] == "ready", row
        assert down_status == 200 and headers["Content-Type"] == "image/png"
        assert Image.open(io.BytesIO(content)).size == (150, 100)


@pytest.fixture
def served(tmp_path):
    """A data dir with its database and admin (as the restart test's), and the server to start on it."""

    server = LoggedServer(prepared_env(tmp_path))
    yield server
    server.kill()


def test_each_forked_worker_makes_its_own_s3_client(served, tmp_path, s3_server):  # noqa: F811
    log_path = tmp_path / "serve.log"
    served.start(log_path, **s3_config(s3_server))
    workers = _children(served.proc.pid)
    assert len(workers) == 2
    status, login = served.http.json("POST", "/auth/login", body={"email": "boss@example.com", "password": PASSWORD})
    assert status == 200, login
    token = login["access_token"]
    ids = previews(served.http, token, 48)
    made: list[int] = []
    for batch in range(0, len(ids), 12):  # until both workers have served (the kernel picks)
        round_trips(served.http, token, ids[batch:batch + 12])
        made = [int(pid) for pid in CLIENT_MADE.findall(log_path.read_text())]
        if set(made) == workers:
            break
    assert sorted(made) == sorted(workers), f"clients made in {made}; workers {workers}"  # once each
    assert served.proc.pid not in made
    assert not (tmp_path / "data" / "previews").exists()  # nothing on the local disk
