"""Password reset by e-mailed link: ``POST`` / ``PUT /auth/reset-password``.

A reset token is 32 random bytes (URL-safe), stored only as a hash in a
``Challenge`` row for ``reset_token_minutes``, usable once; issuing a new
link voids the person's older ones. The link points at Kitsu's page
``<public_url>/reset-change-password?email=…&token=…``, which sends the token
back with the new password. Asking for a link always gets ``{"success": true}``
and the mail leaves in the background, so the route does not tell whether an
address has an account.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from clapboard import Operation, Route
from clapboard.errors import BadRequest
from clapboard.plugins.data.models import Person

from . import accounts, challenges, mail
from .settings import settings

KIND = "reset-password"
WRONG_TOKEN = "Wrong or expired token."


def issue_link(app, person: Person) -> str:
    """A fresh single-use reset link for the person (older ones stop working)."""

    conf = settings(app)
    token = secrets.token_urlsafe(32)
    challenges.discard(KIND, person.id)
    challenges.store(KIND, token, person.id, conf["reset_token_minutes"])
    query = urlencode({"email": person.email or "", "token": token})
    return f"{conf['public_url'].rstrip('/')}/reset-change-password?{query}"


def reset_mail(app, person: Person, link: str) -> tuple[str, str]:
    conf = settings(app)
    subject = f"{conf['fido_rp_name']}: reset your password"
    text = (f"Hello {person.first_name},\n\n"
            "Someone (hopefully you) asked to reset your password. Choose a new one here:\n\n"
            f"{link}\n\n"
            f"The link works once, for {conf['reset_token_minutes']} minutes. "
            "If you did not ask for it, ignore this e-mail: your password stays as it is.\n")
    return subject, text


def set_password(app, person_id, password: str) -> None:
    """Store a new password, clear the lockout and end every earlier session."""

    accounts.set_password(app, person_id, password)


class ResetPasswordResource:
    def on_post(self, req, resp):
        app = req.context.app
        body = app.schemas.validate("auth/reset-password-request", req.get_media(default_when_empty=None) or {})
        person = accounts.find_by_login(body["email"])
        if person is not None and person.active and person.email:
            link = issue_link(app, person)
            mail.send_in_background(app, person.email, *reset_mail(app, person, link))
        resp.media = {"success": True}

    def on_put(self, req, resp):
        app = req.context.app
        body = app.schemas.validate("auth/reset-password", req.get_media(default_when_empty=None) or {})
        row = challenges.take(KIND, body["token"])
        person = Person.get_or_none(Person.id == row.person_id) if row is not None else None
        email = (body.get("email") or "").strip().lower()
        if person is None or (email and email != (person.email or "").strip().lower()):
            raise BadRequest(WRONG_TOKEN, errors=[{"path": "token", "message": "wrong or expired"}])
        password = app.passwords.check_new(body["password"], body["password2"])
        set_password(app, person.id, password)
        challenges.discard(KIND, person.id)
        resp.media = {"success": True}


def routes() -> list[Route]:
    return [
        Route("/auth/reset-password", ResetPasswordResource(), public=True, tags=("auth",), operations={
            "POST": Operation(summary="E-mail a password-reset link (same answer for any address)",
                              request_schema="auth/reset-password-request"),
            "PUT": Operation(summary="Set a new password with the token of a reset link",
                             request_schema="auth/reset-password")}),
    ]
