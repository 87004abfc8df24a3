"""Time-based one-time passwords (RFC 6238, Google Authenticator compatible) with pyotp.

A code is accepted once: a used code is remembered (hashed) for the time it
stays valid, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import pyotp

from clapboard.plugins.data.models import Person

from .. import challenges

USED = "totp-used"
REMEMBER_MINUTES = 2  # the accepted window: the current 30-second step and its neighbours


def verify(person: Person, code) -> bool:
    if not person.totp_secret or not isinstance(code, str):
        return False
    code = code.strip()
    if not pyotp.TOTP(person.totp_secret).verify(code, valid_window=1):
        return False
    name = f"{person.id}:{code}"
    if challenges.peek(USED, name, person.id) is not None:
        return False
    challenges.store(USED, name, person.id, REMEMBER_MINUTES)
    return True
