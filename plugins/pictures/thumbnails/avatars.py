"""Avatars of persons, projects and the organisation: upload (a 400×400 PNG, the picture fitted
whole and centred, ``images.square``) and download.

An upload is checked, decoded and stored outside any transaction; only then
is ``has_avatar`` set, in a short transaction, so a bad picture or a storage
failure never leaves a row claiming an avatar it does not have. When that
transaction fails, the picture just stored is removed again — unless the row
already had an avatar, which the new one has then replaced.

A new upload replaces the picture under the same name, so it is sent for the
client to revalidate each time (``no-cache`` with its ETag: a 304 costs little)
rather than kept a week as Zou says, which shows an old avatar until it expires.

Who may upload, as Zou: a person's own avatar (admins anybody's), a project's
by its managers, the organisation's by admins. Who may read: anybody logged
in for persons and the organisation; for a project, global managers and the
production's team.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import falcon

from clapboard import Operation, Route
from clapboard.errors import MethodNotAllowed, NotFound
from clapboard.plugins.data.crud import rows
from clapboard.plugins.data.crud.meta import info
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.engine import context, emit, lock, one, require
from clapboard.plugins.data.models import Organisation, Person, Project
from clapboard.plugins.data.models.base import utcnow
from clapboard.transactions import in_transaction

from ..images import square
from ..sending import send
from ..uploads import spool

BUCKET, PREFIX = "pictures", "thumbnails"
MISSING = "This picture was not found: no avatar was uploaded."
EVENTS = {"person:set-thumbnail": "a person's new avatar was stored",
          "project:set-thumbnail": "a project's new picture was stored",
          "organisation:set-thumbnail": "the organisation's new picture was stored"}


@dataclass(frozen=True)
class Kind:
    """One kind of row that carries an avatar."""

    segment: str  # URL segment and Zou's data type ("persons")
    model: type
    upload_verb: str  # data action that allows an upload
    readable: Callable  # (ctx, row_id) -> row, raising 404/403 for those who may not read it

    @property
    def name(self) -> str:  # event prefix: "person"
        return self.segment[:-1]


def _anybody(model):
    def read(ctx, row_id):
        return one(ctx, model, row_id, relations=False)

    return read


def _project_for_reader(ctx, row_id):
    """Zou lets any global manager see a project's picture; others need to reach the project."""

    actor = ctx.actor
    if actor is not None and actor.role in ("admin", "manager"):
        found = rows.fetch_one(info(Project), parse_id(row_id), False, derived_mode=None)
        if found is None:
            raise NotFound(f"Project {row_id} not found.")
        return found
    return one(ctx, Project, row_id, relations=False)


KINDS = {
    "persons": Kind("persons", Person, "change-avatar", _anybody(Person)),
    "projects": Kind("projects", Project, "update", _project_for_reader),
    "organisations": Kind("organisations", Organisation, "update", _anybody(Organisation)),
}


def thumbnail_path(kind: Kind, row_id) -> str:
    return f"pictures/thumbnails/{kind.segment}/{row_id}.png"


class Avatar:
    """GET: the avatar (JSON 404 without one); POST: upload a new one (multipart part ``file``)."""

    def __init__(self, kind: Kind, uploads: bool = True):
        self.kind = kind
        self.uploads = uploads

    def on_get(self, req, resp, instance_id):
        row = self.kind.readable(context(req), instance_id)
        if not row.get("has_avatar"):
            raise NotFound(MISSING)
        send(req, resp, req.context.app.storage, BUCKET, PREFIX, str(row["id"]), "image/png", missing=MISSING)

    def on_post(self, req, resp, instance_id):
        if not self.uploads:  # Zou: project pictures are uploaded on the URL without ".png"
            raise MethodNotAllowed(f"Upload project thumbnails on the url without extension: "
                                   f"/pictures/thumbnails/projects/{instance_id}.")
        ctx = context(req)
        row = one(ctx, self.kind.model, instance_id, relations=False)
        require(ctx, self.kind.model, self.kind.upload_verb, row=row, changes={"has_avatar": True})
        storage = req.context.app.storage
        upload = spool(req)
        try:
            picture = square(req.context.app, upload.path, upload.extension)
            try:
                storage.put(BUCKET, PREFIX, str(row["id"]), picture)
            finally:
                picture.unlink(missing_ok=True)
        finally:
            upload.discard()
        try:
            in_transaction(req, resp, self._record, row_id=row["id"])
        except BaseException:
            if not row.get("has_avatar"):
                storage.delete(BUCKET, PREFIX, str(row["id"]))
            raise

    def _record(self, req, resp, row_id):
        ctx = context(req)
        model = self.kind.model
        lock(model, [row_id])
        changed = model.update(has_avatar=True, updated_at=utcnow()).where(model.id == row_id).execute()
        if not changed:
            raise NotFound(f"{info(model).type_name} {row_id} not found.")
        key = f"{self.kind.name}_id"
        project_id = row_id if model is Project else None
        emit(ctx, f"{self.kind.name}:update", {key: row_id}, project_id)
        emit(ctx, f"{self.kind.name}:set-thumbnail", {key: row_id})
        resp.media = {"thumbnail_path": thumbnail_path(self.kind, row_id)}
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    found = []
    for kind in KINDS.values():
        base = f"/pictures/thumbnails/{kind.segment}/{{instance_id}}"
        for path, uploads in ((base, True), (base + ".png", kind.segment != "projects")):
            operations = {"GET": Operation(summary=f"The avatar of a {kind.name} (PNG)", content_type="image/png")}
            if uploads:
                operations["POST"] = Operation(
                    summary=f"Upload the avatar of a {kind.name}", status=201,
                    request_schema="pictures/upload", request_content_type="multipart/form-data",
                    response_schema="pictures/thumbnail-path",
                    description="Made a 400×400 PNG (the picture fitted whole); `has_avatar` set on the row.")
            else:
                operations["POST"] = Operation(summary="Refused: upload on the URL without .png", status=405)
            found.append(Route(path, Avatar(kind, uploads), tags=("pictures",), operations=operations,
                               transaction=False))
    return found


def forget_avatar(app, person_id: str) -> None:
    """After ``person:clear-avatar`` committed: remove the stored picture, unless a new avatar
    was uploaded since (the row says so again). Removing twice is harmless."""

    with app.db.connection_context():
        has_avatar = Person.select(Person.has_avatar).where(Person.id == parse_id(person_id)).scalar()
    if not has_avatar:
        app.storage.delete(BUCKET, PREFIX, str(parse_id(person_id)))
