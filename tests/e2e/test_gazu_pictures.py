"""Review with the published gazu client: previews on comments, main previews, downloads, avatars.

An artist publishes a picture and then a movie (real files: Pillow, ffmpeg) on
their task; the supervisor's lists show the previews; thumbnails, originals
and movies come back through gazu's own download functions and are decoded;
avatars go up and down. Everything runs twice: files on the local disk, and
in a real S3-compatible server (moto's, on loopback), where the objects are
then looked up under Zou's keys.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import gazu
import pytest
from PIL import Image, ImageDraw

from ..conftest import GAZU_PASSWORD
from ..plugins.pictures.conftest import s3_server  # noqa: F401  (the session's S3 server)
from ..plugins.pictures.s3server import s3_config


@pytest.fixture(params=["local", "s3"])
def gazu_config(request):
    if request.param == "local":
        return {}
    return {"plugins": {"pictures": s3_config(request.getfixturevalue("s3_server"))}}


def picture(path: Path, size=(1920, 1080)) -> Path:
    """A frame with shapes on a gradient: something a thumbnail visibly keeps."""

    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=(200, 30, 30))
    image.save(path, "PNG")
    return path


def movie(path: Path) -> Path:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=24:duration=2",
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", str(path)], check=True)
    return path


def probe(path: Path) -> dict:
    answer = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
                            check=True, capture_output=True, text=True)
    return json.loads(answer.stdout)


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path, formats=["PNG"]) as image:
        image.load()
        return image.size


def _logged_in(live, email: str):
    client = gazu.client.create_client(live.url + "/api", use_refresh_token=True)
    gazu.log_in(email, GAZU_PASSWORD, client=client)
    return client


@pytest.fixture
def review(gazu_session):
    """Project "Lighthouse": a supervisor and an artist in its team, the artist on the shot's
    animation task; an outsider artist not in the team."""

    c, live = gazu_session.client, gazu_session.live
    animation = gazu.task.get_task_type_by_name("Animation", client=c)
    supervisor = gazu.person.new_person("Sue", "Pervisor", "sue@example.com", role="supervisor",
                                        password=GAZU_PASSWORD, client=c)
    artist = gazu.person.new_person("Art", "Ist", "art@example.com", role="user", password=GAZU_PASSWORD, client=c)
    gazu.person.new_person("Out", "Sider", "out@example.com", role="user", password=GAZU_PASSWORD, client=c)
    project = gazu.project.new_project("Lighthouse", production_type="short", client=c)
    for person in (supervisor, artist):
        gazu.project.add_person_to_team(project, person, client=c)
    gazu.project.add_task_type(project, animation, 1, client=c)
    statuses = {name: gazu.task.get_task_status_by_short_name(name, client=c) for name in ("todo", "wip", "wfa")}
    for status in statuses.values():
        gazu.project.add_task_status(project, status, client=c)
    sequence = gazu.shot.new_sequence(project, "SQ01", client=c)
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, client=c)
    task = gazu.task.create_shot_tasks(shot, [animation], client=c)[0]
    gazu.task.assign_task(task, artist, client=c)
    return {"admin": c, "project": project, "shot": shot, "task": task, "statuses": statuses, "artist": artist,
            "supervisor_client": _logged_in(live, "sue@example.com"),
            "artist_client": _logged_in(live, "art@example.com"),
            "outsider_client": _logged_in(live, "out@example.com"), "app": gazu_session.app}


def stored_names(app, preview_id: str) -> set[tuple[str, str]]:
    """(bucket, prefix) of every object stored for ``preview_id``, looked up where the backend keeps them."""

    storage = app.storage
    found = set()
    for bucket, prefixes in {"pictures": ("thumbnails", "thumbnails-square", "previews", "original", "tiles"),
                             "movies": ("previews", "lowdef", "source")}.items():
        for prefix in prefixes:
            if storage.stat(bucket, prefix, preview_id) is not None:
                found.add((bucket, prefix))
    return found


def objects_where_zou_keeps_them(app, preview_id: str, wanted: set) -> None:
    """Local: Zou's sharded paths under the data dir. S3: Zou's ``<prefix>-<id>`` keys, as a raw client lists them."""

    settings = app.config.plugin("pictures")
    if settings["storage"] == "local":
        root = Path(app.config["data_dir"]) / "previews"
        for bucket, prefix in wanted:
            assert (root / bucket / prefix / preview_id[:3] / preview_id[3:6] / preview_id).is_file()
        return
    import boto3

    client = boto3.client("s3", endpoint_url=settings["s3_endpoint_url"], region_name="us-east-1",
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    for bucket, prefix in wanted:
        client.head_object(Bucket=settings["s3_bucket_prefix"] + bucket, Key=f"{prefix}-{preview_id}")
    assert not (Path(app.config["data_dir"]) / "previews").exists()  # nothing went to the local disk


def test_a_picture_preview_from_upload_to_download(review, tmp_path):
    ac, sc, task, shot = review["artist_client"], review["supervisor_client"], review["task"], review["shot"]
    frame = picture(tmp_path / "layout v1.png")
    comment, preview = gazu.task.publish_preview(task, review["statuses"]["wfa"], "first pass",
                                                 preview_file_path=str(frame), client=ac)
    assert preview["status"] == "ready" and preview["extension"] == "png"
    assert (preview["width"], preview["height"], preview["original_name"]) == (1920, 1080, "layout v1")
    assert preview["file_size"] > 0 and preview["task_id"] == task["id"] and preview["revision"] == 1
    assert comment["task_status_id"] == review["statuses"]["wfa"]["id"]
    assert [p["id"] for p in gazu.files.get_all_preview_files_for_task(task, client=sc)] == [preview["id"]]

    # The main preview of the shot, seen in the supervisor's lists.
    entity = gazu.task.set_main_preview(preview, client=sc)
    assert entity["id"] == shot["id"] and entity["preview_file_id"] == preview["id"]
    shots = gazu.shot.all_shots_for_project(review["project"], client=sc)
    assert [(s["id"], s["preview_file_id"]) for s in shots] == [(shot["id"], preview["id"])]
    tasks = gazu.task.all_tasks_for_shot(shot, client=sc)
    assert [(t["id"], t["last_preview_file_id"]) for t in tasks] == [(task["id"], preview["id"])]
    assert gazu.task.get_task(task["id"], client=sc)["last_preview_file_id"] == preview["id"]

    # Downloads through gazu, decoded: Zou's sizes.
    gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "thumb.png"), client=sc)
    assert png_size(tmp_path / "thumb.png") == (150, 100)
    gazu.files.download_preview_file(preview, str(tmp_path / "original.png"), client=sc)
    assert png_size(tmp_path / "original.png") == (1920, 1080)
    with Image.open(tmp_path / "original.png") as original:
        assert original.convert("RGB").getpixel((960, 540)) == (200, 30, 30)
    gazu.client.download(f"pictures/thumbnails-square/preview-files/{preview['id']}.png",
                         str(tmp_path / "square.png"), client=sc)
    assert png_size(tmp_path / "square.png") == (100, 100)
    gazu.client.download(f"pictures/previews/preview-files/{preview['id']}.png", str(tmp_path / "big.png"), client=sc)
    assert png_size(tmp_path / "big.png") == (1200, 675)
    wanted = {("pictures", p) for p in ("thumbnails", "thumbnails-square", "previews", "original")}
    assert stored_names(review["app"], preview["id"]) >= wanted
    objects_where_zou_keeps_them(review["app"], preview["id"], wanted)

    # An artist out of the production gets nothing, and nothing is written to their file.
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "stolen.png"),
                                                   client=review["outsider_client"])
    assert not (tmp_path / "stolen.png").exists() or (tmp_path / "stolen.png").stat().st_size == 0
    # A second upload to the same preview is refused; the first file stays.
    with pytest.raises(gazu.exception.GazuException):
        gazu.task.upload_preview_file(preview, str(picture(tmp_path / "again.png", (64, 64))), client=ac)
    assert gazu.files.get_preview_file(preview["id"], client=sc)["width"] == 1920


@pytest.mark.ffmpeg
def test_a_movie_preview_is_processed_in_the_background(review, tmp_path):
    ac, sc, task, shot = review["artist_client"], review["supervisor_client"], review["task"], review["shot"]
    clip = movie(tmp_path / "anim v2.mp4")
    comment = gazu.task.add_comment(task, review["statuses"]["wfa"], "animation blocking", client=ac)
    preview = gazu.task.add_preview(task, comment, preview_file_path=str(clip), client=ac)
    assert preview["extension"] == "mp4" and preview["status"] in ("processing", "ready")
    ready = gazu.files.wait_for_preview_file(preview, timeout=180, poll_interval=0.25, client=sc)
    assert ready["status"] == "ready", ready
    assert ready["duration"] == pytest.approx(2.0, abs=0.2) and ready["width"] > 0 and ready["height"] > 0

    assert gazu.task.get_task(task["id"], client=sc)["last_preview_file_id"] == preview["id"]
    gazu.task.set_main_preview(ready, client=sc)
    assert gazu.shot.get_shot(shot["id"], client=sc)["preview_file_id"] == preview["id"]
    assert [s["preview_file_id"] for s in gazu.shot.all_shots_for_project(review["project"], client=sc)] == \
        [preview["id"]]

    gazu.files.download_preview_movie(ready, str(tmp_path / "hd.mp4"), client=sc)
    gazu.files.download_preview_lowdef_movie(ready, str(tmp_path / "low.mp4"), client=sc)
    for name in ("hd.mp4", "low.mp4"):
        facts = probe(tmp_path / name)
        video = [s for s in facts["streams"] if s["codec_type"] == "video"]
        assert video and video[0]["codec_name"] == "h264", facts
        assert float(facts["format"]["duration"]) == pytest.approx(2.0, abs=0.2)
    gazu.files.download_preview_file_thumbnail(ready, str(tmp_path / "thumb.png"), client=sc)
    assert png_size(tmp_path / "thumb.png") == (150, 100)
    wanted = {("movies", "previews"), ("movies", "lowdef"), ("pictures", "thumbnails")}
    objects_where_zou_keeps_them(review["app"], preview["id"], wanted)
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.files.download_preview_movie(ready, str(tmp_path / "stolen.mp4"), client=review["outsider_client"])


def test_a_persons_avatar_up_and_down(review, tmp_path):
    ac, artist = review["artist_client"], review["artist"]
    assert gazu.person.get_person(artist["id"], client=ac)["has_avatar"] is False
    with pytest.raises((gazu.exception.NotAllowedException, gazu.exception.RouteNotFoundException)):
        gazu.files.download_person_avatar(artist, str(tmp_path / "none.png"), client=ac)
    face = picture(tmp_path / "face.png", (640, 480))
    answer = gazu.files.upload_person_avatar(artist, str(face), client=ac)  # one's own avatar
    assert answer == {"thumbnail_path": f"pictures/thumbnails/persons/{artist['id']}.png"}
    assert gazu.person.get_person(artist["id"], client=review["supervisor_client"])["has_avatar"] is True
    gazu.files.download_person_avatar(artist, str(tmp_path / "avatar.png"), client=review["supervisor_client"])
    assert png_size(tmp_path / "avatar.png") == (400, 400)
    objects_where_zou_keeps_them(review["app"], artist["id"], {("pictures", "thumbnails")})
    # Someone else's avatar is not an artist's to change.
    with pytest.raises(gazu.exception.NotAllowedException):
        gazu.files.upload_person_avatar(artist, str(face), client=review["outsider_client"])
