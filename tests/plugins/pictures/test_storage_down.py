"""Object storage that goes away under a running app: clear 503s through the routes, nothing half-done.

The app stores in its own moto server, which is then stopped for real (its
port closed): downloads, preview uploads and avatar uploads answer a JSON 503
that says what is wrong, rows keep their state (no claimed preview, no avatar
flag), and the upload spool is left empty.
"""

from __future__ import annotations

import pytest

from clapboard.plugins.data.models import Person, PreviewFile

from ..data.production.tasks.world import close
from . import s3server
from .forms import file_form
from .samples import picture
from .uploading import new_preview, spool_dir, upload, upload_world


@pytest.fixture
def down(tmp_path_factory):
    """A world on S3 with one uploaded preview, then its S3 server stopped."""

    server = s3server.start()
    world = upload_world(tmp_path_factory, "pictures-s3-down", {"plugins": {"pictures": s3server.s3_config(server)}})
    try:
        preview = new_preview(world)
        answer = upload(world.admin, preview["id"], "frame.png", picture("png"))
        assert answer.status_code == 201, answer.text
        assert world.admin.simulate_get(f"/pictures/thumbnails/preview-files/{preview['id']}.png").status_code == 200
    finally:
        server.stop()
    yield world, preview
    close(world)


def unavailable(answer) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.json["error"] is True and "object storage" in answer.json["message"]
    assert "Traceback" not in answer.text


@pytest.mark.parametrize("path", ["/pictures/thumbnails/preview-files/{id}.png",
                                  "/pictures/originals/preview-files/{id}.png",
                                  "/pictures/previews/preview-files/{id}.png"])
def test_downloads_answer_503(down, path):
    w, preview = down
    unavailable(w.admin.simulate_get(path.format(id=preview["id"])))


def test_an_upload_answers_503_and_leaves_the_preview_free(down):
    w, _ = down
    preview = new_preview(w)
    unavailable(upload(w.admin, preview["id"], "frame.png", picture("png")))
    row = w.stored(PreviewFile, preview["id"])
    assert (row["original_name"], row["status"], row["file_size"]) == (None, "processing", 0), \
        "a failed store must undo the claim, even when removing what was stored fails too"
    assert spool_dir(w.app) == []


def test_an_avatar_upload_answers_503_and_sets_nothing(down):
    w, _ = down
    person = w.person("user")
    unavailable(w.admin.simulate_post(f"/pictures/thumbnails/persons/{person}", **file_form("me.png", picture())))
    assert w.stored(Person, person)["has_avatar"] is False
    assert spool_dir(w.app) == []
