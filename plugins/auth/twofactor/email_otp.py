"""E-mail one-time codes: 6 digits, valid ``email_otp_minutes``, single use.

Each sent code is ``HOTP(person.email_otp_secret).at(nonce)`` for a random
nonce kept in a ``Challenge`` row that expires after ``email_otp_minutes``.
Compared with a plain time window (``TOTP(secret, interval=…)``) this gives an
exact lifetime, a fresh code for every e-mail, and codes that cannot be
replayed; the secret still binds them to the person, so a leaked challenge
table alone yields no code, and replacing the secret voids pending codes. A new
e-mail replaces the previous code.
"""

from __future__ import annotations

import hmac
import secrets

import pyotp

from clapboard.plugins.data.models import Person

from .. import challenges, mail
from ..settings import settings

KIND = "email-otp"
DIGITS = 6


def new_secret() -> str:
    return pyotp.random_base32()


def _code(secret: str, nonce: int) -> str:
    return pyotp.HOTP(secret, digits=DIGITS).at(nonce)


def send_code(app, person: Person, background: bool = False) -> None:
    """Store a fresh code for the person and e-mail it (``background``: for anonymous requests, see ``mail``)."""

    conf = settings(app)
    minutes = conf["email_otp_minutes"]
    nonce = secrets.randbelow(2**31)
    challenges.store(KIND, str(person.id), person.id, minutes, value=str(nonce))
    code = _code(person.email_otp_secret, nonce)
    subject = f"{conf['fido_rp_name']} login code: {code}"
    text = (f"Hello {person.first_name},\n\n"
            f"Your one-time login code is {code}. It is valid for {minutes} minutes and can be used once.\n\n"
            "If you did not try to log in, change your password: someone may know it.\n")
    (mail.send_in_background if background else mail.send)(app, person.email, subject, text)


def verify(app, person: Person, code) -> bool:
    """Whether ``code`` is the person's pending e-mailed code (consumed when it is)."""

    if not person.email_otp_secret or not isinstance(code, str) or not code.strip():
        return False
    pending = challenges.peek(KIND, str(person.id), person.id)
    if pending is None or not (pending.value or "").isdigit():
        return False
    if not hmac.compare_digest(_code(person.email_otp_secret, int(pending.value)), code.strip()):
        return False
    taken = challenges.take(KIND, str(person.id), person.id)
    return taken is not None and taken.value == pending.value
