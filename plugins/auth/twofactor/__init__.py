"""Second factors: TOTP, e-mail one-time codes, FIDO2/WebAuthn devices, recovery codes.

``enabled_methods`` lists what a person has turned on (Zou's names);
``verify_login_proof`` checks the proof sent with ``POST /auth/login``:
``None`` when none was sent, else whether it is valid. A recovery code is
accepted in place of any method and is consumed.
"""

from __future__ import annotations

from clapboard.plugins.data.models import Person


def enabled_methods(person: Person) -> list[str]:
    found = []
    if person.totp_enabled:
        found.append("totp")
    if person.email_otp_enabled:
        found.append("email_otp")
    if person.fido_enabled:
        found.append("fido")
    return found


def verify_login_proof(app, person: Person, body: dict) -> bool | None:
    from . import email_otp, fido, recovery, totp

    if body.get("recovery_code"):
        return recovery.consume(person, body["recovery_code"])
    if body.get("totp") and person.totp_enabled:
        return totp.verify(person, body["totp"])
    if body.get("email_otp") and person.email_otp_enabled:
        return email_otp.verify(app, person, body["email_otp"])
    if body.get("fido_authentication_response") and person.fido_enabled:
        return fido.verify_authentication(app, person, body["fido_authentication_response"])
    if any(body.get(k) for k in ("totp", "email_otp", "fido_authentication_response")):
        return False  # a proof for a method this account has not enabled
    return None
