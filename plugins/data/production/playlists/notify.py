"""Telling a production's clients that a playlist is ready for their review.

Each client of the production (their role there, or their studio role when
the team gives none; no bots, no preview accounts), narrowed to a studio or
a department when the body names one, gets a ``playlist-ready`` notification
from the actor, announced by ``notification:new``. As in Zou it is for the
production's managers, and it answers ``{"status": "success"}``.
"""

from __future__ import annotations

import uuid

import peewee

from clapboard import Operation, Route

from ...crud.values import parse_id
from ...engine import context, emit, validated
from ...models import DepartmentLink, Notification, Person, ProjectPersonLink
from ...models.base import utcnow
from .access import check_manager, found_playlist

SCHEMA = "data/production/playlists/requests#/$defs/notify_clients"


def clients_of(project_id, studio_id=None, department_id=None) -> list:
    role = peewee.fn.COALESCE(ProjectPersonLink.role, Person.role)
    query = (Person.select(Person.id).join(ProjectPersonLink, on=(ProjectPersonLink.person == Person.id))
             .where(ProjectPersonLink.project == project_id, Person.is_bot != True,  # noqa: E712
                    Person.preview_project_id.is_null(), role == "client"))
    if studio_id is not None:
        query = query.where(Person.studio == studio_id)
    if department_id is not None:
        query = query.where(Person.id.in_(DepartmentLink.select(DepartmentLink.person).where(
            DepartmentLink.department == department_id)))
    return [person for (person,) in query.distinct().tuples()]


def notify_clients(ctx, playlist_id, studio_id=None, department_id=None) -> int:
    playlist = found_playlist(ctx, playlist_id)
    check_manager(ctx, playlist["project_id"])
    author = ctx.actor.id if ctx.actor is not None else None
    if author is None:
        return 0  # a notification names a person as its author
    now = utcnow()
    new = [{"id": uuid.uuid4(), "person": person, "author": author, "notification_type": "playlist-ready",
            "playlist": playlist["id"], "change": False, "read": False, "created_at": now, "updated_at": now}
           for person in clients_of(playlist["project_id"], studio_id, department_id)]
    if new:
        Notification.insert_many(new).execute()
    for row in new:
        emit(ctx, "notification:new", {"notification_id": row["id"], "person_id": row["person"]},
             playlist["project_id"])
    return len(new)


class NotifyClientsResource:
    def on_post(self, req, resp, playlist_id):
        ctx = context(req)
        body = validated(req, SCHEMA)
        notify_clients(ctx, playlist_id, *(parse_id(body[key]) if body.get(key) else None
                                           for key in ("studio_id", "department_id")))
        resp.media = {"status": "success"}


def routes() -> list[Route]:
    return [Route("/data/playlists/{playlist_id}/notify-clients", NotifyClientsResource(), tags=("data",),
                  operations={"POST": Operation(
                      summary="Notify the production's clients that a playlist is ready (managers)",
                      description="`studio_id` or `department_id` keep the clients of one studio or department. "
                                  "Answers 200 `{\"status\": \"success\"}`.",
                      request_schema=SCHEMA, response_schema="data/production/playlists/answers#/$defs/success",
                      status=200, operation_id="notify_clients_playlist_ready")})]
