"""Engine.IO sessions and their queued packets, in the database so any process answers any poll.

A session row is made by the handshake; the namespace connect fills in who it
is. Packets for a client that cannot go out in the answer to the request that
made them (the reply to a namespace connect arrives on the client's pending
GET, which may be held by another process) wait in ``realtime_packet`` until
that client's next poll takes them.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import defaultdict

import peewee

from clapboard.transactions import ATTEMPTS, retry_kind

from .models import RealtimePacket, RealtimeSession, utcnow


def write(app, work):
    """Run ``work`` in one short transaction, retried like a request's when the database asks for it."""

    for attempt in range(1, ATTEMPTS + 1):
        try:
            with app.transaction():
                return work()
        except Exception as exc:  # noqa: BLE001 - judged by retry_kind, re-raised otherwise
            if retry_kind(exc) != "conflict" or attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.005, 0.02) * attempt)


def new_sid() -> str:
    return secrets.token_urlsafe(15)


def create(token: str | None = None) -> RealtimeSession:
    now = utcnow()
    return RealtimeSession.create(sid=new_sid(), token=token, pinged_at=now, seen_at=now, created_at=now)


def get(sid: str | None) -> RealtimeSession | None:
    if not sid or len(sid) > 40:
        return None
    return RealtimeSession.get_or_none(RealtimeSession.sid == sid)


def update(sid: str, cursor_was: int | None = None, **values) -> int:
    """Change the session; with ``cursor_was``, only if its cursor is still that (answers the rows changed:
    0 when another poll moved it meanwhile, whose events this one must then not send again)."""

    s = RealtimeSession
    where = [s.sid == sid] if cursor_was is None else [s.sid == sid, s.cursor == cursor_was]
    return s.update(**values).where(*where).execute()


def cursors(sids, lock: bool = False) -> dict[str, tuple]:
    """``{sid: (person_id, cursor)}`` of the sessions among ``sids`` still open (rows locked until commit when
    ``lock``: PostgreSQL; SQLite's writer lock, which the transaction holds, already serialises)."""

    s = RealtimeSession
    query = s.select(s.sid, s.person_id, s.cursor).where(s.sid.in_(list(sids)))
    if lock:
        query = query.order_by(s.sid).for_update()  # in one order: two batches never wait on each other
    return {sid: (person, cursor) for sid, person, cursor in query.tuples()}


def move_cursors(moves: dict[str, int], seen_at) -> int:
    """Set many sessions' cursors (and last seen) in one statement: ``UPDATE … SET cursor = CASE sid …``."""

    s = RealtimeSession
    case = peewee.Case(s.sid, [(sid, cursor) for sid, cursor in moves.items()], s.cursor)
    return s.update(cursor=case, seen_at=seen_at).where(s.sid.in_(list(moves))).execute()


def queued(sids) -> set[str]:
    """The sessions among ``sids`` with packets waiting."""

    p = RealtimePacket
    return {row[0] for row in p.select(p.session).where(p.session.in_(list(sids))).distinct().tuples()}


def take_many(sids) -> dict[str, list[str]]:
    """Each session's queued packets, oldest first, removed from the queue (one read, one delete)."""

    p = RealtimePacket
    found = list(p.select(p.id, p.session, p.packet).where(p.session.in_(list(sids))).order_by(p.id).tuples())
    taken = defaultdict(list)
    for _id, sid, packet in found:
        taken[sid].append(packet)
    if found:
        p.delete().where(p.id.in_([row[0] for row in found])).execute()
    return dict(taken)


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
