"""The picture routes of a preview file: its variants, its original, its file as uploaded, a download.

Who may fetch them is who may read the preview row (``one``: the policy's
scope — a vendor only on the tasks assigned to them, nobody outside the
production); a preview out of reach is a 404, as its row is. The bytes go
out through ``sending.send`` (validators and 304, ranges, HEAD). A stored
variant never changes (a preview takes one upload), so clients may keep it
for a week, as Zou's ``CLIENT_CACHE_MAX_AGE`` says.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest

from ...data.engine import context, one
from ...data.models import PreviewFile
from ..sending import send
from ..settings import settings
from .kinds import FILE_EXTENSIONS, content_type
from .naming import preview_file_name

MAX_AGE = 604800
MISSING = "Preview file not found: its picture is not stored."
MOVIE_PREFIXES = ("previews", "lowdef", "source")


def _send(req, resp, preview_id, bucket, prefix, kind, download=None):
    send(req, resp, req.context.app.storage, bucket, prefix, str(preview_id), kind, download=download,
         max_age=MAX_AGE, missing=MISSING)


class PreviewPicture:
    """One PNG variant (``thumbnails``, ``thumbnails-square``, ``previews``, ``original``)."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def on_get(self, req, resp, instance_id):
        preview = one(context(req), PreviewFile, instance_id, relations=False)
        _send(req, resp, preview["id"], "pictures", self.prefix, "image/png")

    on_head = on_get


class PreviewOriginal:
    """``<id>.<extension>``: the original picture (png) or the other file as it was uploaded."""

    def on_get(self, req, resp, instance_id, extension):
        preview = one(context(req), PreviewFile, instance_id, relations=False)
        extension = extension.lower()
        if extension == "png":
            return _send(req, resp, preview["id"], "pictures", "original", "image/png")
        if extension not in FILE_EXTENSIONS and extension not in settings(req.context.app)["picture_extensions"]:
            raise BadRequest(f"Extension not allowed: {extension}")
        _send(req, resp, preview["id"], "files", "previews", content_type(extension))

    on_head = on_get


class PreviewDownload:
    """The preview's file as an attachment, named as Zou names it."""

    def on_get(self, req, resp, instance_id):
        preview = one(context(req), PreviewFile, instance_id, relations=False)
        extension = (preview["extension"] or "").lower()
        name = preview_file_name(preview)
        if extension == "png":
            return _send(req, resp, preview["id"], "pictures", "original", "image/png", name)
        if extension == "mp4":
            storage = req.context.app.storage
            prefix = next((p for p in MOVIE_PREFIXES if storage.stat("movies", p, str(preview["id"]))),
                          MOVIE_PREFIXES[0])
            return _send(req, resp, preview["id"], "movies", prefix, "video/mp4", name)
        _send(req, resp, preview["id"], "files", "previews", content_type(extension), name)

    on_head = on_get


def routes() -> list[Route]:
    base = "/pictures/{prefix}/preview-files/{instance_id}"
    found = []
    for segment, prefix, what in (("thumbnails", "thumbnails", "rectangle thumbnail (150×100)"),
                                  ("thumbnails-square", "thumbnails-square", "square thumbnail (100×100)"),
                                  ("previews", "previews", "preview (1200 px wide)"),
                                  ("originals", "original", "original picture (full size)")):
        found.append(Route(base.replace("{prefix}", segment) + ".png", PreviewPicture(prefix), tags=("pictures",),
                           operations={"GET": Operation(summary=f"The {what} of a preview file (PNG)",
                                                        content_type="image/png")}))
    found.append(Route(base.replace("{prefix}", "originals") + ".{extension}", PreviewOriginal(),
                       tags=("pictures",), operations={"GET": Operation(
                           summary="A preview file's original: the PNG picture, or the other file as uploaded",
                           content_type="application/octet-stream")}))
    found.append(Route(base.replace("{prefix}", "originals") + "/download", PreviewDownload(), tags=("pictures",),
                       operations={"GET": Operation(
                           summary="Download a preview file as an attachment",
                           description="Named <project>_<entity>_<task type>_v<revision>.<extension>, or by its "
                                       "original name when the studio says so.",
                           content_type="application/octet-stream")}))
    return found
