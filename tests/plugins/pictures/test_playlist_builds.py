"""Playlist movies built by ffmpeg in the background, their jobs, their download, and the zip of a
playlist's previews: real movies made by ffmpeg, real zips read back, every role logged in for real."""

from __future__ import annotations

import io
import socket
import time
import uuid
import zipfile

import pytest

from clapboard.plugins.data import models as m
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.pictures.movies.jobs import stop
from clapboard.plugins.pictures.playlists import builds
from clapboard.plugins.pictures.playlists.models import PlaylistBuild
from clapboard.plugins.pictures.settings import settings

from ..data.production.tasks.world import REFUSED, build_world, close
from .movietools import movie, new_preview, probe_bytes, upload, wait
from .test_movie_jobs import dead_pid, png

pytestmark = pytest.mark.ffmpeg
POLLS = 600


@pytest.fixture(scope="module")
def w(tmp_path_factory, storage_config):
    pictures = {**storage_config.get("plugins", {}).get("pictures", {}), "movie_preset": "ultrafast"}
    world = build_world(tmp_path_factory, "playlist-builds", config={"plugins": {"pictures": pictures}})
    with world.db():
        m.Project.update(resolution="", fps="25").where(m.Project.id == world.ids["P"]).execute()
    ids = world.ids
    for key, entity, seconds, size in (("mv1", "SH1", 1, "64x36"), ("mv2", "SH2", 2, "80x44")):
        ids[key], _ = new_preview(world, task=world.new_task(entity, "Animation"))
        assert upload(world.admin, ids[key], movie("mp4", size=size, seconds=seconds)).status_code == 201
        assert wait(world, ids[key])["status"] == "ready"
    ids["pic"], _ = new_preview(world, task=world.new_task("LAMP", "Animation"))
    assert upload(world.admin, ids["pic"], png(), "lamp.png").status_code == 201
    yield world
    builds.stop_builds(world.app)
    stop(world.app)
    close(world)


def new_playlist(w, keys=("mv1", "mv2"), **body) -> dict:
    entities = {"mv1": "SH1", "mv2": "SH2", "pic": "LAMP"}
    shots = [{"entity_id": w.ids[entities[k]], "preview_file_id": w.ids[k]} for k in keys]
    answer = w.admin.simulate_post("/data/playlists", json={"name": f"Dailies {uuid.uuid4().hex[:6]}",
                                                            "project_id": w.ids["P"], "shots": shots, **body})
    assert answer.status_code == 201, answer.text
    return answer.json


def finished(w, playlist, job) -> dict:
    for _ in range(POLLS):
        row = w.admin.simulate_get(f"/data/playlists/{playlist}/jobs/{job}").json
        if row["status"] != "running":
            return row
        time.sleep(0.1)
    raise AssertionError(f"build {job} still running after {POLLS} looks")


def build(w, playlist, client=None, query=""):
    return (client or w.admin).simulate_get(f"/data/playlists/{playlist}/build/mp4", query_string=query)


def test_a_playlist_movie_is_built_in_the_background_and_downloaded(w):
    playlist = new_playlist(w)
    answer = build(w, playlist["id"], w.client("manager"))
    assert answer.status_code == 200, answer.text
    job = answer.json
    assert (job["type"], job["status"], job["job_type"], job["playlist_id"]) == (
        "BuildJob", "running", "movie", playlist["id"])
    assert finished(w, playlist["id"], job["id"])["status"] == "succeeded"
    new = [e for e in w.events("build-job:new") if e["build_job_id"] == job["id"]]
    ended = [e for e in w.events("build-job:update") if e["build_job_id"] == job["id"]]
    assert len(new) == 1 and [e["status"] for e in ended] == ["succeeded"]
    assert ended[0]["project_id"] == w.ids["P"]

    download = w.client("supervisor").simulate_get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4")
    assert download.status_code == 200, download.text
    assert download.headers["content-type"] == "video/mp4"
    assert "attachment" in download.headers["content-disposition"]
    assert download.headers["content-disposition"].endswith(f"project_p_{playlist['name'].lower().replace(' ', '_')}"
                                                            '.mp4"')
    info = probe_bytes(download.content)
    video = [s for s in info["streams"] if s["codec_type"] == "video"][0]
    assert (video["width"], video["height"]) == (64, 36)  # no project resolution: the first movie's size
    assert float(info["format"]["duration"]) == pytest.approx(3.0, abs=0.3)  # 1 s + 2 s
    assert [s["codec_type"] for s in info["streams"]].count("audio") == 1
    ranged = w.admin.simulate_get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4",
                                  headers={"Range": "bytes=0-9"})
    assert ranged.status_code == 206 and ranged.content == download.content[:10]


