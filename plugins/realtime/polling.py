"""The long-polling transport, stateless in each process: every poll reads its session from the database.

``handshake`` opens a session; ``receive`` handles what a client POSTs (pong,
close, the ``/events`` namespace connect and disconnect); ``poll`` answers a
GET with whatever is due — queued packets, the journal's events past the
session's cursor that this person may read, a ping when one is due — or,
when nothing is, holds the request in the process's hub, whose thread
answers all the polls it holds at once when something commits (``batch.py``),
until the ping falls due. Each step that changes a session is one short
transaction, retried like a request's when the database asks for it; a poll
that changes nothing writes nothing (``seen_at`` at most every ``SEEN_EVERY``).
"""

from __future__ import annotations

from datetime import timedelta

from clapboard.errors import BadRequest

from . import audience, identity, journal, protocol, rooms, sessions
from .hub import Waiter, hub_of
from .models import utcnow
from .sessions import write

MAX_PAYLOAD = 1_000_000  # bytes a client may post at once (Engine.IO's default maxPayload)
SEEN_EVERY = timedelta(seconds=5)  # seen_at is refreshed at most this often (one write less per poll)
UNHELD_WAIT = 5.0  # seconds a poll without a held slot waits for the batch that answers its pending events


def settings_of(app) -> dict:
    return app.config.plugin("realtime")


def handshake(app, req) -> str:
    s = settings_of(app)
    token = identity.handshake_token(req)
    session = write(app, lambda: sessions.create(token))
    return protocol.payload([protocol.open_packet(session.sid, s["ping_interval_seconds"],
                                                  s["ping_timeout_seconds"], MAX_PAYLOAD)])


def known(sid: str | None):
    session = sessions.get(sid)
    if session is None:
        raise BadRequest("Session ID unknown", code=1)
    return session


def receive(app, req, sid: str, body: str) -> bool:
    """Handle a client's posted packets; answers whether a poll may now have something to send."""

    packets = protocol.decode(body)
    session = known(sid)
    replies: list[str] = []
    relayed = False
    changes: dict = {"seen_at": utcnow()}
    for received in packets:
        if received.kind == protocol.CLOSE:
            rooms.session_ends(app, sid)
            sessions.close(sid)
            return True
        if received.kind != protocol.MESSAGE:
            continue  # pong (seen_at is enough), noop, upgrade probes
        message = received.message
        if message.packet_type == protocol.CONNECT:
            replies.append(_connect(app, req, session, message, changes))
        elif message.packet_type == protocol.DISCONNECT and message.namespace == protocol.NAMESPACE:
            rooms.session_ends(app, sid)
            changes.update(person_id=None, socket_sid=None)
        elif message.packet_type == protocol.EVENT and message.namespace == protocol.NAMESPACE:
            relayed = _client_event(app, req, session, message.data) or relayed
        for key in ("person_id", "token"):  # later packets of the same payload see the new state
            if key in changes:
                setattr(session, key, changes[key])
    sessions.update(session.sid, **changes)
    sessions.push(session.sid, replies)
    return bool(replies) or relayed


def _client_event(app, req, session, data) -> bool:
    """A message a connected client sent on ``/events``: only preview-room ones mean something."""

    if session.person_id is None or not isinstance(data, list) or not data:
        return False
    actor = identity.current(app, req, session)
    if actor is None:
        return False
    return rooms.handle(app, actor, session.sid, data[0], data[1] if len(data) > 1 else None)


def _connect(app, req, session, message, changes: dict) -> str:
    """Judge a namespace connect: ``/events`` (the stream), or the default ``/`` that python-socketio
    clients with a handler on it (gazu's ``connect_error``) also join, and which carries nothing."""

    namespace = message.namespace or "/"
    if namespace not in (protocol.NAMESPACE, "/"):
        return protocol.refused(namespace, f"Unknown namespace {namespace}; connect to {protocol.NAMESPACE}.")
    actor, token = identity.connecting(app, req, message.data, session)
    person = identity.person_of(actor)
    if person is None:
        return protocol.refused(namespace, "Authentication is required: log in first.")
    socket_sid = sessions.new_sid()
    if namespace == "/":
        return protocol.connected(namespace, socket_sid)
    changes.update(person_id=person, token=token, socket_sid=socket_sid, cursor=journal.latest_id())
    return protocol.connected(namespace, socket_sid)


