"""Annotated frames of movie and picture previews: the drawing is really burnt in (pixels
checked), one PNG, a zip, a PDF, for the production's managers only."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from clapboard.plugins.data import models as m
from clapboard.plugins.pictures.movies.drawing import burn
from clapboard.plugins.pictures.movies.jobs import stop

from ..data.production.tasks.world import REFUSED, build_world, close
from .movietools import movie, new_preview, upload, wait

pytestmark = pytest.mark.ffmpeg

RED, BLUE = "#ff0000", "rgba(0, 0, 255, 1)"


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    world = build_world(tmp_path_factory, "pictures-annotated", config={
        "plugins": {"pictures": {"movie_preset": "ultrafast"}}})
    with world.db():
        m.Project.update(resolution="", fps="25").where(m.Project.id == world.ids["P"]).execute()
    yield world
    stop(world.app)
    close(world)


def box(colour=RED, left=10, top=10, size=20, canvas=(64, 36)) -> dict:
    return {"type": "rect", "left": left, "top": top, "width": size, "height": size, "fill": colour,
            "canvasWidth": canvas[0], "canvasHeight": canvas[1]}


def annotate(w, preview, frames: dict) -> None:
    """``frames``: time -> drawing objects, added through Kitsu's route."""

    body = {"additions": [{"time": time, "drawing": {"objects": objects}} for time, objects in frames.items()]}
    answer = w.admin.simulate_put(f"/actions/preview-files/{preview}/update-annotations", json=body)
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def annotated_movie(w):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, movie("mp4", seconds=1)).status_code == 201
    assert wait(w, preview)["status"] == "ready"
    annotate(w, preview, {0.04: [box(RED)], 0.4: [box(BLUE, left=30)]})  # frames 2 and 11 at 25 fps
    return preview


def pixel(content: bytes, at) -> tuple:
    return Image.open(io.BytesIO(content)).convert("RGB").getpixel(at)


def test_one_annotated_frame_of_a_movie(w, annotated_movie):
    answer = w.client("manager").simulate_get(f"/actions/preview-files/{annotated_movie}/extract-annotated-frame",
                                              params={"frame_number": 2})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).size == (64, 36)
    assert pixel(answer.content, (20, 20)) == (255, 0, 0)
    other = w.admin.simulate_get(f"/actions/preview-files/{annotated_movie}/extract-annotated-frame",
                                 params={"frame_number": 11})
    red, green, blue = pixel(other.content, (40, 20))
    assert blue > 240 and red < 20 and green < 20
    plain = w.admin.simulate_get(f"/actions/preview-files/{annotated_movie}/extract-frame",
                                 params={"frame_number": 2})
    assert pixel(plain.content, (20, 20)) != (255, 0, 0)  # the drawing is on the extract only


def test_an_annotated_frame_needs_a_frame_that_is_annotated(w, annotated_movie):
    path = f"/actions/preview-files/{annotated_movie}/extract-annotated-frame"
    assert w.admin.simulate_get(path).status_code == 400
    missing = w.admin.simulate_get(path, params={"frame_number": 5})
    assert missing.status_code == 404 and missing.json["error"] is True