def test_the_build_takes_the_production_resolution_and_full_revisions(w):
    with w.db():
        m.Project.update(resolution="96x54").where(m.Project.id == w.ids["P"]).execute()
    try:
        playlist = new_playlist(w, keys=("mv2", "pic", "mv1"))
        job = build(w, playlist["id"], query="full=true").json
        assert finished(w, playlist["id"], job["id"])["status"] == "succeeded"
    finally:
        with w.db():
            m.Project.update(resolution="").where(m.Project.id == w.ids["P"]).execute()
    movie_bytes = w.admin.simulate_get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4").content
    info = probe_bytes(movie_bytes)
    video = [s for s in info["streams"] if s["codec_type"] == "video"][0]
    assert (video["width"], video["height"]) == (96, 54)
    assert float(info["format"]["duration"]) == pytest.approx(3.0, abs=0.3)  # the picture is left out


def test_a_build_ffmpeg_fails_on_is_failed(w):
    playlist = new_playlist(w)
    values = settings(w.app)
    values["ffmpeg"] = "false"
    try:
        job = build(w, playlist["id"]).json
        assert finished(w, playlist["id"], job["id"])["status"] == "failed"
    finally:
        values["ffmpeg"] = "ffmpeg"
    ended = [e for e in w.events("build-job:update") if e["build_job_id"] == job["id"]]
    assert ended[0]["status"] == "failed" and "ffmpeg failed" in ended[0]["message"]
    answer = w.admin.simulate_get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}/build/mp4")
    assert (answer.status_code, answer.json) == (400, {"error": True, "message": "Build is not finished"})
    assert w.app.storage.stat("movies", "playlists", job["id"]) is None


def test_a_playlist_without_movies_fails_its_build(w):
    playlist = new_playlist(w, keys=("pic",))
    job = build(w, playlist["id"]).json
    assert finished(w, playlist["id"], job["id"])["status"] == "failed"


def test_deleting_a_job_removes_its_movie(w):
    playlist = new_playlist(w, keys=("mv1",))
    job = build(w, playlist["id"]).json
    assert finished(w, playlist["id"], job["id"])["status"] == "succeeded"
    assert w.app.storage.stat("movies", "playlists", job["id"]) is not None
    for role in ("supervisor", "user", "vendor", "outsider"):
        refused = w.client(role).simulate_delete(f"/data/playlists/{playlist['id']}/jobs/{job['id']}")
        assert refused.status_code in REFUSED and refused.json["error"] is True
    answer = w.client("manager").simulate_delete(f"/data/playlists/{playlist['id']}/jobs/{job['id']}")
    assert answer.status_code == 204
    assert w.count(m.BuildJob, m.BuildJob.id == job["id"]) == 0
    assert w.app.storage.stat("movies", "playlists", job["id"]) is None
    assert [e["build_job_id"] for e in w.events("build-job:delete")][-1] == job["id"]
    assert w.admin.simulate_get(f"/data/playlists/{playlist['id']}/jobs/{job['id']}").status_code == 404


def test_deleting_a_playlist_takes_its_jobs_and_their_movies(w):
    """As in Zou, a playlist's build jobs go with it (before: a 400, the playlist still referenced)."""

    playlist = new_playlist(w, keys=("mv1",))
    job = build(w, playlist["id"]).json
    assert finished(w, playlist["id"], job["id"])["status"] == "succeeded"
    assert w.app.storage.stat("movies", "playlists", job["id"]) is not None
    answer = w.admin.simulate_delete(f"/data/playlists/{playlist['id']}")
    assert answer.status_code == 204, answer.text
    assert w.count(m.BuildJob, m.BuildJob.id == job["id"]) == 0
    assert w.count(PlaylistBuild, PlaylistBuild.build_job_id == job["id"]) == 0
    assert w.app.storage.stat("movies", "playlists", job["id"]) is None
    assert job["id"] in [e["build_job_id"] for e in w.events("build-job:delete")]


