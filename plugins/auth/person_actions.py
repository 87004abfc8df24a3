"""Admin helpers on someone else's account, under ``/actions/persons/{person_id}/``.

Set a password, turn all second factors off (a lost phone), e-mail an
invitation, or get a reset link to hand over. They are admin-only; the
resources check it themselves until the policy plugin takes over route
permissions. As in Zou, a malformed id is a 400 ``"Malformed ID."`` and an
unknown one a 404.
"""

from __future__ import annotations

from clapboard import Operation, Route
from clapboard.errors import BadRequest, NotFound, PermissionDenied
from clapboard.plugins.data.crud.values import parse_id
from clapboard.plugins.data.models import Person

from . import mail, reset, twofactor
from .settings import settings
from .twofactor.admin import disable_all


def _target(req, person_id: str) -> Person:
    actor = req.context.actor
    if actor is None or actor.role != "admin":
        raise PermissionDenied()
    person = Person.get_or_none(Person.id == parse_id(person_id))
    if person is None:
        raise NotFound("Person not found.")
    return person


def _invitation(app, person: Person, link: str) -> tuple[str, str]:
    conf = settings(app)
    subject = f"You are invited to {conf['fido_rp_name']}"
    site = conf["public_url"].rstrip("/")
    text = (f"Hello {person.first_name},\n\n"
            f"An account was made for you on {site}. Choose your password here to log in:\n\n"
            f"{link}\n\n"
            f"Your login is {person.email}. The link works once, for {conf['reset_token_minutes']} minutes; "
            "ask your administrator for a new invitation if it has expired.\n")
    return subject, text


class ChangePasswordResource:
    def on_post(self, req, resp, person_id):
        app = req.context.app
        person = _target(req, person_id)
        body = app.schemas.validate("auth/person-change-password", req.get_media(default_when_empty=None) or {})
        password = app.passwords.check_new(body["password"], body["password_2"])
        reset.set_password(app, person.id, password)
        resp.media = {"success": True}


class DisableTwoFactorResource:
    def on_delete(self, req, resp, person_id):
        person = _target(req, person_id)
        if not twofactor.enabled_methods(person):
            raise BadRequest("Two factor authentication not enabled for this user.")
        disable_all(person.id)
        resp.media = {"success": True}


class InviteResource:
    def on_get(self, req, resp, person_id):
        app = req.context.app
        person = _target(req, person_id)
        if not person.email:
            raise BadRequest("This person has no e-mail address.")
        with app.transaction():  # a GET is not a unit of work by itself; the token must be kept
            link = reset.issue_link(app, person)
        mail.send(app, person.email, *_invitation(app, person, link))
        resp.media = {"success": True, "message": "Email sent"}


class ResetPasswordLinkResource:
    def on_post(self, req, resp, person_id):
        app = req.context.app
        person = _target(req, person_id)
        resp.media = {"success": True, "link": reset.issue_link(app, person)}


def routes() -> list[Route]:
    auth = {"tags": ("auth",)}
    base = "/actions/persons/{person_id}"
    return [
        Route(f"{base}/change-password", ChangePasswordResource(), **auth, operations={"POST": Operation(
            summary="Set a person's password (admin)", request_schema="auth/person-change-password")}),
        Route(f"{base}/disable-two-factor-authentication", DisableTwoFactorResource(), **auth, operations={
            "DELETE": Operation(summary="Turn off all of a person's second factors (admin)")}),
        Route(f"{base}/invite", InviteResource(), **auth, operations={"GET": Operation(
            summary="E-mail a person an invitation with a link to choose a password (admin)")}),
        Route(f"{base}/reset-password-link", ResetPasswordLinkResource(), **auth, operations={"POST": Operation(
            summary="A single-use password-reset link to hand to a person (admin)")}),
    ]
