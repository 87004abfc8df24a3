"""Clearing an avatar: a person's (admins) or the current user's own (persons, not bots).

The person's ``has_avatar`` turns false and ``person:update`` is emitted.
The picture files are not touched here: the ``person:clear-avatar`` event is
the seam for whichever plugin stores pictures to remove them after commit.
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, emit, one, require
from ..models import Person
from ..models.base import utcnow


def clear_avatar(ctx, person_id, verb: str) -> None:
    person = one(ctx, Person, person_id, relations=False)
    require(ctx, Person, verb, row=person)
    Person.update(has_avatar=False, updated_at=utcnow()).where(Person.id == person["id"]).execute()
    emit(ctx, "person:update", {"person_id": person["id"]})
    emit(ctx, "person:clear-avatar", {"person_id": person["id"]})


class PersonAvatar:
    def on_delete(self, req, resp, person_id):
        clear_avatar(context(req), person_id, "clear-avatar")
        resp.status = falcon.HTTP_204


class UserAvatar:
    def on_delete(self, req, resp):
        ctx = context(req)
        clear_avatar(ctx, require_person(ctx), "clear-own-avatar")
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    return [
        Route("/actions/persons/{person_id}/clear-avatar", PersonAvatar(), tags=("data",), operations={
            "DELETE": Operation(summary="Clear a person's avatar", status=204)}),
        Route("/actions/user/clear-avatar", UserAvatar(), tags=("data",), operations={
            "DELETE": Operation(summary="Clear the current user's avatar", status=204)}),
    ]
