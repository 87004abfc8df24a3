"""Files on a guest's own comment: attached (multipart, with ``guest_id``) and removed.

The comment must be the guest's own, on a task the link opens, and the link
must allow comments (403 otherwise; 404 for an unknown comment or a file of
another comment). At most ``MAX_FILES`` files per upload, of at most
``MAX_ATTACHMENT_MB`` each (413 beyond). Rows and bytes go through the
studio's path (``attach_files``: the pictures plugin keeps the bytes in the
same transaction); ``comment:update`` and ``attachment-file:delete`` follow.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, PayloadTooLarge

from ..crud.values import parse_id
from ..engine import emit, media
from ..models import AttachmentFile
from ..production.tasks.commenting import attach_files
from ..production.tasks.forms import is_form, read_form
from .access import guest_context, may_comment, open_request
from .comments import ANSWERS, GUEST_QUERY, comment_answer, guest_id_of, own_comment

MAX_ATTACHMENT_MB = 20
MAX_FILES = 5


class SharedCommentAttachments:
    def on_post(self, req, resp, token, comment_id):
        shared = open_request(req, token)
        may_comment(shared)
        if not is_form(req):
            raise BadRequest("Attachments are sent as a multipart form (file parts and 'guest_id').")
        fields, uploads = read_form(req)
        comment, guest = own_comment(shared, comment_id, guest_id_of(req, fields))
        if not uploads:
            raise BadRequest("No file was sent.")
        if len(uploads) > MAX_FILES:
            raise BadRequest(f"At most {MAX_FILES} files at once.")
        if any(upload.size > MAX_ATTACHMENT_MB * 1024 * 1024 for upload in uploads):
            raise PayloadTooLarge(f"A guest's attachment may not exceed {MAX_ATTACHMENT_MB} MB.")
        ctx = guest_context(req.context.app, guest)
        attach_files(ctx, comment["id"], uploads)
        emit(ctx, "comment:update", {"comment_id": comment["id"], "task_id": comment["object_id"]},
             shared.project_id)
        resp.media = comment_answer(comment["id"])
        resp.status = falcon.HTTP_201


class SharedCommentAttachment:
    def on_delete(self, req, resp, token, comment_id, attachment_file_id):
        shared = open_request(req, token)
        may_comment(shared)
        comment, guest = own_comment(shared, comment_id, guest_id_of(req, media(req, {})))
        try:
            attachment_id = parse_id(attachment_file_id)
        except BadRequest as exc:
            raise NotFound(f"AttachmentFile {attachment_file_id} not found.") from exc
        deleted = AttachmentFile.delete().where(AttachmentFile.id == attachment_id,
                                                AttachmentFile.comment == comment["id"]).execute()
        if not deleted:
            raise NotFound(f"AttachmentFile {attachment_file_id} not found on this comment.")
        ctx = guest_context(req.context.app, guest)
        emit(ctx, "attachment-file:delete", {"attachment_file_id": attachment_id}, shared.project_id)
        emit(ctx, "comment:update", {"comment_id": comment["id"], "task_id": comment["object_id"]},
             shared.project_id)
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    base = "/shared/playlists/{token}/comments/{comment_id}/attachments"

    def route(path, resource, operations):
        return Route(path, resource, public=True, cache=False, tags=("shared",), operations=operations)

    return [
        route(base, SharedCommentAttachments(), {
            "POST": Operation(summary="Attach files to a guest's own comment (multipart, with `guest_id`)",
                              description=f"At most {MAX_FILES} files of {MAX_ATTACHMENT_MB} MB each.",
                              request_content_type="multipart/form-data", response_schema=ANSWERS + "comment",
                              status=201, operation_id="add_shared_playlist_comment_attachments")}),
        route(base + "/{attachment_file_id}", SharedCommentAttachment(), {
            "DELETE": Operation(summary="Remove a file from a guest's own comment", parameters=GUEST_QUERY,
                                request_schema="data/shared/guest-action", status=204,
                                operation_id="delete_shared_playlist_comment_attachment")}),
    ]
