"""The bytes a share link serves: a real picture and a real movie (ffmpeg), on local and S3 storage.

What the guest gets is byte for byte what the studio's own routes send
(validators, ranges, download names); a preview the playlist does not show
is refused on every byte route with the same token.
"""

from __future__ import annotations

import io

import pytest
from falcon.testing import TestClient
from PIL import Image

from clapboard.plugins.data import models as m
from clapboard.plugins.pictures.movies.jobs import stop

from ..data.production.tasks.world import build_world, close
from ..data.shared.world import playlist
from . import movietools, samples
from .uploading import new_preview, upload

pytestmark = pytest.mark.ffmpeg


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    pictures = {**storage_config.get("plugins", {}).get("pictures", {}), "movie_preset": "ultrafast"}
    world = build_world(tmp_path_factory, "pictures-shared", config={"plugins": {"pictures": pictures}})
    with world.db():
        m.Project.update(resolution="", fps="").where(m.Project.id == world.ids["P"]).execute()
    picture = new_preview(world, task=world.ids["T"])
    assert upload(world.admin, picture["id"], "frame.jpg", samples.picture("jpg")).status_code == 201
    film, film_task = movietools.new_preview(world)
    assert movietools.upload(world.admin, film, movietools.movie(seconds=1)).status_code == 201
    assert movietools.wait(world, film)["status"] == "ready"
    hidden, _ = movietools.new_preview(world)
    assert movietools.upload(world.admin, hidden, movietools.movie(seconds=1)).status_code == 201
    assert movietools.wait(world, hidden)["status"] == "ready"
    with world.db():
        film_entity = str(m.Task.get_by_id(film_task).entity_id)
    playlist_id = playlist(world, "P", "Review", [(world.ids["E"], picture["id"]), (film_entity, film)])
    link = world.admin.simulate_post(f"/data/playlists/{playlist_id}/share", json={}).json
    world.ids.update(picture=picture["id"], film=film, hidden=hidden, token=link["token"])
    yield world
    stop(world.app)
    close(world)


@pytest.fixture(scope="module")
def anon(w):
    return TestClient(w.app)


def shared(w, path: str) -> str:
    return f"/shared/playlists/{w.ids['token']}{path}"


@pytest.mark.parametrize("ours, studio", [
    ("/pictures/thumbnails/preview-files/{picture}.png", "/pictures/thumbnails/preview-files/{picture}.png"),
    ("/pictures/originals/preview-files/{picture}.png", "/pictures/originals/preview-files/{picture}.png"),
    ("/preview-files/{picture}/download", "/pictures/originals/preview-files/{picture}/download"),
    ("/movies/originals/preview-files/{film}.mp4", "/movies/originals/preview-files/{film}.mp4"),
    ("/movies/tiles/preview-files/{film}.png", "/movies/tiles/preview-files/{film}.png"),
    ("/preview-files/{film}/download", "/movies/originals/preview-files/{film}/download"),
])
def test_a_guest_gets_the_studios_bytes(w, anon, ours, studio):
    guest = anon.simulate_get(shared(w, ours.format(**w.ids)))
    mine = w.admin.simulate_get(studio.format(**w.ids))
    assert guest.status_code == 200 == mine.status_code, guest.text
    assert guest.content == mine.content and guest.content
    assert guest.headers["content-type"] == mine.headers["content-type"]
    assert guest.headers.get("content-disposition") == mine.headers.get("content-disposition")


def test_pictures_are_real_pngs_and_movies_seek(w, anon):
    thumbnail = anon.simulate_get(shared(w, f"/pictures/thumbnails/preview-files/{w.ids['picture']}.png"))
    assert Image.open(io.BytesIO(thumbnail.content)).size == (150, 100)
    path = shared(w, f"/movies/originals/preview-files/{w.ids['film']}.mp4")
    whole = anon.simulate_get(path)
    assert movietools.probe_bytes(whole.content)["streams"]
    part = anon.simulate_get(path, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == whole.content[:100]
    again = anon.simulate_get(path, headers={"If-None-Match": whole.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", [
    "/pictures/thumbnails/preview-files/{hidden}.png", "/pictures/originals/preview-files/{hidden}.png",
    "/movies/originals/preview-files/{hidden}.mp4", "/movies/tiles/preview-files/{hidden}.png",
    "/preview-files/{hidden}/download", "/preview-files/{hidden}"])
def test_a_preview_outside_the_playlist_is_refused(w, anon, path):
    answer = anon.simulate_get(shared(w, path.format(**w.ids)))
    assert answer.status_code == 403 and answer.json["error"] is True


def test_an_extension_that_is_not_allowed_is_a_400(w, anon):
    answer = anon.simulate_get(shared(w, f"/pictures/originals/preview-files/{w.ids['picture']}.exe"))
    assert answer.status_code == 400
