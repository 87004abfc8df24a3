"""Engine.IO v4 / Socket.IO v5 framing, through python-engineio's and python-socketio's packet classes.

Only what the long-polling transport of the ``/events`` namespace needs: the
open packet of the handshake, pings, noops, the namespace's connect, refusal
and disconnect, and events. Binary packets are refused (Kitsu sends none).
"""

from __future__ import annotations

from dataclasses import dataclass

from engineio import packet as eio
from engineio import payload as eio_payload
from socketio import packet as sio

from clapboard.errors import BadRequest

NAMESPACE = "/events"


def _message(packet: sio.Packet) -> str:
    return eio.Packet(eio.MESSAGE, data=packet.encode()).encode()


def open_packet(sid: str, ping_interval: float, ping_timeout: float, max_payload: int) -> str:
    return eio.Packet(eio.OPEN, {"sid": sid, "upgrades": [], "pingInterval": int(ping_interval * 1000),
                                 "pingTimeout": int(ping_timeout * 1000), "maxPayload": max_payload}).encode()


def ping() -> str:
    return eio.Packet(eio.PING).encode()


def noop() -> str:
    return eio.Packet(eio.NOOP).encode()


def close() -> str:
    return eio.Packet(eio.CLOSE).encode()


def connected(namespace: str, socket_sid: str) -> str:
    return _message(sio.Packet(sio.CONNECT, {"sid": socket_sid}, namespace=namespace))


def refused(namespace: str, message: str) -> str:
    return _message(sio.Packet(sio.CONNECT_ERROR, {"message": message}, namespace=namespace))


def disconnected(namespace: str) -> str:
    return _message(sio.Packet(sio.DISCONNECT, namespace=namespace))


def event(name: str, data) -> str:
    return _message(sio.Packet(sio.EVENT, [name, data], namespace=NAMESPACE))


def payload(packets: list[str]) -> str:
    """Several encoded packets as one polling answer (python-engineio's payload encoding)."""

    return eio_payload.Payload(packets=[eio.Packet(encoded_packet=p) for p in packets]).encode()


@dataclass(frozen=True)
class Received:
    """One packet a client posted: an Engine.IO type, and for messages the Socket.IO packet."""

    kind: int
    message: sio.Packet | None = None


def decode(body: str) -> list[Received]:
    """The packets of a polling POST body; 400 on anything malformed or binary."""

    try:
        packets = eio_payload.Payload(encoded_payload=body).packets
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise BadRequest("Malformed Engine.IO payload.") from exc
    found = []
    for packet in packets:
        if packet.binary:
            raise BadRequest("Binary packets are not supported.")
        if packet.packet_type != eio.MESSAGE:
            found.append(Received(packet.packet_type))
            continue
        if not isinstance(packet.data, str):
            raise BadRequest("Malformed Socket.IO packet.")
        try:
            message = sio.Packet(encoded_packet=packet.data)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BadRequest("Malformed Socket.IO packet.") from exc
        if message.attachment_count:
            raise BadRequest("Binary Socket.IO packets are not supported.")
        found.append(Received(eio.MESSAGE, message))
    return found


MESSAGE, CLOSE, PONG = eio.MESSAGE, eio.CLOSE, eio.PONG
CONNECT, DISCONNECT, EVENT = sio.CONNECT, sio.DISCONNECT, sio.EVENT
