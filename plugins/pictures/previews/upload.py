"""POST ``/pictures/preview-files/<id>``: the file of a preview (picture, movie or other file).

The route runs outside any transaction (``transaction=False``) because most
of its time goes to the network and to Pillow or ffprobe:

1. read: the preview in the actor's reach and the right to act on its task
   (Zou's task action access, ``data.tasks.comment``);
2. the body is spooled to a temporary file (413 past ``max_upload_mb``) and
   its kind chosen by extension (400 "Wrong file format" otherwise — the row
   is kept, unlike Zou, which deletes it: nothing is lost on a typo);
3. claim (short transaction, ``publish.claim``): one upload per preview;
4. the slow part, outside transactions: picture variants, the movie's intake,
   or the file copied as uploaded;
5. publish (short transaction): the row, the task, the main preview, events.

Any failure after the claim removes what was stored and gives the claim
back, so the row and the storage are as before the upload. Movies are then
handed to the background workers, after the commit.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest
from clapboard.transactions import in_transaction

from ...data.actors import acting_person
from ...data.crud import rows
from ...data.crud.meta import info
from ...data.engine import context, one, require
from ...data.models import PreviewFile, Task
from ..images import store_preview_picture
from ..uploads import spool
from .kinds import kind_of, remove_objects
from .publish import REUPLOAD, claim, publish, release

PREVIEW_ROW = "data/production/tasks/answers#/$defs/preview_file"
_FALSE = ("false", "0", "no", "off")


def check_upload_allowed(ctx, preview_file_id) -> dict:
    """The preview row, when the actor may upload its file (404 out of reach, 403 refused)."""

    preview = one(ctx, PreviewFile, preview_file_id, relations=False)
    if preview["original_name"]:  # refused before the body is read; the claim decides races
        raise BadRequest(REUPLOAD)
    if preview["task_id"] is None:
        raise BadRequest(f"PreviewFile {preview['id']} belongs to no task: no file can be uploaded for it.")
    task = rows.fetch_one(info(Task), preview["task_id"], False, derived_mode=None)
    require(ctx, Task, "comment", row=task, changes={"person_id": acting_person(ctx.actor)})
    return preview


class PreviewFileUpload:
    def on_post(self, req, resp, instance_id):
        ctx = context(req)
        app = ctx.app
        preview = check_upload_allowed(ctx, instance_id)
        preview_id = preview["id"]
        normalize = (req.get_param("normalize") or "true").lower() not in _FALSE
        spooled = spool(req)
        started = None
        try:
            kind = kind_of(app, spooled.extension)
            name = (spooled.stem or spooled.filename)[:250]
            in_transaction(req, resp, claim, preview_id=preview_id, original_name=name,
                           extension=claimed_extension(kind, spooled.extension, preview["extension"]))
            stored = False
            try:
                columns, after, started = _store(app, preview_id, spooled, kind, normalize)
                stored = True
                in_transaction(req, resp, publish, ctx=ctx, preview_id=preview_id, original_name=name,
                               columns=columns, kind=kind, after=after)
            except BaseException:
                try:
                    if stored or kind == "movie":  # a refused picture or file stored nothing
                        remove_objects(app, preview_id)
                finally:  # the claim is given back even when the storage cannot remove anything
                    in_transaction(req, resp, release, preview_id=preview_id, original_name=name,
                                   extension=preview["extension"])
                raise
        finally:
            spooled.discard()
        if started is not None:
            started(app, preview_id)


def claimed_extension(kind: str, extension: str, current: str | None) -> str | None:
    """The extension the row will have: pictures become PNG, files keep theirs, movies are the workers'."""

    return {"picture": "png", "file": extension.lower()}.get(kind, current)


def _store(app, preview_id, spooled, kind: str, normalize: bool):
    """Store the upload as its kind wants; (row columns, hook for the final transaction, hook after it)."""

    if kind == "picture":
        return {**store_preview_picture(app, preview_id, spooled.path, spooled.extension), "status": "ready"}, \
            None, None
    if kind == "movie":
        from ..movies import intake, jobs  # the movie workers' side (ffprobe, ffmpeg)

        return intake.accept_movie(app, preview_id, spooled, normalize), jobs.record_job, jobs.start
    app.storage.put("files", "previews", str(preview_id), spooled.path)
    return {"extension": spooled.extension.lower(), "file_size": spooled.size, "status": "ready"}, None, None


def routes() -> list[Route]:
    return [
        Route("/pictures/preview-files/{instance_id}", PreviewFileUpload(), tags=("pictures",), transaction=False,
              operations={"POST": Operation(
                  summary="Upload the file of a preview (picture, movie or other file)",
                  request_schema="pictures/upload", request_content_type="multipart/form-data",
                  response_schema=PREVIEW_ROW, status=201,
                  description="Pictures become PNG variants (original, previews 1200 px wide, thumbnails "
                              "150×100 and 100×100); movies are probed and transcoded in the background "
                              "(?normalize=false keeps them as uploaded); other files are stored as they "
                              "come. A preview file takes one upload only.")}),
    ]
