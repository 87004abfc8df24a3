"""The bytes of a working file (gazu's ``upload_working_file`` / ``download_working_file``).

Stored in the ``files`` bucket under ``working`` (Zou's place), named by the
working file's id. Downloading needs to reach the working file's task (Zou's
task access: the production's team, vendors on their tasks); uploading needs
to act on it (Zou's task action rule, ``data.tasks.comment``), checked before
the body is read. The upload is streamed to a temporary file and stored
before any transaction opens; the row then records the size in one short
transaction (answered 201 with the row, as Zou). When that fails, a first
upload's object is removed again, so no bytes stay without their row. Once a
working file's deletion commits (``working-file:delete``), its bytes go too.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import NotFound
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import context, lock, masked, one, require
from clapboard.plugins.data.models import Task, WorkingFile
from clapboard.plugins.data.models.base import utcnow
from clapboard.transactions import in_transaction

from .sending import send
from .uploads import spool

BUCKET, PREFIX = "files", "working"


def forget(app, working_file_id) -> None:
    app.storage.delete(BUCKET, PREFIX, str(working_file_id))


def _working_file(ctx, working_file_id, act: bool = False) -> WorkingFile:
    found = WorkingFile.get_or_none(WorkingFile.id == parse_id(working_file_id))
    if found is None or found.task_id is None:
        raise NotFound(f"Working file {working_file_id} not found.")
    task = one(ctx, Task, found.task_id, relations=False)
    if act:
        require(ctx, Task, "comment", row=task)
    return found


class WorkingFileBytes:
    """GET/POST ``/data/working-files/<id>/file``."""

    def on_get(self, req, resp, working_file_id):
        found = _working_file(context(req), working_file_id)
        send(req, resp, req.context.app.storage, BUCKET, PREFIX, str(found.id), "application/octet-stream",
             missing=f"Working file not found for: {found.id}")

    def on_post(self, req, resp, working_file_id):
        found = _working_file(context(req), working_file_id, act=True)
        storage = req.context.app.storage
        upload = spool(req)
        try:
            storage.put(BUCKET, PREFIX, str(found.id), upload.path)
        finally:
            upload.discard()
        try:
            in_transaction(req, resp, self._record, row_id=found.id, size=upload.size)
        except BaseException:
            if found.size is None:
                storage.delete(BUCKET, PREFIX, str(found.id))
            raise

    def _record(self, req, resp, row_id, size):
        lock(WorkingFile, [row_id])
        if not WorkingFile.update(size=size, updated_at=utcnow()).where(WorkingFile.id == row_id).execute():
            raise NotFound(f"Working file {row_id} not found.")
        row = rows.fetch_one(info(WorkingFile), row_id, True, derived_mode="item")
        resp.media = masked(context(req), WorkingFile, [row])[0]
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    return [Route("/data/working-files/{working_file_id}/file", WorkingFileBytes(), tags=("data",), operations={
        "GET": Operation(summary="Download the stored bytes of a working file",
                         content_type="application/octet-stream"),
        "POST": Operation(summary="Store the bytes of a working file (multipart field 'file')",
                          request_schema="pictures/upload", response_schema="data/working-files#/$defs/row",
                          status=201, request_content_type="multipart/form-data")}, transaction=False)]
