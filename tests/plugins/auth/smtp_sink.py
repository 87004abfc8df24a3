"""A local SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, for mail tests.

Anonymous routes send their mail from a background thread, so ``wait_for``
polls until a message for the address arrives.
"""

from __future__ import annotations

import email
import re
import socket
import threading
import time
from email.message import Message

from aiosmtpd.controller import Controller


class _Collector:
    def __init__(self):
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.collector = _Collector()
        self.port = free_port()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self) -> list[Message]:
        with self.collector.lock:
            return list(self.collector.messages)

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]

    def wait_for(self, address: str, count: int = 1, timeout: float = 5.0) -> Message:
        """The ``count``-th message to ``address``, waiting for it to arrive."""

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found[count - 1]
            time.sleep(0.02)
        raise AssertionError(f"no message #{count} for {address} (got {len(self.to(address))})")


def text_of(message: Message) -> str:
    return message.get_payload(decode=True).decode()


def code_in(message: Message) -> str:
    return re.search(r"\b(\d{6})\b", text_of(message)).group(1)


def link_in(message: Message) -> str:
    return re.search(r"https?://\S+/reset-change-password\?\S+", text_of(message)).group(0)