def test_a_second_build_while_one_runs_is_a_409(w):
    playlist = new_playlist(w)
    with w.db():
        job = m.BuildJob.create(playlist=playlist["id"], status="running")
        PlaylistBuild.create(build_job_id=job.id, playlist_id=playlist["id"], state="running",
                             owner=f"{socket.gethostname()}:{__import__('os').getpid()}", claimed_at=utcnow(),
                             created_at=utcnow())
    answer = build(w, playlist["id"])
    assert answer.status_code == 409 and answer.json["error"] is True
    assert w.count(m.BuildJob, m.BuildJob.playlist == playlist["id"]) == 1
    with w.db():
        PlaylistBuild.delete().where(PlaylistBuild.build_job_id == job.id).execute()


def test_a_build_whose_process_died_is_made_again_at_start(w):
    playlist = new_playlist(w, keys=("mv1",))
    with w.db():
        job = m.BuildJob.create(playlist=playlist["id"], status="running")
        PlaylistBuild.create(build_job_id=job.id, playlist_id=playlist["id"], state="running", attempts=1,
                             owner=f"{socket.gethostname()}:{dead_pid()}", claimed_at=utcnow(), created_at=utcnow())
    builds.recover_builds_at_start(w.app)
    with w.db():
        assert PlaylistBuild.get_by_id(job.id).state == "queued"
    builds.build_pool(w.app).kick()
    assert finished(w, playlist["id"], str(job.id))["status"] == "succeeded"
    with w.db():
        assert PlaylistBuild.get_or_none(PlaylistBuild.build_job_id == job.id) is None


def test_jobs_of_another_playlist_and_bad_ids_are_404s(w):
    one, other = new_playlist(w, keys=("mv1",)), new_playlist(w, keys=("mv1",))
    with w.db():
        job = m.BuildJob.create(playlist=other["id"], status="succeeded")
    for path in (f"jobs/{job.id}", f"jobs/{job.id}/build/mp4", f"jobs/{uuid.uuid4()}"):
        assert w.admin.simulate_get(f"/data/playlists/{one['id']}/{path}").status_code == 404
    assert w.admin.simulate_get(f"/data/playlists/{one['id']}/jobs/nope").status_code == 400
    assert w.admin.simulate_get(f"/data/playlists/{uuid.uuid4()}/build/mp4").status_code == 404
    assert w.admin.simulate_get(f"/data/playlists/{uuid.uuid4()}/download/zip").status_code == 404


@pytest.mark.parametrize("role,for_client,expected", [
    ("supervisor", False, 403), ("user", False, 403), ("client", True, 403), ("vendor", False, 403),
    ("outsider", False, 404), ("client", False, 404)])
def test_only_managers_build(w, role, for_client, expected):
    playlist = new_playlist(w, for_client=for_client)
    answer = build(w, playlist["id"], w.client(role))
    assert answer.status_code == expected and answer.json["error"] is True
    assert w.count(m.BuildJob, m.BuildJob.playlist == playlist["id"]) == 0


def test_who_reads_jobs_and_downloads(w):
    shared, internal = new_playlist(w, keys=("mv1",), for_client=True), new_playlist(w, keys=("mv1",))
    with w.db():
        jobs = {p["id"]: str(m.BuildJob.create(playlist=p["id"], status="failed").id) for p in (shared, internal)}
    for role, playlist, job_status, download_status in (
            ("client", shared, 200, 400), ("client", internal, 404, 404), ("supervisor", internal, 403, 400),
            ("user", internal, 403, 403), ("vendor", internal, 403, 403), ("outsider", internal, 404, 404)):
        base = f"/data/playlists/{playlist['id']}/jobs/{jobs[playlist['id']]}"
        assert w.client(role).simulate_get(base).status_code == job_status, role
        assert w.client(role).simulate_get(f"{base}/build/mp4").status_code == download_status, role
        zipped = w.client(role).simulate_get(f"/data/playlists/{playlist['id']}/download/zip")
        assert zipped.status_code == (200 if download_status == 400 else download_status), role


