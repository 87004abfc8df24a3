"""Sending the auth plugin's e-mails (one-time codes, reset links, invitations) over SMTP.

Plain ``smtplib`` with the ``smtp_*`` settings: ``smtp_tls`` upgrades the
connection with STARTTLS, port 465 speaks TLS from the start, and a login is
sent only when ``smtp_user`` is set. Callers decide what a failure means: an
authenticated user is told (``send``); an anonymous one is not, and the mail
leaves from a small background pool (``send_in_background``) so that neither
the answer nor its timing reveals whether an account exists.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from clapboard.errors import ServiceUnavailable

from .settings import settings

log = logging.getLogger("clapboard.auth.mail")
TIMEOUT_SECONDS = 15
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class MailError(ServiceUnavailable):
    default_message = "The e-mail could not be sent; check the SMTP settings."


def build(sender: str, to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(text)
    return message


def send(app, to: str, subject: str, text: str) -> None:
    """Send one plain-text e-mail; raise ``MailError`` (503) when the server refuses it."""

    conf = settings(app)
    message = build(conf["smtp_from"], to, subject, text)
    host, port = conf["smtp_host"], conf["smtp_port"]
    try:
        if port == 465:
            smtp = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
        with smtp:
            if conf["smtp_tls"] and port != 465:
                smtp.starttls(context=ssl.create_default_context())
            if conf["smtp_user"]:
                smtp.login(conf["smtp_user"], conf["smtp_password"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.error("sending %r to %s failed: %s", subject, to, exc)
        raise MailError() from exc


def send_quietly(app, to: str, subject: str, text: str) -> bool:
    """``send`` for anonymous requests: a failure is logged, never shown."""

    try:
        send(app, to, subject, text)
    except MailError:
        return False
    return True


def send_in_background(app, to: str, subject: str, text: str) -> None:
    """``send_quietly`` on a worker thread: the request answers without waiting for SMTP."""

    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="clapboard-mail")
    _pool.submit(send_quietly, app, to, subject, text)