def poll(app, req, sid: str) -> str:
    known(sid)
    hub = hub_of(app)
    held = hub.try_hold()
    try:
        while True:
            generation = hub.generation
            packets, wait, waiter = _due(app, req, sid)
            if packets:
                return protocol.payload(packets)
            if wait is None:  # not connected to /events: never worth a held thread
                return protocol.payload([protocol.noop()])
            if waiter is None:  # more to read at once
                continue
            if not held and not waiter.pending:  # every slot taken: answer at once, the client polls again
                return protocol.payload([protocol.noop()])
            if not app.db.is_closed():
                app.db.close()  # back to the pool while waiting: a held poll holds no connection
            answer = hub.hold(waiter, generation, wait if held else UNHELD_WAIT)
            if answer:
                return protocol.payload(answer)
            if not held:
                return protocol.payload([protocol.noop()])
    finally:
        if held:
            hub.release()


def _due(app, req, sid: str) -> tuple[list[str], float | None, Waiter | None]:
    """What the session's client should get now, how long to wait for more when nothing is due
    (``None``: do not wait, the session has not joined ``/events``), and the hub's waiter to hold the poll
    with (``None``: look again at once).

    Unless its ping is due, the events and queued packets of a session on
    ``/events`` are left to the hub's next batch, run at once when some are
    pending (``Waiter.pending``): however many polls, cursors move in one
    write per batch. A poll whose ping is due does it all itself: everything is read
    first, outside any transaction (the person's filtering never runs under
    SQLite's writer lock); only when the session changes — a queued packet
    taken, the cursor moved, a ping sent — does a short transaction write it,
    and only if the cursor is still the one read (else another poll sent
    those events: look again).
    """

    interval = settings_of(app)["ping_interval_seconds"]
    session = sessions.get(sid)
    if session is None:  # closed meanwhile (by its client through another process, or pruned)
        return [protocol.close()], 0, None
    now = utcnow()
    since_ping = (now - session.pinged_at).total_seconds()
    events: list[str] = []
    changes: dict = {}
    more = False
    waiter = None
    if session.person_id is not None:
        actor = identity.current(app, req, session)
        if actor is None:
            return _ended(app, sid), 0, None
        waiter = Waiter(sid, actor, identity.presented_token(req) or session.token, req.path)
        if since_ping < interval:
            waiter.pending = journal.latest_id() > session.cursor or sessions.has_packets(sid)
            if now - session.seen_at >= SEEN_EVERY:
                write(app, lambda: sessions.update(sid, seen_at=now))
            return [], max(0.05, interval - since_ping), waiter
        rows = journal.after(session.cursor)
        more = len(rows) == journal.PAGE  # more are waiting: look again at once
        if rows:
            changes["cursor"] = rows[-1].id
            listened = rooms.listened(sid) if any(row.room_id is not None for row in rows) else frozenset()
            events = [protocol.event(name, data) for name, data in audience.visible(app, actor, rows, listened)]
    if since_ping >= interval:
        changes["pinged_at"] = now
        since_ping = 0
    queued: list[str] = []
    if sessions.has_packets(sid) or changes or now - session.seen_at >= SEEN_EVERY:
        def save():
            if not sessions.update(sid, cursor_was=session.cursor, seen_at=now, **changes):
                return None
            return sessions.take(sid)

        queued = write(app, save)
        if queued is None:
            return [], 0, None
    packets = queued + events + ([protocol.ping()] if "pinged_at" in changes else [])
    if waiter is None:
        return packets, None, None
    return packets, max(0.05, interval - since_ping), None if more else waiter


def _ended(app, sid: str) -> list[str]:
    """End a session whose login no longer holds: its queued packets, then a disconnect and a close."""

    def end():
        queued = sessions.take(sid)
        rooms.session_ends(app, sid)
        sessions.close(sid)
        return queued

    return [*write(app, end), protocol.disconnected(protocol.NAMESPACE), protocol.close()]