def test_every_annotated_frame_in_a_zip_and_a_pdf(w, annotated_movie):
    bundle = w.admin.simulate_get(f"/actions/preview-files/{annotated_movie}/extract-annotated-frames")
    assert bundle.status_code == 200, bundle.text
    assert bundle.headers["content-type"] == "application/zip"
    assert "_annotated_frames.zip" in bundle.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        names = sorted(archive.namelist())
        assert [n.rsplit("_", 1)[-1] for n in names] == ["11.png", "2.png"]
        assert pixel(archive.read([n for n in names if n.endswith("_2.png")][0]), (20, 20)) == (255, 0, 0)
    pdf = w.admin.simulate_get(f"/actions/preview-files/{annotated_movie}/extract-annotated-frames-pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf.content.count(b"/Type /Page") - pdf.content.count(b"/Type /Pages") == 2  # one page a frame


def test_a_picture_preview_with_its_annotation(w):
    preview, _ = new_preview(w)
    picture = io.BytesIO()
    Image.new("RGB", (120, 60), (255, 255, 255)).save(picture, "PNG")
    assert upload(w.admin, preview, picture.getvalue(), "board.png").status_code == 201
    path = f"/actions/preview-files/{preview}/extract-annotated-frame"
    assert w.admin.simulate_get(path).status_code == 404  # no annotation yet
    annotate(w, preview, {0: [box(RED, left=0, top=0, size=60, canvas=(120, 60))]})
    answer = w.admin.simulate_get(path)
    assert answer.status_code == 200, answer.text
    drawn = Image.open(io.BytesIO(answer.content)).convert("RGB")
    assert drawn.size == (1200, 600)  # the 1200-px preview picture, the drawing scaled to it
    assert drawn.getpixel((300, 300)) == (255, 0, 0) and drawn.getpixel((900, 300)) == (255, 255, 255)


def test_only_the_production_managers(w, annotated_movie):
    for suffix in ("extract-annotated-frame?frame_number=2", "extract-annotated-frames",
                   "extract-annotated-frames-pdf"):
        for role in ("supervisor", "user", "client", "vendor", "outsider"):
            refused = w.client(role).simulate_get(f"/actions/preview-files/{annotated_movie}/{suffix}")
            assert refused.status_code in REFUSED and refused.json["error"] is True, (role, suffix)


def test_a_file_preview_has_no_annotated_frames(w):
    preview, _ = new_preview(w)
    assert upload(w.admin, preview, b"%PDF-1.4 not much", "notes.pdf").status_code == 201
    assert w.admin.simulate_get(f"/actions/preview-files/{preview}/extract-annotated-frames").status_code == 400


def test_the_shapes_drawn(tmp_path):
    white = tmp_path / "white.png"
    Image.new("RGB", (200, 100), (255, 255, 255)).save(white)
    canvas = {"canvasWidth": 400, "canvasHeight": 200}  # drawn on a canvas twice the picture's size
    objects = [
        {"type": "path", "path": [["M", 20, 20], ["L", 180, 20], ["Q", 200, 40, 180, 60]], "stroke": RED,
         "strokeWidth": 6, **canvas},
        {"type": "circle", "left": 240, "top": 20, "radius": 20, "fill": "#00ff00", **canvas},
        {"type": "arrow", "x1": 20, "y1": 160, "x2": 180, "y2": 160, "stroke": BLUE, "strokeWidth": 6, **canvas},
        {"type": "text", "text": "RETAKE", "left": 300, "top": 120, "fontSize": 40, "fill": "#000000", **canvas},
        {"type": "psstroke", "strokePoints": [{"x": 300, "y": 20, "pressure": 1}, {"x": 380, "y": 20,
                                                                                    "pressure": 1}],
         "stroke": RED, "strokeWidth": 8, **canvas},
        {"type": "hologram", "left": 0, "top": 0},  # unknown: left out
        {"type": "rect", "left": "nowhere"},  # malformed: left out, the others still drawn
    ]
    out = tmp_path / "drawn.png"
    burn(white, {"time": 0, "drawing": {"objects": objects}}, out)
    drawn = Image.open(out).convert("RGB")
    assert drawn.getpixel((50, 10)) == (255, 0, 0)  # the path, at half scale
    assert drawn.getpixel((130, 20)) == (0, 255, 0)  # the circle's middle
    assert drawn.getpixel((50, 80)) == (0, 0, 255)  # the arrow's shaft
    assert drawn.getpixel((170, 10)) == (255, 0, 0)  # the pressure stroke
    text = drawn.crop((150, 60, 200, 90))
    assert text.convert("L").getextrema()[0] < 100  # some dark glyphs
    assert drawn.getpixel((5, 95)) == (255, 255, 255)  # and nothing where nothing was drawn
    burn(white, None, out)
    assert Image.open(out).convert("RGB").getpixel((50, 10)) == (255, 255, 255)
    assert Path(out).stat().st_size > 0
