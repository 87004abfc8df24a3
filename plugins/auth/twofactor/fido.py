"""FIDO2 / WebAuthn devices (security keys, passkeys) with the ``webauthn`` package.

A person's devices are ``person.fido_credentials``: a list of
``{"device_name", "credential_id", "public_key", "sign_count"}`` with the
binary values as base64url strings. Every ceremony starts with a random
challenge kept in a ``Challenge`` row for ``CHALLENGE_MINUTES``; the browser's
answer names its challenge in ``clientDataJSON``, which is how the row is
found again, and it is consumed on use, so an answer cannot be replayed.

``authentication_options`` answers any login name (the seed route is public):
for an unknown person, or one without devices, it returns equally well-formed
options whose single credential id is derived from the server secret and the
name, so the answer neither reveals whether an account exists nor changes
between calls; no challenge is stored and no device can answer it.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
from types import SimpleNamespace

from clapboard.errors import BadRequest
from clapboard.plugins.data.models import Person

from .. import accounts, challenges
from ..settings import settings

REGISTER = "fido-register"
LOGIN = "fido-login"
CHALLENGE_MINUTES = 5
TIMEOUT_MS = 2 * 60 * 1000
_LIB: SimpleNamespace | None = None


def _webauthn() -> SimpleNamespace:
    """The ``webauthn`` library, imported at first use (it pulls in several MB no other route needs)."""

    global _LIB
    if _LIB is None:
        import webauthn
        from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
        from webauthn.helpers.exceptions import WebAuthnException
        from webauthn.helpers.structs import PublicKeyCredentialDescriptor

        _LIB = SimpleNamespace(
            generate_authentication_options=webauthn.generate_authentication_options,
            generate_registration_options=webauthn.generate_registration_options,
            options_to_json=webauthn.options_to_json,
            verify_authentication_response=webauthn.verify_authentication_response,
            verify_registration_response=webauthn.verify_registration_response,
            base64url_to_bytes=base64url_to_bytes, bytes_to_base64url=bytes_to_base64url,
            PublicKeyCredentialDescriptor=PublicKeyCredentialDescriptor,
            broken=(WebAuthnException, ValueError, KeyError, TypeError, AttributeError, binascii.Error))
    return _LIB


def usable(stored) -> list[dict]:
    """The devices of a stored list this code can check (entries of another shape are skipped)."""

    return [c for c in (stored or []) if isinstance(c, dict) and c.get("credential_id") and c.get("public_key")]


def credentials(person: Person) -> list[dict]:
    return usable(person.fido_credentials)


def _descriptors(creds: list[dict]) -> list:
    return [_webauthn().PublicKeyCredentialDescriptor(id=_webauthn().base64url_to_bytes(c["credential_id"])) for c in creds]


def _client_challenge(response) -> bytes | None:
    """The challenge the browser signed, read from the answer's ``clientDataJSON``."""

    try:
        client_data = json.loads(_webauthn().base64url_to_bytes(response["response"]["clientDataJSON"]))
        return _webauthn().base64url_to_bytes(client_data["challenge"])
    except _webauthn().broken + (json.JSONDecodeError,):
        return None


def registration_options(app, person: Person) -> dict:
    """``PublicKeyCredentialCreationOptions`` (JSON form) for a new device of the person."""

    conf = settings(app)
    name = person.email or person.desktop_login or str(person.id)
    options = _webauthn().generate_registration_options(
        rp_id=conf["fido_rp_id"], rp_name=conf["fido_rp_name"], user_id=person.id.bytes, user_name=name,
        user_display_name=f"{person.first_name} {person.last_name}".strip() or name,
        exclude_credentials=_descriptors(credentials(person)), timeout=TIMEOUT_MS,
    )
    challenges.store(REGISTER, options.challenge, person.id, CHALLENGE_MINUTES)
    return json.loads(_webauthn().options_to_json(options))


