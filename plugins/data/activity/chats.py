"""An entity's chat: the chat itself, its messages, posting and deleting one.

Whoever reads the entity reads its chat (``one()`` on the entity: 404 out of
reach; messages through ``many()``). Posting needs to have joined the chat
(Zou answers 400 otherwise) and is the policy's ``data.chat-messages.create``
for one's own message; deleting is ``data.chat-messages.delete``: the author
or an admin. A message of another entity's chat is refused (403), as in Zou.
A message may carry files when posted as a multipart form (their rows only:
the file storage is not written yet, as for comment attachments).
"""

from __future__ import annotations

import uuid

import falcon

from clapboard import Operation, Route
from clapboard.errors import BadRequest, PermissionDenied

from ..actors import acting_person
from ..engine import context, emit, one, require
from ..models import AttachmentFile, Chat, ChatMessage, Entity
from ..models.base import utcnow
from ..production.tasks.forms import is_form, read_form
from . import chat_rows

ANSWERS = "data/activity/answers#/$defs/"
MESSAGE_SCHEMA = "data/activity/chat_message"


def _entity(ctx, entity_id) -> dict:
    return one(ctx, Entity, entity_id, relations=False)


def _body(req) -> tuple[str, list]:
    """The message text and the uploaded files (a JSON body or a multipart form)."""

    schemas = req.context.app.schemas
    if is_form(req):
        fields, uploads = read_form(req)
        body = schemas.validate(MESSAGE_SCHEMA, {k: v for k, v in fields.items() if k == "message"})
        return body["message"], uploads
    body = req.get_media(default_when_empty=None)
    return schemas.validate(MESSAGE_SCHEMA, body if body is not None else {})["message"], []


def post_message(ctx, entity: dict, text: str, uploads: list) -> dict:
    author = acting_person(ctx.actor)
    chat = chat_rows.existing_chat_id(entity["id"])
    if author is None or chat is None or not chat_rows.is_participant(chat, author):
        raise BadRequest("You are not a participant of this chat")
    require(ctx, ChatMessage, "create", changes={"chat_id": chat, "person_id": author, "text": text})
    now = utcnow()
    message_id = uuid.uuid4()
    ChatMessage.insert(id=message_id, chat=chat, person=author, text=text, created_at=now, updated_at=now).execute()
    Chat.update(last_message=now, updated_at=now).where(Chat.id == chat).execute()
    files = [{"id": u.id, "name": u.filename[:250], "size": u.size, "extension": u.extension,
              "mimetype": (u.content_type or "")[:255] or None, "chat_message": message_id,
              "created_at": now, "updated_at": now} for u in uploads]
    if files:
        AttachmentFile.insert_many(files).execute()
    for upload in uploads:  # the bytes go to the plugin that keeps them, as for comment attachments
        if upload.path is not None:
            ctx.app.hook.data_store_attachment(app=ctx.app, attachment_id=upload.id, upload=upload)
    emit(ctx, "chat:new-message", {"chat_id": chat, "chat_message_id": message_id,
                                   "last_message": now.isoformat(timespec="seconds")}, entity["project_id"])
    answer = chat_rows.plain_message(message_id)
    if files:
        answer["attachment_files"] = [{"id": f["id"], "name": f["name"], "extension": f["extension"]}
                                      for f in files]
    return answer


def _message_of(ctx, entity: dict, message_id, verb: str) -> dict:
    found = chat_rows.message(ctx, message_id, verb)
    if found["chat_id"] != chat_rows.existing_chat_id(entity["id"]):
        raise PermissionDenied("This message belongs to another chat.")
    return found


class ChatResource:
    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        chat = chat_rows.chat_of(ctx, _entity(ctx, entity_id))
        chat["messages"] = chat_rows.messages(ctx, chat["id"])
        resp.media = chat


class ChatMessagesResource:
    def on_get(self, req, resp, entity_id):
        ctx = context(req)
        entity = _entity(ctx, entity_id)
        chat = chat_rows.existing_chat_id(entity["id"])
        require(ctx, ChatMessage, "read")
        resp.media = chat_rows.messages(ctx, chat) if chat is not None else []

    def on_post(self, req, resp, entity_id):
        ctx = context(req)
        entity = _entity(ctx, entity_id)
        text, uploads = _body(req)
        resp.media = post_message(ctx, entity, text, uploads)
        resp.status = falcon.HTTP_201


class ChatMessageResource:
    def on_get(self, req, resp, entity_id, chat_message_id):
        ctx = context(req)
        resp.media = _message_of(ctx, _entity(ctx, entity_id), chat_message_id, "read")

    def on_delete(self, req, resp, entity_id, chat_message_id):
        ctx = context(req)
        entity = _entity(ctx, entity_id)
        found = _message_of(ctx, entity, chat_message_id, "delete")
        AttachmentFile.delete().where(AttachmentFile.chat_message == found["id"]).execute()
        ChatMessage.delete().where(ChatMessage.id == found["id"]).execute()
        emit(ctx, "chat:deleted-message", {"chat_id": found["chat_id"], "chat_message_id": found["id"]},
             entity["project_id"])
        resp.status = falcon.HTTP_204


def routes() -> list[Route]:
    tags = ("data",)
    base = "/data/entities/{entity_id}/chat"
    return [
        Route(base, ChatResource(), tags=tags, operations={"GET": Operation(
            summary="An entity's chat, its participants and messages",
            description="An entity nobody has joined or written about yet answers the chat it would get.",
            response_schema=ANSWERS + "chat")}),
        Route(base + "/messages", ChatMessagesResource(), tags=tags, operations={
            "GET": Operation(summary="The messages of an entity's chat, oldest first",
                             response_schema=ANSWERS + "chat_messages"),
            "POST": Operation(summary="Post a message in an entity's chat (participants only)",
                              description="A JSON body, or a multipart form with `message` and files.",
                              request_schema=MESSAGE_SCHEMA, response_schema=ANSWERS + "chat_message",
                              status=201)}),
        Route(base + "/messages/{chat_message_id}", ChatMessageResource(), tags=tags, operations={
            "GET": Operation(summary="One message of an entity's chat", response_schema=ANSWERS + "chat_message"),
            "DELETE": Operation(summary="Delete a message of an entity's chat (its author or an admin)",
                                status=204)}),
    ]
