"""Annotated frames: a preview's drawings burnt into its pictures, one PNG, a zip or a PDF.

As Zou's ``preview_annotations_service``: for a movie, the frame of each
annotation (annotation time × fps, frame 1 the first; the entity's fps, else
the project's, else 25) is extracted with ffmpeg; for a picture preview its
1200-px ``previews`` picture is used. The drawing is burnt in by ``drawing``
(what it draws and what it leaves out is said there). ``extract-annotated-frame``
answers one PNG (a movie needs ``?frame_number=``; the annotation must be on
that frame, within half a frame), ``extract-annotated-frames`` a zip of every
annotated frame, ``extract-annotated-frames-pdf`` a PDF of one page each,
named ``<preview name>_annotated_frames.<zip|pdf>``. Who may: the
production's managers, as Zou. Nothing stored changes.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from PIL import Image

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound

from ..previews.frames import fps_of
from ..previews.naming import preview_file_name
from ..settings import tmp_dir
from . import transcode
from .drawing import burn
from .routes import managed_preview

PICTURES = ("png", "jpg", "jpeg", "jpe")
MOVIES = ("previews", "lowdef", "source")
MAX_FRAMES = 500  # one ffmpeg run each, in the request: a bound on the request's time
NOTHING = "No annotated frame could be extracted from this preview"


def _kind(preview: dict) -> str:
    extension = (preview.get("extension") or "").lower()
    if extension == "mp4":
        return "movie"
    if extension in PICTURES:
        return "picture"
    raise BadRequest(f"Cannot extract annotated frames from preview with extension {extension!r}")


def _source(app, preview: dict, kind: str, work: Path) -> Path:
    """The movie, or the preview picture, copied out of storage."""

    name, target = str(preview["id"]), work / ("movie.mp4" if kind == "movie" else "picture.png")
    places = [("movies", p) for p in MOVIES] if kind == "movie" else [("pictures", "previews"),
                                                                      ("pictures", "original")]
    for bucket, prefix in places:
        if app.storage.stat(bucket, prefix, name) is not None:
            app.storage.fetch(bucket, prefix, name, target)
            return target
    raise NotFound("preview file binary is not available")


def _time(annotation) -> float | None:
    try:
        return float(annotation.get("time"))
    except (AttributeError, TypeError, ValueError):
        return None


def _render(app, source: Path, kind: str, annotation: dict, fps: float, number: int, out: Path) -> bool:
    """Burn ``annotation`` into frame ``number`` (movies) or the picture; ``False`` when the movie
    has no such frame."""

    picture = source
    if kind == "movie":
        picture = out.with_suffix(".frame.png")
        try:
            transcode.frame(transcode.tools(app), source, (number - 1) / fps, picture)
        except transcode.TranscodeError:
            return False
    burn(picture, annotation, out)
    return True


class AnnotatedFrame:
    def on_get(self, req, resp, preview_file_id):
        preview, task = managed_preview(req, preview_file_id)
        kind, annotations = _kind(preview), [a for a in preview.get("annotations") or [] if isinstance(a, dict)]
        fps = fps_of(task)
        number = req.get_param_as_int("frame_number", min_value=1)
        if kind == "movie":
            if number is None:
                raise BadRequest("frame_number is required for movie previews")
            wanted = (number - 1) / fps
            annotation = next((a for a in annotations if _time(a) is not None
                               and abs(_time(a) - wanted) <= 1 / (2 * fps)), None)
            if annotation is None:
                raise NotFound(f"No annotation found for frame {number}")
        elif not annotations:
            raise NotFound("No annotation found on picture preview")
        else:
            annotation, number = annotations[0], 1
        app = req.context.app
        with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="annotated-") as work:
            source = _source(app, preview, kind, Path(work))
            out = Path(work) / "annotated.png"
            if not _render(app, source, kind, annotation, fps, number, out):
                raise NotFound(NOTHING)
            resp.content_type = "image/png"
            resp.data = out.read_bytes()


class AnnotatedFrames:
    """Every annotated frame, as a zip (``pdf=False``) or a PDF of one page each."""

    def __init__(self, pdf: bool):
        self.pdf = pdf

    def on_get(self, req, resp, preview_file_id):
        preview, task = managed_preview(req, preview_file_id)
        annotations = [a for a in preview.get("annotations") or [] if isinstance(a, dict)]
        kind = _kind(preview)
        if not annotations:
            raise NotFound("Preview file has no annotations")
        if len(annotations) > MAX_FRAMES:
            raise BadRequest(f"The preview has {len(annotations)} annotated frames: at most {MAX_FRAMES} are "
                             f"extracted at once.")
        app, fps = req.context.app, fps_of(task)
        base = preview_file_name(preview).rsplit(".", 1)[0]
        with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="annotated-") as work:
            source = _source(app, preview, kind, Path(work))
            pages = []
            for index, annotation in enumerate(annotations, start=1):
                time = _time(annotation)
                if kind == "movie" and time is None:
                    continue
                number = max(1, round(time * fps) + 1) if kind == "movie" else index
                out = Path(work) / f"{index}.png"
                if _render(app, source, kind, annotation, fps, number, out):
                    pages.append((f"{base}_frame_{number}.png", out))
            if not pages:
                raise NotFound(NOTHING)
            resp.data = _pdf(pages) if self.pdf else _zip(pages)
        resp.content_type = "application/pdf" if self.pdf else "application/zip"
        resp.downloadable_as = f"{base}_annotated_frames.{'pdf' if self.pdf else 'zip'}"


def _zip(pages) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in pages:
            archive.write(path, arcname=name)
    return out.getvalue()


def _pdf(pages) -> bytes:
    """One page per frame, flattened to RGB (PDF pages have no alpha), at 150 dpi as Zou's."""

    images = [Image.open(path).convert("RGB") for _, path in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=150.0)
    return out.getvalue()


def routes() -> list[Route]:
    base = "/actions/preview-files/{preview_file_id}"
    return [
        Route(base + "/extract-annotated-frame", AnnotatedFrame(), tags=("pictures",), operations={"GET": Operation(
            summary="A frame of a preview with its annotation drawn over it (PNG; ?frame_number= for movies)",
            content_type="image/png")}),
        Route(base + "/extract-annotated-frames", AnnotatedFrames(pdf=False), tags=("pictures",),
              operations={"GET": Operation(summary="Every annotated frame of a preview, drawn, in a zip",
                                           content_type="application/zip")}),
        Route(base + "/extract-annotated-frames-pdf", AnnotatedFrames(pdf=True), tags=("pictures",),
              operations={"GET": Operation(summary="Every annotated frame of a preview, drawn, one PDF page each",
                                           content_type="application/pdf")}),
    ]
