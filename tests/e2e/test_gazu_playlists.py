"""Dailies with the published gazu client against waitress: a TV show's shots get movie previews
(real files made by ffmpeg), a playlist of the episode is built through gazu, read back per episode,
built into one movie by ffmpeg in the background, downloaded, zipped, and refused to an artist."""

from __future__ import annotations

import io
import json
import subprocess
import time
import zipfile
from pathlib import Path

import gazu
import pytest

from ..conftest import GAZU_PASSWORD

pytestmark = pytest.mark.ffmpeg


def movie(path: Path, seconds: int) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc=size=160x90:rate=25:duration={seconds}", "-f", "lavfi", "-i",
                    f"sine=duration={seconds}", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-c:a", "aac", "-shortest",
                    str(path)], check=True, timeout=120)
    return path


def probe(path: Path) -> dict:
    answer = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                            check=True, capture_output=True, text=True)
    return json.loads(answer.stdout)


def logged_in(live, email):
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    gazu.log_in(email, GAZU_PASSWORD, client=client)
    return client


@pytest.fixture
def gazu_config():
    return {"plugins": {"pictures": {"movie_preset": "ultrafast"}}}


@pytest.fixture
def dailies(gazu_session, tmp_path):
    """A TV show "Harbour" (resolution 320x180): episode E01 with two shots, each with an animation
    movie published by the artist; a manager and the artist in its team."""

    c, live = gazu_session.client, gazu_session.live
    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    wfa = gazu.task.get_task_status_by_short_name("wfa", client=c)
    manager = gazu.person.new_person("Mia", "Nager", "mia@example.com", role="manager", password=GAZU_PASSWORD,
                                     client=c)
    artist = gazu.person.new_person("Art", "Ist", "art@example.com", role="user", password=GAZU_PASSWORD, client=c)
    project = gazu.project.new_project("Harbour", production_type="tvshow", client=c)
    project = gazu.project.update_project({"id": project["id"], "resolution": "320x180", "fps": "25"}, client=c)
    for person in (manager, artist):
        gazu.project.add_person_to_team(project, person, client=c)
    gazu.project.add_task_type(project, animation, 1, client=c)
    gazu.project.add_task_status(project, wfa, client=c)
    episode = gazu.shot.new_episode(project, "E01", client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode, client=c)
    artist_client = logged_in(live, "art@example.com")
    shots, previews = [], []
    for name, seconds in (("SH010", 1), ("SH020", 2)):
        shot = gazu.shot.new_shot(project, sequence, name, client=c)
        task = gazu.task.create_shot_tasks(shot, [animation], client=c)[0]
        gazu.task.assign_task(task, artist, client=c)
        _, preview = gazu.task.publish_preview(task, wfa, f"{name} blocking",
                                               preview_file_path=str(movie(tmp_path / f"{name}.mp4", seconds)),
                                               client=artist_client)
        ready = gazu.files.wait_for_preview_file(preview, timeout=180, poll_interval=0.25, client=c)
        assert ready["status"] == "ready", ready
        shots.append(shot)
        previews.append(ready)
    return {"admin": c, "project": project, "episode": episode, "shots": shots, "previews": previews,
            "manager_client": logged_in(live, "mia@example.com"), "artist_client": artist_client}


def test_a_playlist_of_an_episode_is_built_zipped_and_read_back(dailies, tmp_path):
    mc, project, episode = dailies["manager_client"], dailies["project"], dailies["episode"]
    shots, previews = dailies["shots"], dailies["previews"]
    playlist = gazu.playlist.new_playlist(project, "E01 dailies", episode=episode, for_client=True, client=mc)
    for shot in shots:  # gazu picks each shot's newest preview and posts it to add-entity
        playlist = gazu.playlist.add_entity_to_playlist(playlist, shot, client=mc)
    assert [(e["entity_id"], e["preview_file_id"]) for e in playlist["shots"]] == [
        (shots[0]["id"], previews[0]["id"]), (shots[1]["id"], previews[1]["id"])]

    # Read back: per episode, per project, one playlist with its entries.
    assert [p["name"] for p in gazu.playlist.all_playlists_for_episode(episode, client=mc)] == ["E01 dailies"]
    assert [p["id"] for p in gazu.playlist.all_playlists_for_project(project, client=mc)] == [playlist["id"]]
    assert [p["id"] for p in gazu.playlist.all_playlists_for_episode(episode, client=mc)] == [playlist["id"]]
    read = gazu.playlist.get_playlist(playlist, client=mc)
    assert read["episode_id"] == episode["id"] and len(read["shots"]) == 2
    temp = gazu.playlist.generate_temp_playlist(project, {"task_ids": [previews[1]["task_id"]]}, client=mc)
    assert [(e["name"], e["preview_file_id"]) for e in temp] == [("SH020", previews[1]["id"])]

    # The movie: built in the background, at the production's resolution, 1 s + 2 s.
    job = gazu.playlist.build_playlist_movie(playlist, client=mc)
    assert job["status"] == "running" and job["playlist_id"] == playlist["id"]
    for _ in range(600):
        job = gazu.playlist.get_build_job(playlist, job, client=mc)
        if job["status"] != "running":
            break
        time.sleep(0.1)
    assert job["status"] == "succeeded", job
    gazu.playlist.download_playlist_build(playlist, job, str(tmp_path / "dailies.mp4"), client=mc)
    facts = probe(tmp_path / "dailies.mp4")
    video = [s for s in facts["streams"] if s["codec_type"] == "video"][0]
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 320, 180)
    assert float(facts["format"]["duration"]) == pytest.approx(3.0, abs=0.3)

    # The zip of its previews, read back.
    gazu.playlist.download_playlist_zip(playlist, str(tmp_path / "dailies.zip"), client=mc)
    archive = zipfile.ZipFile(io.BytesIO((tmp_path / "dailies.zip").read_bytes()))
    assert archive.testzip() is None and len(archive.namelist()) == 2
    assert all(name.startswith("harbour_") and name.endswith(".mp4") for name in archive.namelist())

    # Clients told; an artist of the production neither builds nor downloads; the job goes.
    assert gazu.playlist.notify_clients_playlist_ready(playlist, client=mc) == {"status": "success"}
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.playlist.build_playlist_movie(playlist, client=dailies["artist_client"])
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.playlist.download_playlist_zip(playlist, str(tmp_path / "stolen.zip"), client=dailies["artist_client"])
    gazu.playlist.remove_build_job(playlist, job, client=mc)
    with pytest.raises(gazu.exception.RouteNotFoundException):
        gazu.playlist.get_build_job(playlist, job, client=mc)
