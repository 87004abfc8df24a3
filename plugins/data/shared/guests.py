"""``POST /shared/playlists/<token>/guest``: who a reviewer without an account is.

A guest is a person row (``is_guest``, role client, no password: it can never
log in) bound to the link that made it (``data.share_link_id``). Asked again
with the same name through the same link, the same guest answers (201, as
Zou); a ``guest_id`` is honoured only for a guest of this very link (200), so
an id leaked from another link gives a new guest instead of the other
reviewer's identity.
A link makes at most ``MAX_GUESTS`` guests (then 429): a leaked token cannot
fill the studio's people with names.
"""

from __future__ import annotations

import uuid

import falcon

from clapboard import Operation, Route
from clapboard.errors import TooManyRequests

from ..crud import rows
from ..crud.meta import info
from ..engine import validated
from ..models import Person
from ..models.base import utcnow
from .access import guests_of, open_request

MAX_GUESTS = 500
GUEST_KEYS = ("id", "type", "first_name", "last_name", "full_name", "role", "is_guest", "has_avatar", "active",
              "data", "created_at", "updated_at")


def guest_answer(person_id) -> dict:
    row = rows.fetch_one(info(Person), person_id, False, derived_mode=None)
    return {key: row.get(key) for key in GUEST_KEYS}


def _named(guest_ids, first_name: str, last_name: str):
    if not guest_ids:
        return None
    return (Person.select(Person.id).where(Person.id.in_(list(guest_ids)), Person.first_name == first_name,
                                           Person.last_name == last_name).scalar())


class Guest:
    def on_post(self, req, resp, token):
        shared = open_request(req, token)
        body = validated(req, "data/shared/guest")
        mine = guests_of(shared)
        asked = body.get("guest_id")
        if asked and uuid.UUID(asked) in mine:
            resp.media = guest_answer(asked)
            return
        first_name = (body.get("first_name") or "").strip() or "Guest"
        last_name = (body.get("last_name") or "").strip()
        found = _named(mine, first_name, last_name)
        if found is not None:  # Zou answers its "create or retrieve" with a 201 either way
            resp.media = guest_answer(found)
            resp.status = falcon.HTTP_201
            return
        if len(mine) >= MAX_GUESTS:
            raise TooManyRequests(f"This link already has {MAX_GUESTS} guests.")
        now = utcnow()
        guest_id = uuid.uuid4()
        Person.insert(id=guest_id, first_name=first_name, last_name=last_name,
                      email=f"guest-{uuid.uuid4().hex[:12]}@guest.kitsu", role="client", is_guest=True,
                      active=True, data={"share_link_id": str(shared.link["id"])}, created_at=now,
                      updated_at=now).execute()
        resp.media = guest_answer(guest_id)
        resp.status = falcon.HTTP_201


def routes() -> list[Route]:
    return [Route("/shared/playlists/{token}/guest", Guest(), public=True, cache=False, tags=("shared",),
                  operations={"POST": Operation(
                      summary="Create (or find again) the guest identity of a reviewer on a shared playlist",
                      description="`first_name` (default Guest), `last_name`, `guest_id` (a guest of this link "
                                  "to answer again: 200). 201 when created, or found again by name through this link.",
                      request_schema="data/shared/guest", response_schema="data/shared/answers#/$defs/guest",
                      status=201, operation_id="create_shared_playlist_guest")})]
