"""Turning one's own second factors on and off, and the proof that sensitive changes need.

Enabling the first method also hands out recovery codes (shown once); the
preferred method falls back to another enabled one when it is turned off, and
the recovery codes go when the last method does. Turning a method off or
regenerating recovery codes needs a valid second-factor proof — any enabled
method or a recovery code, in the same keys as ``POST /auth/login`` — so a
stolen access token alone cannot weaken an account. Wrong proofs count as
failed logins: they lead to the same lockout, which stops guessing codes here.
"""

from __future__ import annotations

from clapboard.errors import BadRequest
from clapboard.plugins.data.models import Person

from ..login import is_locked, record_failure
from . import enabled_methods, recovery, verify_login_proof

# method -> (flag column, secret column)
COLUMNS = {
    "totp": ("totp_enabled", "totp_secret"),
    "email_otp": ("email_otp_enabled", "email_otp_secret"),
    "fido": ("fido_enabled", "fido_credentials"),
}


def enable(person: Person, method: str) -> list[str] | None:
    """Switch ``method`` on; ``person`` is the row as it was before. New recovery codes when it is the first."""

    before = enabled_methods(person)
    changes = {COLUMNS[method][0]: True}
    if person.preferred_two_factor_authentication not in before:
        changes["preferred_two_factor_authentication"] = method
    Person.update(**changes).where(Person.id == person.id).execute()
    return None if before else recovery.generate(person.id)


def disable(person: Person, method: str) -> None:
    """Switch ``method`` off and forget its secret (or devices)."""

    flag, secret = COLUMNS[method]
    remaining = [m for m in enabled_methods(person) if m != method]
    changes = {flag: False, secret: None}
    if person.preferred_two_factor_authentication not in remaining:
        changes["preferred_two_factor_authentication"] = remaining[0] if remaining else None
    if not remaining:
        changes["otp_recovery_codes"] = None
    Person.update(**changes).where(Person.id == person.id).execute()


def require_proof(req, person: Person, body: dict) -> None:
    """Refuse (400, Zou's ``missing_OTP`` / ``wrong_OTP`` flags) unless ``body`` proves a second factor."""

    app = req.context.app
    if is_locked(app, person):
        raise BadRequest("Too many failed attempts; try again in a minute.", too_many_failed_login_attemps=True)
    proof = verify_login_proof(app, person, body)
    if proof is None:
        raise BadRequest("A second authentication factor is required.", missing_OTP=True,
                         two_factor_authentication_enabled=enabled_methods(person))
    if proof is False:
        record_failure(person)
        req.context.commit_on_error = True  # the failure counter (and a consumed challenge) must persist
        raise BadRequest("The second authentication factor is wrong.", wrong_OTP=True,
                         two_factor_authentication_enabled=enabled_methods(person))