def test_the_zip_holds_every_stored_preview_of_the_playlist(w):
    playlist = new_playlist(w, keys=("mv1", "pic", "mv2", "mv1"), for_client=True)
    answer = w.client("client").simulate_get(f"/data/playlists/{playlist['id']}/download/zip")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert answer.headers["content-disposition"].endswith(f"project_p_{playlist['name'].lower().replace(' ', '_')}"
                                                          '.zip"')
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.testzip() is None
    names = archive.namelist()
    assert len(names) == 4 and len(set(names)) == 4  # the same preview twice: a second name
    assert [name.rsplit(".", 1)[1] for name in names] == ["mp4", "png", "mp4", "mp4"]
    stored = b"".join(w.app.storage.read("movies", "previews", w.ids["mv2"]))
    assert archive.read(names[2]) == stored
    assert archive.read(names[1]) == b"".join(w.app.storage.read("pictures", "original", w.ids["pic"]))
    empty = w.admin.simulate_get(f"/data/playlists/{new_playlist(w, keys=())['id']}/download/zip")
    assert empty.status_code == 200 and zipfile.ZipFile(io.BytesIO(empty.content)).namelist() == []


def test_the_zip_is_streamed_in_pieces(w):
    from clapboard.plugins.pictures.playlists.zipping import stream_zip, zip_entries

    playlist = new_playlist(w, keys=("mv1", "mv2"))
    with w.db():
        entries = zip_entries(w.app, m.Playlist.get_by_id(playlist["id"]).shots)
    pieces = list(stream_zip(w.app.storage, entries))
    sizes = [w.app.storage.stat(bucket, prefix, name).size for _, bucket, prefix, name in entries]
    assert len(pieces) >= 4 and max(len(p) for p in pieces) < max(sizes) + 1024
    assert zipfile.ZipFile(io.BytesIO(b"".join(pieces))).testzip() is None


def test_a_large_preview_goes_into_the_zip_chunk_by_chunk(w, tmp_path):
    from clapboard.plugins.pictures.playlists.zipping import stream_zip, zip_entries
    from clapboard.plugins.pictures.storage import CHUNK

    task = w.new_task("SH2", "Animation")
    row = w.admin.simulate_post("/data/preview-files", json={"name": "big", "task_id": task, "revision": 1,
                                                            "extension": "mp4", "status": "ready"}).json
    big = tmp_path / "big.mp4"
    big.write_bytes(bytes(range(256)) * (5 * CHUNK // 256 + 7))  # five chunks and a bit
    w.app.storage.put("movies", "previews", row["id"], big)
    try:
        shots = [{"entity_id": w.ids["SH2"], "preview_file_id": row["id"]}]
        with w.db():
            entries = zip_entries(w.app, shots)
        assert [entry[1:] for entry in entries] == [("movies", "previews", row["id"])]
        pieces = list(stream_zip(w.app.storage, entries))
        assert len(pieces) >= 6 and max(len(p) for p in pieces) <= CHUNK + 1024  # never the whole file at once
        archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
        assert archive.read(archive.namelist()[0]) == big.read_bytes()
    finally:
        w.app.storage.delete("movies", "previews", row["id"])


def test_a_job_deleted_while_it_runs_keeps_no_movie(w, monkeypatch):
    from clapboard.plugins.pictures.movies.queue import me
    from clapboard.plugins.pictures.playlists import running

    playlist = new_playlist(w, keys=("mv1",))
    with w.db():  # as a worker of this process holds it once claimed
        job = m.BuildJob.create(playlist=playlist["id"], status="running")
        claimed = PlaylistBuild.create(build_job_id=job.id, playlist_id=playlist["id"], state="running", owner=me(),
                                       attempts=1, claimed_at=utcnow(), created_at=utcnow())
    concatenate = running.concatenate

    def deleted_meanwhile(*args, **kwargs):  # the manager deletes the job while ffmpeg runs
        answer = w.client("manager").simulate_delete(f"/data/playlists/{playlist['id']}/jobs/{job.id}")
        assert answer.status_code == 204
        return concatenate(*args, **kwargs)

    monkeypatch.setattr(running, "concatenate", deleted_meanwhile)
    assert running.run_build(w.app, claimed) == "gone"
    assert w.app.storage.stat("movies", "playlists", str(job.id)) is None  # stored, then removed again
    assert w.count(m.BuildJob, m.BuildJob.id == job.id) == 0
    assert str(job.id) not in [e["build_job_id"] for e in w.events("build-job:update")]
