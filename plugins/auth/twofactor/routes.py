"""Routes to set up one's second factors: ``/auth/totp``, ``/auth/email-otp``, ``/auth/fido``,
``/auth/recovery-codes`` — Zou's paths, bodies and answer keys.

Each method is prepared (``PUT``: a secret, a mailed code, WebAuthn options),
then confirmed (``POST``, which proves the person holds the factor) and turned
off with ``DELETE`` plus a second-factor proof. The two ``GET`` seed routes are
public because they run during login, before any token exists; they answer the
same way whether the account exists or not.
"""

from __future__ import annotations

from datetime import timedelta

import pyotp

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, Unauthorized
from clapboard.plugins.data.models import Person

from .. import accounts
from ..identity import require_person
from ..resources import from_browser, set_token_cookies
from ..settings import settings
from . import email_otp, enabled_methods, fido, manage, recovery, totp


def _body(req, schema: str | None = None) -> dict:
    body = req.get_media(default_when_empty=None) or {}
    return req.context.app.schemas.validate(schema, body) if schema else body


def _me(req) -> Person:
    person = Person.get_or_none(Person.id == require_person(req.context.actor))
    if person is None:
        raise Unauthorized("Unknown user.")
    return person


def _login_param(req) -> str:
    login = req.get_param("email")
    if not login or not login.strip():
        raise BadRequest("The email parameter is required.", errors=[{"path": "email", "message": "required"}])
    return login


def _enrolled(req, resp, person: Person, codes: list[str] | None) -> dict:
    """The answer to a confirmed method; a token still waiting for 2FA set-up is replaced by a full one."""

    answer: dict = {"success": True}
    if codes:
        answer["otp_recovery_codes"] = codes
    actor = req.context.actor
    if actor.attributes.get("requires_2fa_setup"):
        app = req.context.app
        until = accounts.utcnow() + timedelta(days=settings(app)["refresh_token_days"])
        accounts.revoke(actor.attributes.get("jti"), actor.attributes.get("refresh_jti"), expires_at=until)
        pair = accounts.issue_pair(app, person, browser=from_browser(req))
        answer.update(pair)
        if from_browser(req):
            set_token_cookies(req, resp, pair["access_token"], pair["refresh_token"])
    return answer


def _disable(req, resp, method: str, label: str) -> None:
    """Turn a method off, on proof of a second factor."""

    body = _body(req, "auth/two-factor-proof")
    person = _me(req)
    _refuse_disabled(person, method, label)
    manage.require_proof(req, person, body)
    manage.disable(person, method)
    resp.media = {"success": True}


def _refuse_enabled(person: Person, method: str, label: str) -> None:
    if method in enabled_methods(person):
        raise BadRequest(f"{label} is already enabled.")


def _refuse_disabled(person: Person, method: str, label: str) -> None:
    if method not in enabled_methods(person):
        raise BadRequest(f"{label} is not enabled.")


class TOTPResource:
    def on_put(self, req, resp):
        person = _me(req)
        _refuse_enabled(person, "totp", "TOTP")
        secret = pyotp.random_base32()
        Person.update(totp_secret=secret).where(Person.id == person.id).execute()
        uri = pyotp.TOTP(secret).provisioning_uri(name=person.email or str(person.id),
                                                  issuer_name=settings(req.context.app)["fido_rp_name"])
        resp.media = {"totp_provisionning_uri": uri, "otp_secret": secret}

    def on_post(self, req, resp):
        body = _body(req, "auth/totp")
        person = _me(req)
        _refuse_enabled(person, "totp", "TOTP")
        if not person.totp_secret:
            raise BadRequest("Ask for a TOTP secret first (PUT /auth/totp).")
        if not totp.verify(person, body["totp"]):
            raise BadRequest("The TOTP code is wrong.", wrong_OTP=True)
        resp.media = _enrolled(req, resp, person, manage.enable(person, "totp"))

    def on_delete(self, req, resp):
        _disable(req, resp, "totp", "TOTP")


