"""Events: emitted inside a transaction, delivered after it commits.

``emit`` appends to the buffer of the current unit of work (a request, or an
``app.transaction()`` block in the CLI). Nothing is delivered when the unit
rolls back. Delivery calls the ``on_event`` hook once per event; a failing
handler is logged, never propagated.
"""

from __future__ import annotations

import contextvars
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

log = logging.getLogger("clapboard.events")

_buffer: contextvars.ContextVar[list | None] = contextvars.ContextVar("clapboard_events", default=None)


@dataclass(frozen=True)
class Event:
    name: str
    data: Mapping[str, Any] = field(default_factory=dict)
    actor_id: str | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


@dataclass(frozen=True)
class EventType:
    """An event name a plugin emits, declared through ``register_events``."""

    name: str
    description: str = ""
    plugin: str | None = None


def start_buffer() -> contextvars.Token:
    return _buffer.set([])


def take_buffer(token: contextvars.Token) -> list[Event]:
    events = _buffer.get() or []
    _buffer.reset(token)
    return events


def emit(name: str, data: Mapping[str, Any] | None = None, actor_id: str | None = None) -> Event:
    """Queue an event for delivery after the current unit of work commits."""

    event = Event(name=name, data=dict(data or {}), actor_id=actor_id)
    buffer = _buffer.get()
    if buffer is None:
        raise RuntimeError("events can only be emitted inside a request or app.transaction()")
    buffer.append(event)
    return event


def deliver(app, events: list[Event]) -> None:
    """Hand each event to every ``on_event`` implementation, isolating their failures."""

    impls = app.hook.on_event.get_hookimpls()
    for event in events:
        for impl in impls:
            kwargs = {"app": app, "event": event}
            try:
                impl.function(*[kwargs[name] for name in impl.argnames])
            except Exception:  # a broken listener must not break the request or its peers
                log.exception("on_event of plugin %s failed for %s", impl.plugin_name, event.name,
                              extra={"plugin": impl.plugin_name})
