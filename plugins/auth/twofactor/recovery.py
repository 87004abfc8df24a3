"""Single-use recovery codes: 16 codes of 10 characters, stored salted and hashed."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

from clapboard.plugins.data.models import Person

ALPHABET = string.ascii_uppercase + string.digits
COUNT = 16
LENGTH = 10


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256((salt + code.strip().upper()).encode()).hexdigest()


def generate(person_id) -> list[str]:
    """New codes for a person (replacing the old ones); the plain codes are returned once."""

    codes = ["".join(secrets.choice(ALPHABET) for _ in range(LENGTH)) for _ in range(COUNT)]
    stored = []
    for code in codes:
        salt = secrets.token_hex(8)
        stored.append(f"{salt}${_digest(salt, code)}")
    Person.update(otp_recovery_codes=stored).where(Person.id == person_id).execute()
    return codes


def consume(person: Person, code) -> bool:
    if not isinstance(code, str) or not person.otp_recovery_codes:
        return False
    remaining = list(person.otp_recovery_codes)
    for entry in remaining:
        salt, _, digest = str(entry).partition("$")
        if hmac.compare_digest(_digest(salt, code), digest):
            remaining.remove(entry)
            Person.update(otp_recovery_codes=remaining).where(Person.id == person.id).execute()
            return True
    return False
