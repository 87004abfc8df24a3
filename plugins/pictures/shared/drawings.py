"""``PUT /shared/playlists/<token>/annotations``: a guest draws on a preview of the shared playlist.

The same merge as the studio's ``update-annotations`` (frames added, objects
replaced, objects removed), allowed when the link allows comments (403), for
a guest of this link (403) and a preview the link opens (403). The preview
row is answered and ``preview-file:annotation-update`` announced in the
guest's name, as Zou does.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.engine import emit, lock, validated
from clapboard.plugins.data.models import PreviewFile
from clapboard.plugins.data.models.base import utcnow
from clapboard.plugins.data.shared.access import guest_context, guest_of, may_comment, open_request, shared_preview

from ..previews.annotations import merge


class SharedAnnotations:
    def on_put(self, req, resp, token):
        shared = open_request(req, token)
        may_comment(shared, "Annotations")
        body = validated(req, "pictures/shared-annotations")
        guest = guest_of(shared, body["guest_id"])
        preview = shared_preview(shared, body["preview_file_id"])
        lock(PreviewFile, [preview["id"]])
        stored = PreviewFile.select(PreviewFile.annotations).where(PreviewFile.id == preview["id"]).scalar()
        merged = merge(stored, body.get("additions", []), body.get("updates", []), body.get("deletions", []))
        now = utcnow()
        PreviewFile.update(annotations=merged, updated_at=now).where(PreviewFile.id == preview["id"]).execute()
        emit(guest_context(req.context.app, guest), "preview-file:annotation-update",
             {"preview_file_id": preview["id"], "person_id": str(guest),
              "updated_at": now.replace(microsecond=0).isoformat()}, shared.project_id)
        resp.media = rows.fetch_one(info(PreviewFile), preview["id"], False, derived_mode=None)


def routes() -> list[Route]:
    return [Route("/shared/playlists/{token}/annotations", SharedAnnotations(), public=True, tags=("shared",),
                  operations={"PUT": Operation(
                      summary="Add, change and remove a guest's drawings on a preview of the shared playlist",
                      request_schema="pictures/shared-annotations", response_schema="data/preview-files#/$defs/row",
                      operation_id="update_shared_playlist_annotations")})]
