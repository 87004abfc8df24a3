"""The bytes a share link serves: the pictures and movies of the previews it opens, and the files
attached to the comments a guest may read.

No login: the token is the credential (``shared.access.open_request``: 404
for an unknown, revoked or expired one), and only the previews the playlist
pins (with the other files of their revision) are served — any other preview
is a 403, as Zou, whether it exists or not. An attachment is served when its
comment is one the link shows (on a task the link opens, published to
clients or written by a guest of the link); otherwise a 404. The bytes go
out as the studio routes send them (validators, 304, byte ranges), with the
same movie fallbacks and download names.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.models import AttachmentFile, Comment, PreviewFile
from clapboard.plugins.data.shared.access import guests_of, open_request, shared_preview, shared_task_ids

from .. import attachments
from ..movies.routes import MISSING as MOVIE_MISSING
from ..movies.routes import ORDERS, PROCESSING, _first_stored
from ..previews.downloads import MAX_AGE, MISSING, MOVIE_PREFIXES
from ..previews.kinds import FILE_EXTENSIONS, content_type
from ..previews.naming import preview_file_name
from ..sending import send
from ..settings import settings


def _preview(req, token, preview_file_id) -> dict:
    found = shared_preview(open_request(req, token), preview_file_id)
    return rows.fetch_one(info(PreviewFile), found["id"], False, derived_mode=None)


def _send(req, resp, preview, bucket, prefix, kind, download=None, missing=MISSING):
    send(req, resp, req.context.app.storage, bucket, prefix, str(preview["id"]), kind, download=download,
         max_age=MAX_AGE, missing=missing)


class SharedPicture:
    def __init__(self, prefix: str):
        self.prefix = prefix

    def on_get(self, req, resp, token, preview_file_id):
        _send(req, resp, _preview(req, token, preview_file_id), "pictures", self.prefix, "image/png")

    on_head = on_get


class SharedOriginal:
    def on_get(self, req, resp, token, preview_file_id, extension):
        preview = _preview(req, token, preview_file_id)
        extension = extension.lower()
        if extension == "png":
            return _send(req, resp, preview, "pictures", "original", "image/png")
        if extension not in FILE_EXTENSIONS and extension not in settings(req.context.app)["picture_extensions"]:
            raise BadRequest(f"Extension not allowed: {extension}")
        _send(req, resp, preview, "files", "previews", content_type(extension))

    on_head = on_get


class SharedMovie:
    def on_get(self, req, resp, token, preview_file_id):
        preview = _preview(req, token, preview_file_id)
        if preview["status"] == "processing":
            raise NotFound(PROCESSING)
        prefix = _first_stored(req.context.app.storage, preview["id"], ORDERS["originals"])
        if prefix is None:
            raise NotFound(MOVIE_MISSING)
        _send(req, resp, preview, "movies", prefix, "video/mp4", missing=MOVIE_MISSING)

    on_head = on_get


class SharedTiles:
    def on_get(self, req, resp, token, preview_file_id):
        _send(req, resp, _preview(req, token, preview_file_id), "pictures", "tiles", "image/png",
              missing="Preview file not found: its tile strip is not stored.")

    on_head = on_get


class SharedDownload:
    def on_get(self, req, resp, token, preview_file_id):
        preview = _preview(req, token, preview_file_id)
        extension = (preview["extension"] or "").lower()
        name = preview_file_name(preview)
        if extension == "png":
            return _send(req, resp, preview, "pictures", "original", "image/png", name)
        if extension == "mp4":
            prefix = _first_stored(req.context.app.storage, preview["id"], MOVIE_PREFIXES) or MOVIE_PREFIXES[0]
            return _send(req, resp, preview, "movies", prefix, "video/mp4", name)
        _send(req, resp, preview, "files", "previews", content_type(extension), name)

    on_head = on_get


class SharedAttachment:
    def on_get(self, req, resp, token, attachment_file_id, file_name):
        shared = open_request(req, token)
        try:
            attachment_id = parse_id(attachment_file_id)
        except BadRequest as exc:
            raise NotFound("Attachment not found.") from exc
        row = (AttachmentFile.select(AttachmentFile.id, AttachmentFile.name, AttachmentFile.mimetype,
                                     Comment.object_id, Comment.for_client, Comment.person)
               .join(Comment, on=AttachmentFile.comment == Comment.id)
               .where(AttachmentFile.id == attachment_id).dicts().first())
        if (row is None or row["object_id"] not in shared_task_ids(shared)
                or not (row["for_client"] or row["person"] in guests_of(shared))):
            raise NotFound("Attachment not found.")
        name = (row["name"] or str(row["id"])).encode("ascii", "ignore").decode().replace('"', "")
        resp.set_header("Content-Disposition", f'inline; filename="{name}"')
        send(req, resp, req.context.app.storage, attachments.BUCKET, attachments.PREFIX, str(row["id"]),
             row["mimetype"] or "application/octet-stream", max_age=attachments.MAX_AGE,
             missing="The attachment's file was not found.")

    on_head = on_get


def routes() -> list[Route]:
    base = "/shared/playlists/{token}"
    pictures = base + "/pictures/{kind}/preview-files/{preview_file_id}"

    def route(path, resource, summary, kind="image/png"):
        return Route(path, resource, public=True, tags=("shared",), operations={"GET": Operation(
            summary=summary, content_type=kind,
            description="403 for a preview the shared playlist does not show; 404 for an unknown, revoked or "
                        "expired link.")})

    return [
        route(pictures.replace("{kind}", "thumbnails") + ".png", SharedPicture("thumbnails"),
              "The thumbnail of a shared preview (PNG)"),
        route(pictures.replace("{kind}", "originals") + ".png", SharedPicture("original"),
              "The original picture of a shared preview (PNG)"),
        route(pictures.replace("{kind}", "originals") + ".{extension}", SharedOriginal(),
              "A shared preview's original: the PNG picture, or the file as uploaded", "application/octet-stream"),
        route(base + "/movies/originals/preview-files/{preview_file_id}.mp4", SharedMovie(),
              "The movie of a shared preview", "video/mp4"),
        route(base + "/movies/tiles/preview-files/{preview_file_id}.png", SharedTiles(),
              "The tile strip of a shared movie preview (PNG)"),
        route(base + "/preview-files/{preview_file_id}/download", SharedDownload(),
              "Download a shared preview as an attachment", "application/octet-stream"),
        route(base + "/attachment-files/{attachment_file_id}/file/{file_name}", SharedAttachment(),
              "A file attached to a comment the shared playlist shows", "application/octet-stream"),
    ]
