"""One wake of a process's held polls, answered as a batch: an event costs each process, not each listener.

When its hub wakes, a process works for all the polls it holds at once:
``plan`` reads their cursors, the journal past the lowest of them (one
query), which of them have packets queued and, when preview-room relays are
among the rows, the rooms they listen to; it judges each login presented and
each person's audience once (sessions of one person at one cursor share
``audience.visible``'s answer, its rules unchanged). ``commit`` then moves
every cursor that moved and takes the queued packets sent, in one short
transaction: thirty Kitsu tabs cost an event one write, not thirty on
SQLite's single writer. A session that moved only past events it may not
read gets its cursor moved too, and its poll keeps waiting.

The database stays authoritative, so any process may answer any poll: inside
that transaction the cursors are read again (locked on PostgreSQL), and a
session whose cursor another poll moved meanwhile is neither written nor
answered here — its poll looks again by itself (``polling._due``) — so no
event is sent twice or skipped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from clapboard.db import is_sqlite

from . import audience, identity, journal, protocol, rooms, sessions
from .models import utcnow


@dataclass
class Plan:
    """What one held poll gets from this batch. ``cursor`` ``None``: nothing from here, its poll looks again
    by itself (the session closed, left ``/events``, or its login no longer holds)."""

    cursor: int | None = None
    moved_to: int | None = None
    events: list[str] = field(default_factory=list)
    packets: bool = False
    settles: bool = False  # a poll that came with something pending is answered even if that was for others

    @property
    def claims(self) -> bool:
        """The poll is answered by this batch (and leaves the held ones)."""

        return self.cursor is None or bool(self.events) or self.packets or self.settles

    @property
    def writes(self) -> bool:
        return self.cursor is not None and (self.moved_to != self.cursor or self.packets)


def _judged(app, waiter, actors: dict):
    """The waiter's actor, its login judged again (once per token in a batch): nothing is sent after a logout."""

    if waiter.token is None:
        return waiter.actor
    if waiter.token not in actors:
        actors[waiter.token] = identity.by_token(app, waiter.token, waiter.path)
    actor = actors[waiter.token]
    return actor if identity.person_of(actor) == waiter.person_id else None


def plan(app, waiters) -> tuple[dict, bool]:
    """``{waiter: Plan}`` for the held polls with something to send or a cursor to move, and whether the
    journal has more past the page read (the hub then runs another batch at once)."""

    first: dict = {}
    for waiter in waiters:  # two polls of one session (a client that gave up on one): the other waits
        first.setdefault(waiter.sid, waiter)
    known = sessions.cursors(first)
    plans = {w: Plan() for sid, w in first.items() if known.get(sid, (None,))[0] != w.person_id}
    live = {sid: known[sid][1] for sid, w in first.items() if w not in plans}
    if not live:
        return plans, False
    rows = journal.after(min(live.values()))
    ids = [row.id for row in rows]
    queued = sessions.queued(live)
    listened = rooms.listened_by(live) if any(row.room_id is not None for row in rows) else {}
    actors: dict = {}
    decided: dict = {}
    for sid, cursor in live.items():
        waiter = first[sid]
        mine = rows[bisect_right(ids, cursor):]
        if not mine and sid not in queued:
            if waiter.pending:  # another poll took them meanwhile: this one looks again
                plans[waiter] = Plan()
            continue
        actor = _judged(app, waiter, actors)
        if actor is None:
            plans[waiter] = Plan()
            continue
        its_rooms = frozenset(listened.get(sid, ()))
        key = (waiter.person_id, cursor, its_rooms)
        if key not in decided:
            decided[key] = [protocol.event(name, data) for name, data in audience.visible(app, actor, mine, its_rooms)]
        plans[waiter] = Plan(cursor, mine[-1].id if mine else cursor, decided[key], sid in queued, waiter.pending)
    return plans, len(rows) == journal.PAGE


def commit(app, plans: dict) -> dict:
    """Write the ``plans`` that write in one transaction; answers ``{waiter: packets}`` for those it may
    answer (their cursor unchanged since ``plan`` read it)."""

    def work():
        by_sid = {waiter.sid: (waiter, p) for waiter, p in plans.items()}
        now = sessions.cursors(by_sid, lock=not is_sqlite(app.db))
        good = {sid: (w, p) for sid, (w, p) in by_sid.items() if now.get(sid) == (w.person_id, p.cursor)}
        moves = {sid: p.moved_to for sid, (_w, p) in good.items() if p.moved_to != p.cursor}
        if moves:
            sessions.move_cursors(moves, utcnow())
        taken = sessions.take_many([sid for sid, (_w, p) in good.items() if p.packets and p.claims]) \
            if any(p.packets for _w, p in good.values()) else {}
        return {w: taken.get(sid, []) + p.events for sid, (w, p) in good.items() if p.claims}

    return sessions.write(app, work)