class EmailOTPResource:
    def on_get(self, req, resp):
        app = req.context.app
        person = accounts.find_by_login(_login_param(req))
        if person is not None and person.active and person.email_otp_enabled and person.email:
            with app.transaction():
                email_otp.send_code(app, person, background=True)
        resp.media = {"success": True}

    def on_put(self, req, resp):
        person = _me(req)
        _refuse_enabled(person, "email_otp", "E-mail OTP")
        if not person.email:
            raise BadRequest("An e-mail address is needed for e-mail one-time codes.")
        person.email_otp_secret = email_otp.new_secret()
        Person.update(email_otp_secret=person.email_otp_secret).where(Person.id == person.id).execute()
        email_otp.send_code(req.context.app, person)
        resp.media = {"success": True}

    def on_post(self, req, resp):
        body = _body(req, "auth/email-otp")
        person = _me(req)
        _refuse_enabled(person, "email_otp", "E-mail OTP")
        if not email_otp.verify(req.context.app, person, body["email_otp"]):
            raise BadRequest("The e-mailed code is wrong or expired.", wrong_OTP=True)
        resp.media = _enrolled(req, resp, person, manage.enable(person, "email_otp"))

    def on_delete(self, req, resp):
        _disable(req, resp, "email_otp", "E-mail OTP")


class FIDOResource:
    def on_get(self, req, resp):
        app = req.context.app
        login = _login_param(req)
        with app.transaction():
            resp.media = fido.authentication_options(app, login)

    def on_put(self, req, resp):
        resp.media = fido.registration_options(req.context.app, _me(req))

    def on_post(self, req, resp):
        body = _body(req, "auth/fido-register")
        person = _me(req)
        fido.register(req.context.app, person, body["registration_response"], body["device_name"])
        resp.media = _enrolled(req, resp, person, manage.enable(person, "fido"))

    def on_delete(self, req, resp):
        body = _body(req, "auth/fido-unregister")
        person = _me(req)
        _refuse_disabled(person, "fido", "FIDO")
        if fido.without_device(person, body["device_name"]) is None:
            raise NotFound("No FIDO device has this name.")
        manage.require_proof(req, person, body)
        person = Person.get_by_id(person.id)  # the proof may have moved a device's counter
        kept = fido.without_device(person, body["device_name"])
        if fido.usable(kept):
            Person.update(fido_credentials=kept).where(Person.id == person.id).execute()
        else:
            manage.disable(person, "fido")
        resp.media = {"success": True}


class RecoveryCodesResource:
    def on_put(self, req, resp):
        body = _body(req, "auth/two-factor-proof")
        person = _me(req)
        if not enabled_methods(person):
            raise BadRequest("Two factor authentication not enabled for this user.")
        manage.require_proof(req, person, body)
        resp.media = {"otp_recovery_codes": recovery.generate(person.id)}


def routes() -> list[Route]:
    auth = {"tags": ("auth",)}
    proof = "auth/two-factor-proof"
    return [
        Route("/auth/totp", TOTPResource(), **auth, operations={
            "PUT": Operation(summary="Pre-enable TOTP: a new secret and its otpauth:// URI"),
            "POST": Operation(summary="Enable TOTP with a code from the app (recovery codes on the first method)",
                              request_schema="auth/totp"),
            "DELETE": Operation(summary="Disable TOTP, with a second-factor proof", request_schema=proof)}),
        Route("/auth/email-otp", EmailOTPResource(), **auth, operations={
            "GET": Operation(summary="E-mail a login code to ?email= (same answer for any address)", public=True),
            "PUT": Operation(summary="Pre-enable e-mail codes: a new secret and a code sent by e-mail"),
            "POST": Operation(summary="Enable e-mail codes with the e-mailed code", request_schema="auth/email-otp"),
            "DELETE": Operation(summary="Disable e-mail codes, with a second-factor proof", request_schema=proof)}),
        Route("/auth/fido", FIDOResource(), **auth, operations={
            "GET": Operation(summary="WebAuthn request options (challenge) for logging in ?email=", public=True),
            "PUT": Operation(summary="WebAuthn creation options to register a new device"),
            "POST": Operation(summary="Register a FIDO device from the browser's answer",
                              request_schema="auth/fido-register"),
            "DELETE": Operation(summary="Unregister a FIDO device, with a second-factor proof",
                                request_schema="auth/fido-unregister")}),
        Route("/auth/recovery-codes", RecoveryCodesResource(), **auth, operations={
            "PUT": Operation(summary="New recovery codes (the old ones stop working), with a second-factor proof",
                             request_schema=proof)}),
    ]
