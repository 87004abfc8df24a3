"""Files attached to comments and chat messages: their bytes kept, served back, and pictured on
demand.

The data plugin writes the attachment rows and hands each file over through
``data_store_attachment``, inside the transaction that writes the row: the
bytes go to the ``files`` bucket under ``attachments`` (Zou's place), named by
the row's id, so a row never exists without its file; if that transaction does
not commit, the object is removed again (``clapboard.transactions.on_rollback``).
Once a row's deletion commits (``attachment-file:delete``), its file and
thumbnail are removed.

Files of chat messages go the same way. Downloads follow Zou: whoever reaches
the comment's task (or the chat's entity) gets the file, with the type
recorded at upload, shown inline. Zou makes thumbnails only for chat
attachments; here a picture attached to a comment gets its 150 × 150 thumbnail
made the first time it is asked for (stored under ``pictures/thumbnails``), and
anything that is not a readable picture has none (a JSON 404).
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from clapboard import Operation, Route
from clapboard.errors import ClapboardError, NotFound, PermissionDenied
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import context, one
from clapboard.plugins.data.models import AttachmentFile, Chat, ChatMessage, Entity
from clapboard.transactions import on_rollback

from .images import picture_format, square
from .sending import send
from .settings import settings, tmp_dir

log = logging.getLogger("clapboard.pictures")
BUCKET, PREFIX = "files", "attachments"
THUMBNAIL_SIZE = 150
MAX_AGE = 604800  # an attachment never changes: clients keep it a week (Zou's CLIENT_CACHE_MAX_AGE)
NO_THUMBNAIL = "This attachment has no thumbnail: it is not a picture."


def store(app, attachment_id, upload) -> None:
    app.storage.put(BUCKET, PREFIX, str(attachment_id), upload.path)
    on_rollback(lambda: app.storage.delete(BUCKET, PREFIX, str(attachment_id)))


def forget(app, attachment_id) -> None:
    """After an attachment row's deletion committed: its file and thumbnail go too (twice is harmless)."""

    app.storage.delete(BUCKET, PREFIX, str(attachment_id))
    app.storage.delete("pictures", "thumbnails", str(attachment_id))


def reachable(ctx, attachment_file_id) -> dict:
    """The attachment row, when the actor reaches what it is attached to (Zou: a comment's task,
    or a chat's entity); 404 otherwise."""

    row = rows.fetch_one(info(AttachmentFile), parse_id(attachment_file_id), False, derived_mode=None)
    if row is None:
        raise NotFound(f"AttachmentFile {attachment_file_id} not found.")
    if row["comment_id"] is not None:
        return one(ctx, AttachmentFile, row["id"], relations=False)
    if row["chat_message_id"] is not None:
        entity_id = (Chat.select(Chat.object_id).join(ChatMessage, on=ChatMessage.chat == Chat.id)
                     .where(ChatMessage.id == row["chat_message_id"]).scalar())
        one(ctx, Entity, entity_id, relations=False)
        return row
    raise PermissionDenied("This file is attached to nothing you may read.")


class AttachmentDownload:
    """GET ``/data/attachment-files/<id>/file/<file_name>`` (the name is the client's, not checked)."""

    def on_get(self, req, resp, attachment_file_id, file_name):
        row = reachable(context(req), attachment_file_id)
        name = (row["name"] or str(row["id"])).encode("ascii", "ignore").decode().replace('"', "")
        resp.set_header("Content-Disposition", f'inline; filename="{name}"')
        send(req, resp, req.context.app.storage, BUCKET, PREFIX, str(row["id"]),
             row["mimetype"] or "application/octet-stream", max_age=MAX_AGE,
             missing="The attachment's file was not found.")


class AttachmentThumbnail:
    """GET ``/pictures/thumbnails/attachment-files/<id>.png``: made on first demand for pictures."""

    def on_get(self, req, resp, attachment_file_id):
        app = req.context.app
        row = reachable(context(req), attachment_file_id)
        name = str(row["id"])
        if app.storage.stat("pictures", "thumbnails", name) is None:
            _make_thumbnail(app, name, row["extension"] or "")
        send(req, resp, app.storage, "pictures", "thumbnails", name, "image/png", max_age=MAX_AGE,
             missing=NO_THUMBNAIL)


def _make_thumbnail(app, name: str, extension: str) -> None:
    if picture_format(settings(app), extension) is None or app.storage.stat(BUCKET, PREFIX, name) is None:
        raise NotFound(NO_THUMBNAIL)
    with tempfile.TemporaryDirectory(dir=tmp_dir(app), prefix="attachment-") as work:
        source = Path(work) / f"source.{extension}"
        app.storage.fetch(BUCKET, PREFIX, name, source)
        try:
            picture = square(app, source, extension, THUMBNAIL_SIZE)
        except ClapboardError as exc:  # a broken or lying picture: no thumbnail, not a client error
            log.info("No thumbnail for attachment %s: %s", name, exc)
            raise NotFound(NO_THUMBNAIL) from exc
        try:
            app.storage.put("pictures", "thumbnails", name, picture)
        finally:
            picture.unlink(missing_ok=True)


def routes() -> list[Route]:
    return [
        Route("/data/attachment-files/{attachment_file_id}/file/{file_name}", AttachmentDownload(), tags=("data",),
              operations={"GET": Operation(summary="Download a file attached to a comment",
                                           content_type="application/octet-stream")}),
        Route("/pictures/thumbnails/attachment-files/{attachment_file_id}.png", AttachmentThumbnail(),
              tags=("pictures",), operations={"GET": Operation(
                  summary="The thumbnail of a picture attached to a comment (150 × 150 PNG)",
                  content_type="image/png")}),
    ]
