"""Preview background files: the HDR environment maps of Kitsu's 3D viewer, and their thumbnails.

As Zou: admins upload the ``.hdr`` file onto an existing row (any other
extension is a 400 naming it; unlike Zou, the row is kept), it is stored in
the ``pictures`` bucket under ``preview-backgrounds`` and the row records its
extension, original name and size; ``preview-background-file:update`` and
``:add-file`` follow. Anybody logged in downloads it at
``/pictures/preview-background-files/<id>.<extension>`` (the row's extension
only) and sees its 300 × 200 thumbnail. Once a row's deletion commits, both
files are removed.

Zou tone-maps the map with OpenCV; here ``radiance`` reads it (which also
proves the file is one: a file that is not a readable RGBE map is refused).
Zou has no working upload of a background's thumbnail; here an admin may
replace it with an ordinary picture (PNG, JPEG…), fitted into 300 × 200.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, PayloadTooLarge
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import context, emit, lock, one, require
from clapboard.plugins.data.models import PreviewBackgroundFile
from clapboard.plugins.data.models.base import utcnow
from clapboard.transactions import in_transaction

from ..images import letterbox, open_picture
from ..sending import send
from ..settings import settings, tmp_dir
from ..uploads import spool
from .radiance import TooLarge, tone_mapped

BUCKET, PREFIX, THUMBNAILS = "pictures", "preview-backgrounds", "thumbnails"
EXTENSIONS = {"hdr": "image/vnd.radiance"}
THUMBNAIL = (300, 200)
Row = PreviewBackgroundFile
EVENTS = {"preview-background-file:add-file": "the file of a preview background was stored"}


def _allowed_writer(ctx, row_id) -> dict:
    row = one(ctx, Row, row_id, relations=False)
    require(ctx, Row, "update", row=row, changes={"extension": "hdr"})  # admins, as Zou
    return row


def _png(app, image) -> Path:
    handle = tempfile.NamedTemporaryFile(dir=tmp_dir(app), prefix="background-", suffix=".png", delete=False)
    with handle:
        letterbox(image, THUMBNAIL).save(handle, "PNG")
    return Path(handle.name)


def hdr_thumbnail(app, path: Path) -> Path:
    """The map's 300 × 200 thumbnail as a PNG file (400/413 when the file is not a usable map)."""

    try:
        image = tone_mapped(path, settings(app)["max_image_pixels"])
    except TooLarge as exc:
        raise PayloadTooLarge(f"The HDR file cannot be used: {exc}.") from exc
    except ValueError as exc:
        raise BadRequest(f"The file is not a readable Radiance HDR map: {exc}.") from exc
    return _png(app, image)


def forget_background(app, row_id) -> None:
    """After a background row's deletion committed: its map and thumbnail go too (twice is harmless)."""

    app.storage.delete(BUCKET, PREFIX, str(row_id))
    app.storage.delete(BUCKET, THUMBNAILS, str(row_id))


class BackgroundFile:
    """POST ``/pictures/preview-background-files/<id>``: the map itself (multipart part ``file``)."""

    def on_post(self, req, resp, instance_id):
        app = req.context.app
        row = _allowed_writer(context(req), instance_id)
        name = str(row["id"])
        upload = spool(req)
        try:
            if upload.extension not in EXTENSIONS:
                raise BadRequest(f"Wrong file format, extension: {upload.extension}")
            thumbnail = hdr_thumbnail(app, upload.path)
            try:
                app.storage.put(BUCKET, PREFIX, name, upload.path)
                app.storage.put(BUCKET, THUMBNAILS, name, thumbnail)
            except BaseException:
                if not row["extension"]:
                    app.storage.delete(BUCKET, PREFIX, name)
                raise
            finally:
                thumbnail.unlink(missing_ok=True)
            changes = {"extension": upload.extension, "original_name": upload.stem[:250], "file_size": upload.size}
        finally:
            upload.discard()
        try:
            in_transaction(req, resp, self._record, row_id=row["id"], changes=changes)
        except BaseException:
            if not row["extension"]:  # a first file: nothing may stay behind a row that does not name it
                app.storage.delete(BUCKET, PREFIX, name)
                app.storage.delete(BUCKET, THUMBNAILS, name)
            raise

    @staticmethod
    def _record(req, resp, row_id, changes):
        ctx = context(req)
        lock(Row, [row_id])
        if not Row.update(**changes, updated_at=utcnow()).where(Row.id == row_id).execute():
            raise NotFound(f"PreviewBackgroundFile {row_id} not found.")
        emit(ctx, "preview-background-file:update", {"preview_background_file_id": row_id})
        emit(ctx, "preview-background-file:add-file", {"preview_background_file_id": row_id,
                                                       "extension": changes["extension"]})
        resp.media = rows.fetch_one(info(Row), row_id, False, derived_mode=None)
        resp.status = falcon.HTTP_201


