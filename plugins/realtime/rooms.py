"""Kitsu's preview rooms: synchronised playlist review, relayed through the journal.

A client that opens a playlist page sends ``preview-room:open-playlist``: if
the person may read the playlist, the session listens to that room from then
on. ``join`` and ``leave`` change the room's people, ``update-playing-status``
its play state (frame, entity, speed, comparison…); annotations, version
changes and pan/zoom are relayed as sent. Each relay is a journal row carrying
the room's id, so it reaches the room's listeners on any process, in order,
like any event (the sender included, as Zou does). The room's state is one
row, rewritten under a row lock on PostgreSQL. Names and shapes are Zou's
(``zou/event_stream.py``); a message about a playlist the person may not read,
or from a session not connected to ``/events``, is dropped.
"""

from __future__ import annotations

import uuid

import orjson

from clapboard.db import is_sqlite
from clapboard.plugins.data.models import Playlist

from . import journal
from .models import RealtimeRoom, RealtimeRoomListener, utcnow

PREFIX = "preview-room:"
RELAYED = ("add-annotation", "remove-annotation", "update-annotation", "change-version", "panzoom-changed",
           "comparison-panzoom-changed")
PLAY_KEYS = ("is_playing", "is_repeating", "is_laser_mode", "handle_in", "handle_out")


def empty_room() -> dict:
    return {"people": [], "is_playing": False, "current_entity_index": None, "current_preview_file_id": None,
            "current_frame": 0, "is_repeating": None, "is_laser_mode": None, "handle_in": None,
            "handle_out": None, "speed": None,
            "comparing": {"enable": False, "task_type": None, "revision": None, "mode": "sidebyside",
                          "comparison_preview_index": 0}}


def _playing(room: dict, data: dict) -> dict:
    for key in PLAY_KEYS:
        room[key] = data.get(key, None if key.startswith("handle") else False)
    room["current_entity_index"] = data.get("current_entity_index")
    for key in ("current_preview_file_id", "current_frame", "comparing", "speed"):
        if key in data:
            room[key] = data[key]
    return room


def _room(app, playlist_id) -> dict:
    """The room's state, its row locked until commit (made empty when missing)."""

    RealtimeRoom.insert(playlist_id=playlist_id, state=orjson.dumps(empty_room()).decode()).on_conflict_ignore().execute()
    query = RealtimeRoom.select(RealtimeRoom.state).where(RealtimeRoom.playlist_id == playlist_id)
    if not is_sqlite(app.db):
        query = query.for_update()
    return orjson.loads(query.scalar())


def _save(playlist_id, room: dict) -> None:
    RealtimeRoom.update(state=orjson.dumps(room).decode(), updated_at=utcnow()).where(
        RealtimeRoom.playlist_id == playlist_id).execute()


def _readable(app, actor, playlist_id) -> bool:
    scope = app.scope(actor, Playlist, "read")
    return Playlist.select().where(Playlist.id == playlist_id, *scope).exists()


def _relay(app, playlist_id, name: str, data: dict) -> None:
    journal.append(app, PREFIX + name, data, room_id=playlist_id)


def handle(app, actor, sid: str, name, data) -> bool:
    """Handle one client-sent event of a connected session; answers whether anything was relayed."""

    if not isinstance(name, str) or not name.startswith(PREFIX) or not isinstance(data, dict):
        return False
    action = name[len(PREFIX):]
    try:
        playlist_id = uuid.UUID(str(data.get("playlist_id")))
    except ValueError:
        return False
    if not _readable(app, actor, playlist_id):
        return False
    person = str(actor.id)
    if action == "open-playlist":
        RealtimeRoomListener.insert(session=sid, playlist_id=playlist_id, person_id=person).on_conflict_ignore().execute()
        _relay(app, playlist_id, "room-people-updated", _room(app, playlist_id))
    elif action == "close-playlist":
        _stop_listening(sid, playlist_id)
    elif action == "join":
        room = _room(app, playlist_id)
        if not room["people"]:
            _playing(room, data)
        room["people"] = sorted(set(room["people"]) | {person})
        _save(playlist_id, room)
        _relay(app, playlist_id, "room-people-updated", room)
    elif action == "leave":
        leave(app, playlist_id, person)
    elif action == "update-playing-status":
        room = _playing(_room(app, playlist_id), data)
        _save(playlist_id, room)
        _relay(app, playlist_id, "room-updated", {"only_newcomer": False, **room})
    elif action in RELAYED:
        _relay(app, playlist_id, action, data)
    else:
        return False
    return True


def leave(app, playlist_id, person: str) -> None:
    room = _room(app, playlist_id)
    room["people"] = [p for p in room["people"] if p != person]
    if room["people"]:
        _save(playlist_id, room)
    else:
        RealtimeRoom.delete().where(RealtimeRoom.playlist_id == playlist_id).execute()
    _relay(app, playlist_id, "room-people-updated", room)


def _stop_listening(sid: str, playlist_id) -> None:
    RealtimeRoomListener.delete().where(RealtimeRoomListener.session == sid,
                                        RealtimeRoomListener.playlist_id == playlist_id).execute()


def session_ends(app, sid: str) -> None:
    """A session that closes or leaves ``/events`` leaves the rooms it listened to (Zou: on disconnect)."""

    rows = list(RealtimeRoomListener.select(RealtimeRoomListener.playlist_id, RealtimeRoomListener.person_id)
                .where(RealtimeRoomListener.session == sid).tuples())
    RealtimeRoomListener.delete().where(RealtimeRoomListener.session == sid).execute()
    for playlist_id, person in sorted(rows, key=lambda r: str(r[0])):
        if RealtimeRoom.select().where(RealtimeRoom.playlist_id == playlist_id).exists():
            leave(app, playlist_id, str(person))


def listened(sid: str) -> set:
    return {row[0] for row in RealtimeRoomListener.select(RealtimeRoomListener.playlist_id)
            .where(RealtimeRoomListener.session == sid).tuples()}


def listened_by(sids) -> dict[str, set]:
    """``{sid: playlists}`` for the sessions among ``sids`` that listen to preview rooms (one query)."""

    found: dict[str, set] = {}
    for sid, playlist_id in (RealtimeRoomListener.select(RealtimeRoomListener.session, RealtimeRoomListener.playlist_id)
                             .where(RealtimeRoomListener.session.in_(list(sids))).tuples()):
        found.setdefault(sid, set()).add(playlist_id)
    return found
