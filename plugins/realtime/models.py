"""The realtime plugin's tables: the event journal, the Engine.IO sessions and their queued packets.

Everything a poll needs lives here rather than in one process's memory, so
any serving process (a ``--workers`` sibling, another host behind a load
balancer) answers any poll of any client:

* ``realtime_event`` — each committed event once, written by ``before_commit``
  inside the change's transaction; its autoincrement ``id`` is the cursor
  clients are served by (``journal.py`` keeps id order equal to commit order).
* ``realtime_session`` — one Engine.IO session: who it is, whether it joined
  ``/events``, the last event id it was sent, when it was last pinged and seen.
* ``realtime_packet`` — packets waiting for the session's next poll (the answer
  to a namespace connect posted to another process, a refusal, a disconnect).
* ``realtime_room`` and ``realtime_room_listener`` — Kitsu's preview rooms
  (synchronised playlist review): each room's state, and the sessions that
  opened its playlist (they get its ``room_id`` journal rows).
"""

from __future__ import annotations

from datetime import datetime, timezone

import peewee

import clapboard


def utcnow() -> datetime:
    """Naive UTC, as the other tables store it."""

    return datetime.now(timezone.utc).replace(tzinfo=None)


class RealtimeEvent(clapboard.Model):
    id = peewee.BigAutoField()
    name = peewee.CharField(max_length=120)
    data = peewee.TextField()  # the payload as JSON text, sent as is
    project_id = peewee.UUIDField(null=True)
    person_id = peewee.UUIDField(null=True)  # the recipient of a personal event (notification:*)
    chat_id = peewee.UUIDField(null=True)  # chat:* events go to the chat's participants
    room_id = peewee.UUIDField(null=True)  # preview-room:* relays go to the room's listeners only
    created_at = peewee.DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "realtime_event"


class RealtimeSession(clapboard.Model):
    sid = peewee.CharField(max_length=40, primary_key=True)
    person_id = peewee.UUIDField(null=True)  # set by the namespace connect
    token = peewee.TextField(null=True)  # the login seen at the handshake or connect, judged on every poll
    socket_sid = peewee.CharField(max_length=40, null=True)  # the /events socket's id once connected
    cursor = peewee.BigIntegerField(default=0)
    pinged_at = peewee.DateTimeField(default=utcnow)
    seen_at = peewee.DateTimeField(default=utcnow, index=True)
    created_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "realtime_session"


class RealtimePacket(clapboard.Model):
    id = peewee.BigAutoField()
    session = peewee.ForeignKeyField(RealtimeSession, on_delete="CASCADE", column_name="sid")
    packet = peewee.TextField()  # one encoded Engine.IO packet

    class Meta:
        table_name = "realtime_packet"


class RealtimeRoom(clapboard.Model):
    playlist_id = peewee.UUIDField(primary_key=True)
    state = peewee.TextField()  # Zou's room dict as JSON: people, is_playing, current frame, comparing…
    updated_at = peewee.DateTimeField(default=utcnow)

    class Meta:
        table_name = "realtime_room"


class RealtimeRoomListener(clapboard.Model):
    session = peewee.ForeignKeyField(RealtimeSession, on_delete="CASCADE", column_name="sid")
    playlist_id = peewee.UUIDField(index=True)
    person_id = peewee.UUIDField()

    class Meta:
        table_name = "realtime_room_listener"
        primary_key = peewee.CompositeKey("session", "playlist_id")


MODELS = [RealtimeEvent, RealtimeSession, RealtimePacket, RealtimeRoom, RealtimeRoomListener]
MIGRATIONS = [clapboard.Migration(1, "realtime event journal, sessions, packets and preview rooms", clapboard.create_models(*MODELS))]
