"""The picture download routes of a preview file: bytes, types, validators, names, and who gets nothing."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image

from clapboard.plugins.data import models as m

from ..data.production.tasks.world import close
from . import samples
from .uploading import new_preview, upload, upload_world

VARIANT_SIZES = {"thumbnails": (150, 100), "thumbnails-square": (100, 100), "previews": (1200, 300),
                 "originals": (400, 100)}
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = upload_world(tmp_path_factory, "pictures-downloads")
    picture = new_preview(world)
    assert upload(world.admin, picture["id"], "frame.jpg", samples.picture("jpg")).status_code == 201
    document = new_preview(world)
    assert upload(world.admin, document["id"], "notes.pdf", PDF).status_code == 201
    world.ids.update(picture=picture["id"], document=document["id"], comment=picture["comment_id"])
    yield world
    close(world)


def path(kind: str, preview_id, suffix=".png") -> str:
    return f"/pictures/{kind}/preview-files/{preview_id}{suffix}"


@pytest.mark.parametrize("kind", sorted(VARIANT_SIZES))
def test_variants_are_served_as_png(w, kind):
    answer = w.admin.simulate_get(path(kind, w.ids["picture"]))
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert int(answer.headers["content-length"]) == len(answer.content)
    assert answer.headers["cache-control"] == "private, max-age=604800"
    image = Image.open(io.BytesIO(answer.content))
    assert image.format == "PNG" and image.size == VARIANT_SIZES[kind]
    prefix = "original" if kind == "originals" else kind
    assert answer.content == b"".join(w.app.storage.read("pictures", prefix, w.ids["picture"]))
    assert w.admin.simulate_get("/api" + path(kind, w.ids["picture"])).content == answer.content


def test_validators_304_head_and_ranges(w):
    url = path("thumbnails", w.ids["picture"])
    first = w.admin.simulate_get(url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = w.admin.simulate_get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert w.admin.simulate_get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert w.admin.simulate_get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = w.admin.simulate_head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(first.content)) and head.headers["etag"] == etag
    part = w.admin.simulate_get(url, headers={"Range": "bytes=0-9"})
    assert part.status_code == 206 and part.content == first.content[:10]


def test_other_files_by_extension(w):
    answer = w.admin.simulate_get(path("originals", w.ids["document"], ".pdf"))
    assert answer.status_code == 200 and answer.content == PDF
    assert answer.headers["content-type"] == "application/pdf"
    png = w.admin.simulate_get(path("originals", w.ids["picture"], ".PNG"))
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    refused = w.admin.simulate_get(path("originals", w.ids["document"], ".exe"))
    assert refused.status_code == 400 and refused.json["message"] == "Extension not allowed: exe"
    absent = w.admin.simulate_get(path("originals", w.ids["picture"], ".zip"))
    assert absent.status_code == 404 and absent.json["error"] is True


def test_download_as_attachment_named_as_zou(w):
    answer = w.admin.simulate_get(f"/pictures/originals/preview-files/{w.ids['picture']}/download")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    disposition = answer.headers["content-disposition"]
    assert disposition == 'attachment; filename="project_p_she_animation_v1.png"', disposition
    assert Image.open(io.BytesIO(answer.content)).size == (400, 100)
    document = w.admin.simulate_get(f"/pictures/originals/preview-files/{w.ids['document']}/download")
    assert document.content == PDF and document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"].endswith('_v2.pdf"')
    comment, picture = w.ids["comment"], w.ids["picture"]
    extra = w.admin.simulate_post(f"/actions/tasks/{w.ids['T']}/comments/{comment}/preview-files/{picture}").json
    assert upload(w.admin, extra["id"], "Plan B.png", samples.picture()).status_code == 201
    named = w.admin.simulate_get(f"/pictures/originals/preview-files/{extra['id']}/download")
    assert named.headers["content-disposition"] == 'attachment; filename="project_p_she_animation_v1-2.png"'
    with w.db():
        m.Organisation.update(use_original_file_name=True).execute()
    try:
        named = w.admin.simulate_get(f"/pictures/originals/preview-files/{extra['id']}/download")
        assert named.headers["content-disposition"] == 'attachment; filename="Plan B-2.png"'
    finally:
        with w.db():
            m.Organisation.update(use_original_file_name=False).execute()


def test_missing_files_and_unknown_previews_are_json_404s(w):
    waiting = new_preview(w)  # no file uploaded yet
    for kind in VARIANT_SIZES:
        answer = w.admin.simulate_get(path(kind, waiting["id"]))
        assert answer.status_code == 404 and answer.json["error"] is True
    assert w.admin.simulate_get(f"/pictures/originals/preview-files/{waiting['id']}/download").status_code == 404
    unknown = w.admin.simulate_get(path("thumbnails", uuid.uuid4()))
    assert unknown.status_code == 404 and unknown.json["error"] is True
    assert w.admin.simulate_get(path("thumbnails", "not-an-id")).status_code == 400


def test_who_may_download(w):
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        assert w.client(role).simulate_get(path("thumbnails", w.ids["picture"])).status_code == 200, role
    elsewhere = new_preview(w, w.new_task("SH1", "FX"))  # a task the vendor is not assigned to
    assert upload(w.admin, elsewhere["id"], "frame.png", samples.picture()).status_code == 201
    urls = [path(kind, elsewhere["id"]) for kind in VARIANT_SIZES] + [
        path("originals", elsewhere["id"], ".png"), f"/pictures/originals/preview-files/{elsewhere['id']}/download"]
    for url in urls:
        assert w.client("user").simulate_get(url).status_code == 200, url  # the artist reads the production
        for role in ("vendor", "outsider"):
            answer = w.client(role).simulate_get(url)
            assert answer.status_code == 404 and answer.json["error"] is True and not answer.content.startswith(
                b"\x89PNG"), (role, url)
        assert w.sc.client(None).simulate_get(url).status_code == 401


def test_a_plain_png_is_kept_as_uploaded_and_anything_else_is_encoded_again(w):
    """An 8-bit RGB PNG without profile or rotation is its own original (as Zou keeps PNGs); a JPEG,
    a rotated PNG or a PNG with a colour profile gets a new PNG."""

    plain = samples.picture("png")
    kept = new_preview(w)
    assert upload(w.admin, kept["id"], "plain.png", plain).status_code == 201
    assert w.admin.simulate_get(path("originals", kept["id"])).content == plain
    for name, data in (("photo.jpg", samples.picture("jpg")), ("rotated.png", samples.with_orientation("png", 6)),
                       ("profiled.png", samples.picture("png", icc_profile=samples.swapped_profile()))):
        preview = new_preview(w)
        assert upload(w.admin, preview["id"], name, data).status_code == 201, name
        original = w.admin.simulate_get(path("originals", preview["id"])).content
        assert original != data and Image.open(io.BytesIO(original)).format == "PNG", name