class BackgroundDownload:
    """GET ``/pictures/preview-background-files/<id>.<extension>``: the map, under its own extension only."""

    def on_get(self, req, resp, instance_id, extension):
        row = one(context(req), Row, instance_id, relations=False)
        extension = extension.lower()
        if not row["extension"] or row["extension"] != extension:
            raise NotFound("Preview background file not found.")
        original = f"{row['original_name'] or row['id']}.{extension}".encode("ascii", "ignore").decode()
        resp.set_header("Content-Disposition", f'inline; filename="{original.replace(chr(34), "")}"')
        send(req, resp, req.context.app.storage, BUCKET, PREFIX, str(row["id"]),
             EXTENSIONS.get(extension, "application/octet-stream"), missing="Preview background file not found.")


class BackgroundThumbnail:
    """GET: the background's thumbnail; POST (admins): replace it with an ordinary picture."""

    def on_get(self, req, resp, instance_id):
        row = one(context(req), Row, instance_id, relations=False)
        send(req, resp, req.context.app.storage, BUCKET, THUMBNAILS, str(row["id"]), "image/png",
             missing="This preview background file has no thumbnail.")

    def on_post(self, req, resp, instance_id):
        app = req.context.app
        row = _allowed_writer(context(req), instance_id)
        upload = spool(req)
        try:
            thumbnail = _png(app, open_picture(upload.path, upload.extension, settings(app)))
        finally:
            upload.discard()
        try:
            app.storage.put(BUCKET, THUMBNAILS, str(row["id"]), thumbnail)
        finally:
            thumbnail.unlink(missing_ok=True)
        in_transaction(req, resp, self._record, row_id=row["id"])

    @staticmethod
    def _record(req, resp, row_id):
        emit(context(req), "preview-background-file:update", {"preview_background_file_id": row_id})
        resp.media = {"thumbnail_path": f"pictures/thumbnails/preview-background-files/{row_id}.png"}
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    tags = ("pictures",)
    upload = {"request_schema": "pictures/upload", "request_content_type": "multipart/form-data", "status": 201}
    thumbnail = "/pictures/thumbnails/preview-background-files/{instance_id}.png"
    return [
        Route("/pictures/preview-background-files/{instance_id}", BackgroundFile(), tags=tags, transaction=False,
              operations={"POST": Operation(summary="Upload a preview background file (.hdr)",
                                            response_schema="data/preview-background-files#/$defs/row", **upload)}),
        Route("/pictures/preview-background-files/{instance_id}.{extension}", BackgroundDownload(), tags=tags,
              operations={"GET": Operation(summary="Download a preview background file",
                                           content_type="image/vnd.radiance")}),
        Route(thumbnail, BackgroundThumbnail(), tags=tags, transaction=False, operations={
            "GET": Operation(summary="The thumbnail of a preview background file", content_type="image/png"),
            "POST": Operation(summary="Replace the thumbnail of a preview background file with a picture",
                              response_schema="pictures/thumbnail-path",
                              description="Zou offers no working upload here; this one fits a PNG or JPEG "
                                          "into 300 × 200.", **upload)}),
    ]
