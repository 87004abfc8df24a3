"""An entity's chat and its messages, as Zou serializes them.

Zou creates an entity's chat the first time anyone looks at it. Reads here
never write: until someone joins or posts, a chat is answered as it would be
created, and its id is derived from the entity's (``chat_id``), so the chat
written later keeps the id already handed out; that insert is idempotent
(``ON CONFLICT DO NOTHING``), so two people joining at once make one chat.
"""

from __future__ import annotations

import uuid

from ..crud import rows
from ..crud.meta import info
from ..engine import many, one
from ..models import AttachmentFile, Chat, ChatMessage, ChatParticipant
from ..models.base import utcnow

CHAT_IDS = uuid.UUID("0c6f4a43-5c1e-4a35-9d0e-2b1f6ad3c7e1")


def chat_id(entity_id) -> uuid.UUID:
    """The id an entity's chat gets when this code creates it."""

    return uuid.uuid5(CHAT_IDS, str(entity_id))


def existing_chat_id(entity_id):
    """The id of the entity's chat if one was written (the oldest, should there be several)."""

    return (Chat.select(Chat.id).where(Chat.object_id == entity_id)
            .order_by(Chat.created_at, Chat.id).scalar())


def chat_of(ctx, entity: dict) -> dict:
    """The entity's chat with its ``participants``, or the one it would get, unwritten."""

    found = many(ctx, Chat, Chat.object_id == entity["id"], order_by=(Chat.created_at, Chat.id), relations=True)
    if found:
        return found[0]
    return {"object_id": entity["id"], "object_type": "entity", "last_message": None, "participants": [],
            "id": chat_id(entity["id"]), "created_at": None, "updated_at": None, "type": "Chat"}


def ensure_chat(entity: dict) -> uuid.UUID:
    """The entity's chat id, writing the chat when it has none yet."""

    found = existing_chat_id(entity["id"])
    if found is not None:
        return found
    now = utcnow()
    new_id = chat_id(entity["id"])
    Chat.insert(id=new_id, object_id=entity["id"], object_type="entity", created_at=now,
                updated_at=now).on_conflict_ignore().execute()
    return new_id


def plain_chat(chat: uuid.UUID) -> dict:
    """A chat's columns (Zou's answer to joining: no participants)."""

    return rows.fetch_one(info(Chat), chat, with_relations=False, derived_mode=None)


def is_participant(chat: uuid.UUID, person_id) -> bool:
    return ChatParticipant.select().where(ChatParticipant.chat == chat, ChatParticipant.person == person_id).exists()


def join(chat: uuid.UUID, person_id) -> None:
    ChatParticipant.insert(chat=chat, person=person_id).on_conflict_ignore().execute()


def leave(chat: uuid.UUID, person_id) -> None:
    ChatParticipant.delete().where(ChatParticipant.chat == chat, ChatParticipant.person == person_id).execute()


def _with_files(messages: list[dict]) -> list[dict]:
    """Each message's ``attachment_files`` as Zou lists them (id, name, extension), one query for all."""

    found: dict = {}
    ids = [m["id"] for m in messages]
    if ids:
        query = (AttachmentFile.select(AttachmentFile.chat_message, AttachmentFile.id, AttachmentFile.name,
                                       AttachmentFile.extension)
                 .where(AttachmentFile.chat_message.in_(ids))
                 .order_by(AttachmentFile.created_at, AttachmentFile.id).tuples())
        for message, file_id, name, extension in query:
            found.setdefault(message, []).append({"id": file_id, "name": name, "extension": extension})
    for message in messages:
        message["attachment_files"] = found.get(message["id"], [])
    return messages


def messages(ctx, chat: uuid.UUID) -> list[dict]:
    """The chat's messages the actor may read, oldest first."""

    return _with_files(many(ctx, ChatMessage, ChatMessage.chat == chat,
                            order_by=(ChatMessage.created_at, ChatMessage.id)))


def message(ctx, message_id, verb: str = "read") -> dict:
    """One message the actor may ``verb`` (404 out of reach), with its files."""

    return _with_files([one(ctx, ChatMessage, message_id, verb, relations=False)])[0]


def plain_message(message_id) -> dict:
    return rows.fetch_one(info(ChatMessage), message_id, with_relations=False, derived_mode=None)
