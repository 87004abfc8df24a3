"""The current person's chats: the ones they joined, joining and leaving one.

Like every ``/data/user`` and ``/actions/user`` route of Zou these are for
persons: a bot's token is refused (403). Joining or leaving needs to reach the
entity (``one()``: 404 otherwise) and the policy's ``data.chats.join``.
The list holds the joined chats of open productions whose entity the person
still reaches, each named like Zou names it ("E01 / SQ01 / SH010").
"""

from __future__ import annotations

import falcon

from clapboard import Operation, Route

from ..actors import require_person
from ..engine import context, emit, one, require
from ..models import Chat, ChatParticipant, Entity
from ..production.entities.names import full_name, join_names
from . import chat_rows
from .news import open_projects

ANSWERS = "data/activity/answers#/$defs/"


def my_chats(ctx, person_id) -> list[dict]:
    columns = (Chat.id, Chat.object_id, Chat.last_message, Entity.project, Entity.preview_file_id)
    query = (Chat.select(*columns)
             .join_from(Chat, ChatParticipant, on=(ChatParticipant.chat == Chat.id))
             .join_from(Chat, Entity, on=(Chat.object_id == Entity.id)))
    query = (join_names(query, Entity)
             .where(ChatParticipant.person == person_id, Entity.project.in_(open_projects(ctx)),
                    *ctx.app.scope(ctx.actor, Chat, "read"))
             .order_by(Chat.created_at, Chat.id).tuples())
    found = []
    for chat, entity, last, project, preview, *naming in query:
        name, _ = full_name(*naming)
        found.append({"id": chat, "object_id": entity, "last_message": last, "entity_name": name,
                      "project_id": project, "preview_file_id": preview})
    return found


class UserChatsResource:
    def on_get(self, req, resp):
        ctx = context(req)
        me = require_person(ctx)
        require(ctx, Chat, "read")
        resp.media = my_chats(ctx, me)


class JoinChatResource:
    def on_post(self, req, resp, entity_id):
        ctx = context(req)
        me = require_person(ctx)
        entity = _joinable(ctx, entity_id)
        chat = chat_rows.ensure_chat(entity)
        chat_rows.join(chat, me)
        emit(ctx, "chat:joined", {"chat_id": chat, "person_id": me}, entity["project_id"])
        resp.media = chat_rows.plain_chat(chat)

    def on_delete(self, req, resp, entity_id):
        ctx = context(req)
        me = require_person(ctx)
        entity = _joinable(ctx, entity_id)
        chat = chat_rows.existing_chat_id(entity["id"])
        if chat is not None:
            chat_rows.leave(chat, me)
            emit(ctx, "chat:left", {"chat_id": chat, "person_id": me}, entity["project_id"])
        resp.status = falcon.HTTP_204


def _joinable(ctx, entity_id) -> dict:
    entity = one(ctx, Entity, entity_id, relations=False)
    require(ctx, Chat, "join", row={"object_id": entity["id"], "project_id": entity["project_id"]})
    return entity


def routes() -> list[Route]:
    tags = ("data",)
    return [
        Route("/data/user/chats", UserChatsResource(), tags=tags, operations={"GET": Operation(
            summary="The chats the current person joined, in open productions",
            response_schema=ANSWERS + "user_chats")}),
        Route("/actions/user/chats/{entity_id}/join", JoinChatResource(), tags=tags, operations={
            "POST": Operation(summary="Join an entity's chat", response_schema=ANSWERS + "joined_chat"),
            "DELETE": Operation(summary="Leave an entity's chat", status=204)}),
    ]