def register(app, person: Person, response: dict, device_name: str) -> dict:
    """Check a registration answer and add the device; ``BadRequest`` when it does not hold."""

    creds = credentials(person)
    if any(c.get("device_name") == device_name for c in creds):
        raise BadRequest("A FIDO device with this name is already registered.",
                         errors=[{"path": "device_name", "message": "already used"}])
    challenge = _client_challenge(response)
    if challenge is None or challenges.take(REGISTER, challenge, person.id) is None:
        raise BadRequest("The FIDO registration challenge is unknown or expired; start the registration again.")
    conf = settings(app)
    try:
        verified = _webauthn().verify_registration_response(
            credential=response, expected_challenge=challenge, expected_rp_id=conf["fido_rp_id"],
            expected_origin=conf["fido_origins"])
    except _webauthn().broken as exc:
        raise BadRequest("The FIDO registration is not valid.", reason=str(exc)) from exc
    credential_id = _webauthn().bytes_to_base64url(verified.credential_id)
    if any(c["credential_id"] == credential_id for c in creds):
        raise BadRequest("This FIDO device is already registered.")
    device = {"device_name": device_name, "credential_id": credential_id,
              "public_key": _webauthn().bytes_to_base64url(verified.credential_public_key),
              "sign_count": verified.sign_count}
    stored = list(person.fido_credentials or []) + [device]
    Person.update(fido_credentials=stored, fido_enabled=True).where(Person.id == person.id).execute()
    return device


def _decoy_id(app, login: str) -> bytes:
    return hmac.new(app.secret_key.encode(), b"fido-decoy:" + login.strip().lower().encode(), hashlib.sha256).digest()


def authentication_options(app, login: str) -> dict:
    """``PublicKeyCredentialRequestOptions`` (JSON form) for the person behind ``login``."""

    person = accounts.find_by_login(login)
    creds = credentials(person) if person is not None and person.active and person.fido_enabled else []
    allow = _descriptors(creds) or [_webauthn().PublicKeyCredentialDescriptor(id=_decoy_id(app, login))]
    options = _webauthn().generate_authentication_options(rp_id=settings(app)["fido_rp_id"], allow_credentials=allow,
                                              timeout=TIMEOUT_MS)
    if creds:
        challenges.store(LOGIN, options.challenge, person.id, CHALLENGE_MINUTES)
    return json.loads(_webauthn().options_to_json(options))


def _same_id(stored: str, given) -> bool:
    try:
        return hmac.compare_digest(_webauthn().base64url_to_bytes(stored), _webauthn().base64url_to_bytes(given))
    except _webauthn().broken:
        return False


def verify_authentication(app, person: Person, response) -> bool:
    """Whether ``response`` is a valid assertion by one of the person's devices.

    The challenge is consumed whatever the outcome; the device's signature
    counter is stored so a cloned authenticator shows up as a counter going back.
    """

    if not isinstance(response, dict):
        return False
    challenge = _client_challenge(response)
    if challenge is None or challenges.take(LOGIN, challenge, person.id) is None:
        return False
    stored = list(person.fido_credentials or [])
    given = response.get("rawId") or response.get("id")
    device = next((c for c in credentials(person) if _same_id(c["credential_id"], given)), None)
    if device is None:
        return False
    conf = settings(app)
    try:
        verified = _webauthn().verify_authentication_response(
            credential=response, expected_challenge=challenge, expected_rp_id=conf["fido_rp_id"],
            expected_origin=conf["fido_origins"], credential_public_key=_webauthn().base64url_to_bytes(device["public_key"]),
            credential_current_sign_count=int(device.get("sign_count") or 0))
    except _webauthn().broken:
        return False
    device["sign_count"] = verified.new_sign_count  # ``device`` is one of ``stored``'s dicts
    Person.update(fido_credentials=stored).where(Person.id == person.id).execute()
    return True


def without_device(person: Person, device_name: str) -> list[dict] | None:
    """The person's devices minus ``device_name``; ``None`` when there is no such device."""

    stored = list(person.fido_credentials or [])
    kept = [c for c in stored if not (isinstance(c, dict) and c.get("device_name") == device_name)]
    return None if len(kept) == len(stored) else kept
