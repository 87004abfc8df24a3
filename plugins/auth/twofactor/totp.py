"""Time-based one-time passwords (RFC 6238, Google Authenticator compatible) with pyotp."""

from __future__ import annotations

import pyotp

from clapboard.plugins.data.models import Person


def verify(person: Person, code) -> bool:
    if not person.totp_secret or not isinstance(code, str):
        return False
    return pyotp.TOTP(person.totp_secret).verify(code.strip(), valid_window=1)
