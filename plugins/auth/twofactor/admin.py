"""Turning second factors off (admin action, CLI)."""

from __future__ import annotations

from clapboard.plugins.data.models import Person


def disable_all(person_id) -> None:
    Person.update(
        totp_enabled=False, totp_secret=None, email_otp_enabled=False, email_otp_secret=None,
        fido_enabled=False, fido_credentials=None, otp_recovery_codes=None,
        preferred_two_factor_authentication=None,
    ).where(Person.id == person_id).execute()
