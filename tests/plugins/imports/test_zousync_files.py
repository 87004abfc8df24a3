"""The files step of ``sync-from-zou`` against a small HTTP server standing for Zou: what is stored, what is
skipped, what fails (a variant Zou does not have, a body cut short) and that the rest goes on."""

from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from clapboard.plugins.imports.zousync.client import ZouClient
from clapboard.plugins.imports.zousync.commands import _summary
from clapboard.plugins.imports.zousync.files import MOVIE, PICTURE, copy_files, storage_of
from clapboard.plugins.pictures.storage.local import LocalStorage

PICTURE_ID, MOVIE_ID, FILE_ID, WAITING_ID = (str(uuid.uuid4()) for _ in range(4))
BODIES = {f"/pictures/{kind}/preview-files/{PICTURE_ID}.png": f"{kind} png".encode()
          for kind in ("originals", "previews", "thumbnails", "thumbnails-square")}
BODIES.update({f"/pictures/{kind}/preview-files/{MOVIE_ID}.png": f"{kind} frame".encode()
               for kind in ("originals", "previews", "thumbnails", "thumbnails-square")})
BODIES[f"/movies/originals/preview-files/{MOVIE_ID}.mp4"] = b"hd movie" * 100_000
BODIES[f"/pictures/originals/preview-files/{FILE_ID}.psd"] = b"layers"
CUT = f"/movies/low/preview-files/{MOVIE_ID}.mp4"  # announced longer than sent


class FakeZou(BaseHTTPRequestHandler):
    def do_GET(self):
        seen.append((self.path, self.headers.get("Authorization")))
        if self.path == CUT:
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"half")
            self.close_connection = True
            return
        body = BODIES.get(self.path)
        self.send_response(200 if body is not None else 404)
        body = body if body is not None else b'{"message": "not found"}'
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


seen: list = []


@pytest.fixture
def zou():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeZou)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    client = ZouClient(f"http://127.0.0.1:{server.server_address[1]}")
    client.token = "token"
    seen.clear()
    yield client
    server.shutdown()
    server.server_close()


def test_every_variant_is_stored_once_and_failures_are_counted(zou, tmp_path):
    storage = LocalStorage(tmp_path / "previews")
    local_movie_id = uuid.uuid4()  # a row stored here under another id keeps its files under that id
    previews = [({"id": PICTURE_ID, "extension": "png", "status": "ready"}, uuid.UUID(PICTURE_ID)),
                ({"id": MOVIE_ID, "extension": "mp4", "status": "ready"}, local_movie_id),
                ({"id": FILE_ID, "extension": "psd", "status": "ready"}, uuid.UUID(FILE_ID)),
                ({"id": WAITING_ID, "extension": "mp4", "status": "processing"}, uuid.UUID(WAITING_ID))]

    first = copy_files(zou, storage, previews).as_dict()
    assert (first["copied"], first["skipped"], first["failed"], first["not_ready"]) == (10, 0, 2, 1)
    assert any(CUT in failure for failure in first["failures"])  # the body cut short
    assert any("tiles" in failure and "404" in failure for failure in first["failures"])
    for bucket, prefix, route in PICTURE:
        assert b"".join(storage.read(bucket, prefix, PICTURE_ID)) == BODIES["/" + route.format(id=PICTURE_ID)]
    assert b"".join(storage.read("movies", "previews", str(local_movie_id))) == b"hd movie" * 100_000
    assert storage.stat("movies", "lowdef", str(local_movie_id)) is None  # nothing half stored
    assert b"".join(storage.read("files", "previews", FILE_ID)) == b"layers"
    assert {auth for _, auth in seen} == {"Bearer token"}
    assert not any(WAITING_ID in path for path, _ in seen)

    seen.clear()
    second = copy_files(zou, storage, previews).as_dict()
    assert (second["copied"], second["skipped"], second["failed"]) == (0, 10, 2)
    assert sorted(path for path, _ in seen) == sorted(["/" + MOVIE[-1][2].format(id=MOVIE_ID), CUT])


def test_without_the_pictures_plugin_the_files_are_skipped_with_a_reason(make_app):
    app = make_app(config={"plugins": {"disabled": ["pictures"]}}, actors=False)
    assert storage_of(app) is None
    assert storage_of(make_app(actors=False)) is not None
    report = {"source": "http://zou", "models": {}, "total": {"created": 0, "updated": 0, "unchanged": 0},
              "skipped": {"preview files (pictures, movies)": "the pictures plugin, which stores them, is not "
                                                              "enabled here"}, "files": None, "seconds": 1.0}
    assert "preview files (pictures, movies): skipped, the pictures plugin" in _summary(report)
    report.update(skipped={}, files={"copied": 3, "skipped": 1, "failed": 1, "not_ready": 0,
                                     "failures": ["GET http://zou/x answered 404"]})
    assert "preview files: 3 copied, 1 already stored, 1 failed\n  GET http://zou/x answered 404" in _summary(report)
