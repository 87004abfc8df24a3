"""Engine.IO sessions and their queued packets, in the database so any process answers any poll.

A session row is made by the handshake; the namespace connect fills in who it
is. Packets for a client that cannot go out in the answer to the request that
made them (the reply to a namespace connect arrives on the client's pending
GET, which may be held by another process) wait in ``realtime_packet`` until
that client's next poll takes them.
"""

from __future__ import annotations

import secrets

import peewee

from .models import RealtimePacket, RealtimeSession, utcnow


def new_sid() -> str:
    return secrets.token_urlsafe(15)


def create(token: str | None = None) -> RealtimeSession:
    now = utcnow()
    return RealtimeSession.create(sid=new_sid(), token=token, pinged_at=now, seen_at=now, created_at=now)


def get(sid: str | None) -> RealtimeSession | None:
    if not sid or len(sid) > 40:
        return None
    return RealtimeSession.get_or_none(RealtimeSession.sid == sid)


def update(sid: str, **values) -> None:
    RealtimeSession.update(**values).where(RealtimeSession.sid == sid).execute()


def push(sid: str, packets: list[str]) -> None:
    """Queue encoded Engine.IO packets for the session's next poll."""

    if packets:
        RealtimePacket.insert_many([{"session": sid, "packet": p} for p in packets]).execute()


def has_packets(sid: str) -> bool:
    return RealtimePacket.select().where(RealtimePacket.session == sid).exists()


def take(sid: str) -> list[str]:
    """The session's queued packets, oldest first, removed from the queue."""

    p = RealtimePacket
    found = list(p.select(p.id, p.packet).where(p.session == sid).order_by(p.id).tuples())
    if found:
        p.delete().where(p.session == sid, p.id <= found[-1][0]).execute()
    return [packet for _id, packet in found]


def latest_packet_id() -> int:
    return RealtimePacket.select(peewee.fn.MAX(RealtimePacket.id)).scalar() or 0


def close(sid: str) -> None:
    RealtimePacket.delete().where(RealtimePacket.session == sid).execute()
    RealtimeSession.delete().where(RealtimeSession.sid == sid).execute()


def prune(seen_before) -> int:
    """Close sessions whose client stopped polling (no ping answered within the timeout)."""

    dead = RealtimeSession.select(RealtimeSession.sid).where(RealtimeSession.seen_at < seen_before)
    RealtimePacket.delete().where(RealtimePacket.session.in_(dead)).execute()
    return RealtimeSession.delete().where(RealtimeSession.seen_at < seen_before).execute()
